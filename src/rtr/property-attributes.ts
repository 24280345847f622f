import { illegalNameReason, type PropertyType, type Tunable } from '../model/index.js';
import type { Diagnostics } from './diagnostic.js';
import type { Token } from './lexer.js';
import type { Assignment, PropertyEntry } from './syntax.js';
import { booleanStatement, checkDescription, readInt, readTunable, singleValue } from './values.js';

/** A value with the token it came from, so later rules can point at it. */
export interface Located<T> {
  readonly value: T;
  readonly at: Token;
}

export type Bound = 'min' | 'max' | 'minLength' | 'maxLength' | 'arrayMinSize' | 'arrayMaxSize';

/** One paramtable entry as written: which attributes it sets, before system/extension rules apply. */
export interface DeclaredProperty {
  readonly open: Token;
  name?: Located<string>;
  extension?: Located<boolean>;
  perNode?: Located<boolean>;
  type?: Located<PropertyType>;
  /** From `ENUM { … }` or `ENUMLIST = …`. */
  enumLiterals?: Located<readonly Token[]>;
  /** The raw DEFAULT values; typed once the property's type is known. */
  default?: Located<readonly Token[]>;
  bounds: Partial<Record<Bound, Located<number>>>;
  tunable?: Located<Tunable>;
  description?: Located<string>;
}

const TYPES: ReadonlyMap<string, PropertyType> = new Map<string, PropertyType>(
  (['INT', 'BOOLEAN', 'STRING', 'STRINGARRAY', 'ENUM'] as const).map((t) => [t, t]),
);

/** Integer attributes by keyword. */
export const BOUND_KEYWORDS: Readonly<Record<string, Bound>> = {
  MIN: 'min', MAX: 'max', MINLENGTH: 'minLength', MAXLENGTH: 'maxLength', ARRAY_MINSIZE: 'arrayMinSize', ARRAY_MAXSIZE: 'arrayMaxSize',
};

const OTHER_ATTRIBUTES = new Set(['PROPERTY', 'EXTENSION', 'PER_NODE', 'DEFAULT', 'TUNABLE', 'DESCRIPTION', 'ENUMLIST']);

/** Resource type keywords, to explain the mistake when one appears inside an entry. */
const RT_KEYWORDS = new Set(['RESOURCE_TYPE', 'VENDOR_ID', 'RT_VERSION', 'RT_DESCRIPTION', 'API_VERSION', 'FAILOVER', 'RT_BASEDIR', 'START', 'STOP']);

/**
 * Reads the attributes of one `{ … }` entry (property_attributes(5)): PROPERTY first, each
 * attribute once, values of the right shape. Returns undefined when the entry names no property.
 */
export function readEntry(entry: PropertyEntry, diags: Diagnostics): DeclaredProperty | undefined {
  const d: DeclaredProperty = { open: entry.open, bounds: {} };
  const [first] = entry.items;
  if (first === undefined) {
    diags.error(entry.open, 'empty property entry: it must start with PROPERTY = name');
    return undefined;
  }
  const nameItem = entry.items.find((a) => a.name.text.toUpperCase() === 'PROPERTY');
  if (nameItem === undefined) diags.error(entry.open, 'property entry has no PROPERTY = name');
  else if (nameItem !== first) diags.error(nameItem.name, `PROPERTY must be the first attribute of an entry, not ${first.name.text}`);

  const seen = new Map<string, Token>();
  for (const item of entry.items) {
    const key = item.name.text.toUpperCase();
    const type = TYPES.get(key);
    const known = type !== undefined || key in BOUND_KEYWORDS || OTHER_ATTRIBUTES.has(key);
    if (!known) {
      const hint = RT_KEYWORDS.has(key) ? ` (${item.name.text} is a resource type property and belongs before the paramtable)` : '';
      diags.error(item.name, `unknown property attribute ${item.name.text}${hint}`);
      continue;
    }
    const seenKey = type !== undefined ? 'TYPE' : key;
    const earlier = seen.get(seenKey);
    if (earlier !== undefined) {
      const sameType = type === undefined || earlier.text.toUpperCase() === key;
      const what = sameType ? `${item.name.text} twice` : `a second type ${item.name.text} (the type is already ${earlier.text.toUpperCase()})`;
      diags.error(item.name, `entry gives ${what}; first at ${earlier.line}:${earlier.column}`);
      continue;
    }
    seen.set(seenKey, item.name);
    if (!item.broken) readAttribute(d, key, type, item, diags);
  }
  return d.name === undefined ? undefined : d;
}

function readAttribute(d: DeclaredProperty, key: string, type: PropertyType | undefined, a: Assignment, diags: Diagnostics): void {
  const at = a.name;
  if (type !== undefined) {
    if (a.hasEquals) diags.error(a.name, `the type ${a.name.text} takes no value`);
    d.type = { value: type, at };
    if (a.enumLiterals !== undefined) setEnumLiterals(d, a.enumLiterals, at, diags);
    return;
  }
  const bound = BOUND_KEYWORDS[key];
  if (bound !== undefined) {
    const v = singleValue(a, diags);
    const n = v === undefined ? undefined : readInt(v, a.name.text, diags);
    if (v !== undefined && n !== undefined) d.bounds[bound] = { value: n, at: v };
    return;
  }
  switch (key) {
    case 'PROPERTY': {
      const v = singleValue(a, diags);
      if (v === undefined) return;
      const why = illegalNameReason(v.text);
      if (why !== undefined) diags.error(v, `property name "${v.text}" ${why}`);
      d.name = { value: v.text, at: v };
      return;
    }
    case 'EXTENSION':
    case 'PER_NODE': {
      const b = booleanStatement(a, diags);
      if (b === undefined) return;
      if (key === 'EXTENSION') d.extension = { value: b, at };
      else d.perNode = { value: b, at };
      return;
    }
    case 'ENUMLIST':
      if (a.values.length === 0) diags.error(a.name, 'ENUMLIST needs at least one literal');
      else setEnumLiterals(d, a.values, at, diags);
      return;
    case 'DEFAULT':
      d.default = { value: a.values, at };
      return;
    case 'TUNABLE': {
      const t = readTunable(a, diags);
      if (t !== undefined) d.tunable = { value: t, at };
      return;
    }
    case 'DESCRIPTION': {
      const v = singleValue(a, diags, true);
      if (v === undefined) return;
      checkDescription(v, 'DESCRIPTION', diags);
      d.description = { value: v.text, at };
      return;
    }
  }
}

function setEnumLiterals(d: DeclaredProperty, literals: readonly Token[], at: Token, diags: Diagnostics): void {
  if (d.enumLiterals !== undefined) {
    diags.error(at, `enum literals are given twice (ENUM { … } and ENUMLIST); first at ${d.enumLiterals.at.line}:${d.enumLiterals.at.column}`);
    return;
  }
  d.enumLiterals = { value: literals, at };
}
