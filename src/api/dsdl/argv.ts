// Parses the argument vector the RGM passes to a callback method (spec §3.1), as scds_initialize does.

/** Bad method arguments; the message is one line naming the offending option. */
export class MethodArgvError extends Error {
  override readonly name = 'MethodArgvError';
}

/** Validate's proposed values (`-c` on create, `-u` on update). */
export interface ValidateArgs {
  readonly mode: 'create' | 'update';
  /** `-r name=value`: system-defined resource properties. */
  readonly resourceProps: Readonly<Record<string, string>>;
  /** `-x name=value`: extension properties. */
  readonly extensionProps: Readonly<Record<string, string>>;
  /** `-g name=value`: resource-group properties. */
  readonly groupProps: Readonly<Record<string, string>>;
  /** `-X name{node}=value`: per-node extension values, property → node → value. */
  readonly perNodeProps: Readonly<Record<string, Readonly<Record<string, string>>>>;
}

export interface MethodArgs {
  readonly resource: string;
  readonly type: string;
  readonly group: string;
  /** `-Z zonename`: only for a Global_zone type serving a non-global zone (scds_get_zone_name). */
  readonly zone?: string;
  readonly validate?: ValidateArgs;
  /** Arguments after the options (a monitor started with extra arguments keeps them). */
  readonly rest: readonly string[];
}

const WITH_VALUE = new Set(['R', 'T', 'G', 'Z', 'r', 'x', 'g', 'X']);

/**
 * `-R res -T type -G group [-Z zone]`, and for Validate `(-c|-u) … [-r p=v]… [-x p=v]… [-g p=v]…
 * [-X p{node}=v]…`. Values may be attached (`-Rweb`) or separate; `--` or the first operand ends the
 * options. Values keep spaces and `=` (the RGM passes each as one argv element).
 */
export function parseMethodArgv(argv: readonly string[]): MethodArgs {
  const single: Record<string, string> = {};
  let mode: 'create' | 'update' | undefined;
  const resourceProps: Record<string, string> = {};
  const extensionProps: Record<string, string> = {};
  const groupProps: Record<string, string> = {};
  const perNodeProps: Record<string, Record<string, string>> = {};
  let i = 0;
  for (; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--') { i++; break; }
    if (!arg.startsWith('-') || arg.length < 2) break;
    const flag = arg.charAt(1);
    if (flag === 'c' || flag === 'u') {
      if (arg.length > 2) throw new MethodArgvError(`unexpected "${arg}"`);
      const m = flag === 'c' ? 'create' : 'update';
      if (mode !== undefined && mode !== m) throw new MethodArgvError('-c and -u cannot be given together');
      mode = m;
      continue;
    }
    if (!WITH_VALUE.has(flag)) throw new MethodArgvError(`unknown option -${flag}`);
    let value = arg.slice(2);
    if (value === '') {
      const next = argv[i + 1];
      if (next === undefined) throw new MethodArgvError(`option -${flag} requires a value`);
      value = next;
      i++;
    }
    if (flag === 'r' || flag === 'x' || flag === 'g' || flag === 'X') {
      const eq = value.indexOf('=');
      if (eq < 1) throw new MethodArgvError(`-${flag} ${value}: expected name=value`);
      const name = value.slice(0, eq);
      const v = value.slice(eq + 1);
      if (flag === 'X') {
        const m = /^([^{}]+)\{([^{}]+)\}$/.exec(name);
        if (!m) throw new MethodArgvError(`-X ${value}: expected name{node}=value`);
        (perNodeProps[m[1] as string] ??= {})[m[2] as string] = v;
      } else {
        (flag === 'r' ? resourceProps : flag === 'x' ? extensionProps : groupProps)[name] = v;
      }
      continue;
    }
    single[flag] = value;
  }
  for (const [flag, what] of [['R', 'resource'], ['T', 'type'], ['G', 'group']] as const) {
    if (single[flag] === undefined || single[flag] === '') throw new MethodArgvError(`-${flag} ${what} is required`);
  }
  const validating = mode !== undefined;
  if (!validating && (Object.keys(resourceProps).length + Object.keys(extensionProps).length + Object.keys(groupProps).length + Object.keys(perNodeProps).length) > 0) {
    throw new MethodArgvError('-r, -x, -g and -X are only passed to Validate (with -c or -u)');
  }
  return {
    resource: single['R'] as string, type: single['T'] as string, group: single['G'] as string,
    ...(single['Z'] === undefined ? {} : { zone: single['Z'] }),
    ...(mode === undefined ? {} : { validate: { mode, resourceProps, extensionProps, groupProps, perNodeProps } }),
    rest: argv.slice(i),
  };
}
