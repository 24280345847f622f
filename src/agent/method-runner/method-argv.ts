import { isAbsolute, join, normalize } from 'node:path';

/** What a Validate call checks: `-c` on create (all properties), `-u` on update (changed ones only). */
export interface ValidateArgs {
  readonly mode: 'create' | 'update';
  /** System-defined resource properties, passed as `-r name=value`. */
  readonly resourceProps: Readonly<Record<string, string>>;
  /** Extension properties, passed as `-x name=value`. */
  readonly extensionProps: Readonly<Record<string, string>>;
  /** Resource-group properties, passed as `-g name=value`. */
  readonly groupProps: Readonly<Record<string, string>>;
  /** Per-node extension values, property → node → value, passed as `-X name{node}=value`. */
  readonly perNodeProps?: Readonly<Record<string, Readonly<Record<string, string>>>>;
}

export interface MethodArgvInput {
  readonly resource: string;
  readonly type: string;
  readonly group: string;
  /** Set only for a Global_zone type serving a resource configured in a non-global zone (spec §3.1). */
  readonly zone?: string;
  /** Present for the Validate method only. */
  readonly validate?: ValidateArgs;
}

/**
 * The argument vector (without the program path) the RGM passes to a callback method, byte for
 * byte as Sun Cluster does (spec §3.1):
 *
 *     -R res -T type -G group [-Z zone]
 *     (-c|-u) -R res -T type -G group [-r p=v]… [-x p=v]… [-g p=v]… [-Z zone] [-X p{node}=v]…
 *
 * Property order within each option kind is the iteration order of the given records, so callers
 * decide it (and it is deterministic for a given input). Values are single argv elements: no shell
 * quoting is involved, spaces and `=` in values reach the method unchanged.
 */
export function methodArgv(input: MethodArgvInput): string[] {
  const ids = ['-R', input.resource, '-T', input.type, '-G', input.group];
  const zone = input.zone === undefined ? [] : ['-Z', input.zone];
  const v = input.validate;
  if (v === undefined) return [...ids, ...zone];
  const pairs = (flag: string, props: Readonly<Record<string, string>>): string[] =>
    Object.entries(props).flatMap(([name, value]) => [flag, `${name}=${value}`]);
  const perNode = Object.entries(v.perNodeProps ?? {}).flatMap(([name, byNode]) =>
    Object.entries(byNode).flatMap(([node, value]) => ['-X', `${name}{${node}}=${value}`]),
  );
  return [
    v.mode === 'create' ? '-c' : '-u',
    ...ids,
    ...pairs('-r', v.resourceProps),
    ...pairs('-x', v.extensionProps),
    ...pairs('-g', v.groupProps),
    ...zone,
    ...perNode,
  ];
}

/** A method path that cannot be made absolute (relative path and no absolute RT_basedir). */
export class MethodPathError extends Error {
  override readonly name = 'MethodPathError';
  constructor(readonly baseDir: string | undefined, readonly methodPath: string) {
    super(`method path "${methodPath}" is relative and RT_basedir ${baseDir === undefined ? 'is not set' : `"${baseDir}" is not absolute`}`);
  }
}

/**
 * The absolute program path for a method declared in an RTR file: an absolute declaration is used
 * as is, a relative one is taken relative to `RT_basedir` (spec §3.1). The result is normalized.
 * Throws MethodPathError when the result would not be absolute.
 */
export function resolveMethodPath(baseDir: string | undefined, methodPath: string): string {
  if (isAbsolute(methodPath)) return normalize(methodPath);
  if (baseDir === undefined || !isAbsolute(baseDir)) throw new MethodPathError(baseDir, methodPath);
  return join(baseDir, methodPath);
}
