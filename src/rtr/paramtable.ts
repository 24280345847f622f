import { illegalNameReason, propertyKey, type PropertySchema, type PropertyType, type PropertyValue } from '../model/index.js';
import type { Diagnostics } from './diagnostic.js';
import { checkBounds, checkDefaultInBounds, typedDefault } from './defaults.js';
import { readEntry, type Bound, type DeclaredProperty } from './property-attributes.js';
import type { Token } from './lexer.js';
import type { PropertyEntry } from './syntax.js';
import { checkSystemOverride, findSystemProperty, isRgmOwned, mayBeExtension, type TypeContext } from './system-properties.js';

/** Which bounds each type keeps in its schema (a misplaced bound is reported, not kept). */
const BOUNDS_OF: Readonly<Record<PropertyType, readonly Bound[]>> = {
  INT: ['min', 'max'],
  STRING: ['minLength', 'maxLength'],
  STRINGARRAY: ['minLength', 'maxLength', 'arrayMinSize', 'arrayMaxSize'],
  BOOLEAN: [],
  ENUM: [],
};

/**
 * The paramtable as schemas, in file order: each system-defined property merged with the
 * type's overrides (under its canonical spelling), each extension property as declared
 * (TUNABLE defaults to ANYTIME). Properties the file does not mention are not added here.
 */
export function readParamtable(entries: readonly PropertyEntry[], ctx: TypeContext, diags: Diagnostics): PropertySchema[] {
  const schemas: PropertySchema[] = [];
  const declaredAt = new Map<string, Token>();
  for (const entry of entries) {
    const d = readEntry(entry, diags);
    if (d?.name === undefined) continue;
    const key = propertyKey(d.name.value);
    const earlier = declaredAt.get(key);
    if (earlier !== undefined) {
      diags.error(d.name.at, `property ${d.name.value} is already declared at ${earlier.line}:${earlier.column}`);
      continue;
    }
    declaredAt.set(key, d.name.at);
    const schema = resolve(d, d.name.value, ctx, diags);
    if (schema !== undefined) schemas.push(schema);
  }
  return schemas;
}

function resolve(d: DeclaredProperty, name: string, ctx: TypeContext, diags: Diagnostics): PropertySchema | undefined {
  if (isRgmOwned(name)) {
    diags.error(d.name?.at ?? d.open, `${name} is a system-defined property owned by the RGM; an RTR file cannot declare it`);
    return undefined;
  }
  const sys = findSystemProperty(name);
  const isExtension = d.extension?.value === true;
  if (sys !== undefined && (!isExtension || !mayBeExtension(name))) {
    if (isExtension && d.extension !== undefined) {
      diags.error(d.extension.at, `${sys.base.name} is a system-defined property and cannot be declared EXTENSION`);
      return undefined;
    }
    const rejected = checkSystemOverride(d, sys, ctx, diags);
    return finish(d, sys.base.name, { ...sys.base }, diags, rejected);
  }
  if (!isExtension) {
    diags.error(d.name?.at ?? d.open, `${name} is not a system-defined property; declare it with EXTENSION and a type`);
    return undefined;
  }
  const type = d.type?.value ?? (d.enumLiterals !== undefined ? 'ENUM' : undefined);
  if (type === undefined) {
    diags.error(d.name?.at ?? d.open, `extension property ${name} needs a type: INT, BOOLEAN, STRING, STRINGARRAY or ENUM { … }`);
    return undefined;
  }
  const enumValues = type === 'ENUM' ? enumLiteralsOf(d, name, diags) : undefined;
  if (type !== 'ENUM' && d.enumLiterals !== undefined) {
    diags.error(d.enumLiterals.at, `enum literals are given for ${type} property ${name}`);
  }
  const base: PropertySchema = {
    name, extension: true, type, ...(enumValues !== undefined ? { enumValues } : {}), tunable: 'ANYTIME', perNode: false,
  };
  return finish(d, name, base, diags);
}

function enumLiteralsOf(d: DeclaredProperty, name: string, diags: Diagnostics): string[] | undefined {
  if (d.enumLiterals === undefined || d.enumLiterals.value.length === 0) {
    diags.error(d.enumLiterals?.at ?? d.type?.at ?? d.open, `ENUM property ${name} needs its literals: ENUM { a, b }`);
    return undefined;
  }
  const seen = new Set<string>();
  for (const lit of d.enumLiterals.value) {
    const why = illegalNameReason(lit.text);
    if (why !== undefined) diags.error(lit, `enum literal "${lit.text}" of ${name} ${why}`);
    if (seen.has(lit.text.toLowerCase())) diags.error(lit, `enum literal ${lit.text} of ${name} is listed twice`);
    seen.add(lit.text.toLowerCase());
  }
  return d.enumLiterals.value.map((t) => t.text);
}

/** Applies the entry's overrides to `base` in a fixed field order, then checks bounds and the default. */
function finish(
  d: DeclaredProperty, name: string, base: PropertySchema, diags: Diagnostics, rejected: ReadonlySet<Bound> = new Set(),
): PropertySchema | undefined {
  const type = base.type;
  let value: PropertyValue | undefined = base.default;
  if (d.default !== undefined) value = typedDefault(name, type, base.enumValues, d.default, diags);
  // A bound that does not fit the type, or that was rejected (already reported), is not kept.
  const bound = (b: Bound): number | undefined =>
    (BOUNDS_OF[type].includes(b) ? (rejected.has(b) ? undefined : d.bounds[b]?.value) ?? base[b] : undefined);
  const perNode = d.perNode?.value === true && base.extension;
  const description = d.description?.value ?? base.description;
  const schema: PropertySchema = {
    name,
    extension: base.extension,
    type,
    ...(base.enumValues !== undefined ? { enumValues: base.enumValues } : {}),
    ...(value !== undefined ? { default: value } : {}),
    ...optional('min', bound('min')),
    ...optional('max', bound('max')),
    ...optional('minLength', bound('minLength')),
    ...optional('maxLength', bound('maxLength')),
    ...optional('arrayMinSize', bound('arrayMinSize')),
    ...optional('arrayMaxSize', bound('arrayMaxSize')),
    tunable: d.tunable?.value ?? base.tunable,
    perNode,
    ...(description !== undefined && base.extension ? { description } : {}),
  };
  const boundsAgree = checkBounds(name, type, d, schema, diags);
  if (boundsAgree && (d.default === undefined || value !== undefined)) checkDefaultInBounds(name, schema, d, diags);
  if (perNode && d.perNode !== undefined) {
    if (d.default === undefined) diags.error(d.perNode.at, `PER_NODE property ${name} needs a DEFAULT`);
    if (type === 'STRINGARRAY') diags.error(d.perNode.at, `PER_NODE is not allowed on STRINGARRAY property ${name}`);
  }
  return schema;
}

const optional = <K extends string>(key: K, v: number | undefined): { [P in K]?: number } =>
  (v === undefined ? {} : { [key]: v }) as { [P in K]?: number };
