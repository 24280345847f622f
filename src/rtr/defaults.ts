import { illegalValueReason, type PropertySchema, type PropertyType, type PropertyValue } from '../model/index.js';
import type { Diagnostics, Pos } from './diagnostic.js';
import type { Token } from './lexer.js';
import type { Bound, DeclaredProperty, Located } from './property-attributes.js';
import { readInt } from './values.js';

/**
 * The typed DEFAULT of a `type` property: INT → number, BOOLEAN → boolean, ENUM → the declared
 * spelling of the literal, STRING → string, STRINGARRAY → string[] (`DEFAULT = ;` and
 * `DEFAULT = "";` are the empty list). NULL/"" is not a default for BOOLEAN, ENUM or INT.
 * Undefined after reporting a problem.
 */
export function typedDefault(
  name: string, type: PropertyType, enumValues: readonly string[] | undefined, def: Located<readonly Token[]>, diags: Diagnostics,
): PropertyValue | undefined {
  const values = def.value;
  const isEmpty = values.length === 0 || (values.length === 1 && values[0]?.text === '');
  if (type === 'STRINGARRAY') {
    if (isEmpty) return [];
    let good = true;
    for (const v of values) {
      const why = v.text === '' ? 'list elements must not be empty' : illegalValueReason(v.text, false);
      if (why !== undefined) {
        diags.error(v, `DEFAULT of ${name}: ${why}`);
        good = false;
      }
    }
    return good ? values.map((v) => v.text) : undefined;
  }
  const [first, second] = values;
  if (second !== undefined) {
    diags.error(second, `DEFAULT of ${type} property ${name} takes one value, not a list`);
    return undefined;
  }
  if (first === undefined || first.text === '') {
    if (type === 'STRING') return '';
    diags.error(first ?? def.at, `DEFAULT of ${type} property ${name} cannot be empty (NULL or "" is not allowed for BOOLEAN, ENUM and INT)`);
    return undefined;
  }
  switch (type) {
    case 'INT':
      return readInt(first, `DEFAULT of ${name}`, diags);
    case 'BOOLEAN': {
      const upper = first.text.toUpperCase();
      if (upper === 'TRUE' || upper === 'FALSE') return upper === 'TRUE';
      diags.error(first, `DEFAULT of BOOLEAN property ${name} must be TRUE or FALSE, not "${first.text}"`);
      return undefined;
    }
    case 'ENUM': {
      const found = enumValues?.find((e) => e.toLowerCase() === first.text.toLowerCase());
      if (found === undefined && enumValues !== undefined) {
        diags.error(first, `DEFAULT "${first.text}" of ${name} is not one of its literals ${enumValues.join(', ')}`);
      }
      return found;
    }
    case 'STRING': {
      const why = illegalValueReason(first.text, true);
      if (why !== undefined) diags.error(first, `DEFAULT of ${name} ${why}`);
      return why === undefined ? first.text : undefined;
    }
  }
}

const BOUND_NAMES: Readonly<Record<Bound, string>> = {
  min: 'MIN', max: 'MAX', minLength: 'MINLENGTH', maxLength: 'MAXLENGTH', arrayMinSize: 'ARRAY_MINSIZE', arrayMaxSize: 'ARRAY_MAXSIZE',
};

/** The property types each bound applies to. */
const BOUND_TYPES: Readonly<Record<Bound, readonly PropertyType[]>> = {
  min: ['INT'], max: ['INT'], minLength: ['STRING', 'STRINGARRAY'], maxLength: ['STRING', 'STRINGARRAY'],
  arrayMinSize: ['STRINGARRAY'], arrayMaxSize: ['STRINGARRAY'],
};

/**
 * Reports bounds that do not fit the type, negative lengths and sizes, and lower bounds above
 * upper ones. Returns false when a lower bound exceeds its upper bound (no default can fit).
 */
export function checkBounds(name: string, type: PropertyType, d: DeclaredProperty, schema: PropertySchema, diags: Diagnostics): boolean {
  for (const [bound, located] of Object.entries(d.bounds) as [Bound, Located<number>][]) {
    if (!BOUND_TYPES[bound].includes(type)) {
      diags.error(located.at, `${BOUND_NAMES[bound]} does not apply to ${type} property ${name} (only to ${BOUND_TYPES[bound].join(' and ')})`);
    } else if (bound !== 'min' && bound !== 'max' && located.value < 0) {
      diags.error(located.at, `${BOUND_NAMES[bound]} of ${name} must not be negative`);
    }
  }
  const pairs: [Bound, Bound][] = [['min', 'max'], ['minLength', 'maxLength'], ['arrayMinSize', 'arrayMaxSize']];
  let agree = true;
  for (const [lo, hi] of pairs) {
    const low = schema[lo];
    const high = schema[hi];
    if (low !== undefined && high !== undefined && low > high) {
      const at = d.bounds[hi]?.at ?? d.bounds[lo]?.at ?? d.open;
      diags.error(at, `${BOUND_NAMES[lo]} ${low} of ${name} is greater than its ${BOUND_NAMES[hi]} ${high}`);
      agree = false;
    }
  }
  return agree;
}

/**
 * Reports a default (declared, or inherited from a system-defined property) that its bounds
 * exclude. Points at the DEFAULT when one was declared, else at the bound that excludes it.
 */
export function checkDefaultInBounds(name: string, schema: PropertySchema, d: DeclaredProperty, diags: Diagnostics): void {
  const value = schema.default;
  if (value === undefined) return;
  const declared = d.default?.value[0] ?? d.default?.at;
  const where = (bound: Bound): Pos => declared ?? d.bounds[bound]?.at ?? d.open;
  const origin = declared === undefined ? 'inherited DEFAULT' : 'DEFAULT';
  if (typeof value === 'number') {
    if (schema.min !== undefined && value < schema.min) diags.error(where('min'), `${origin} ${value} of ${name} is below its MIN ${schema.min}`);
    if (schema.max !== undefined && value > schema.max) diags.error(where('max'), `${origin} ${value} of ${name} is above its MAX ${schema.max}`);
  }
  const strings = typeof value === 'string' ? [value] : Array.isArray(value) ? (value as readonly string[]) : [];
  for (const s of strings) {
    if (schema.minLength !== undefined && s.length < schema.minLength) {
      diags.error(where('minLength'), `${origin} "${s}" of ${name} is shorter than its MINLENGTH ${schema.minLength}`);
    }
    if (schema.maxLength !== undefined && s.length > schema.maxLength) {
      diags.error(where('maxLength'), `${origin} "${s}" of ${name} is longer than its MAXLENGTH ${schema.maxLength}`);
    }
  }
  if (Array.isArray(value)) {
    if (schema.arrayMinSize !== undefined && value.length < schema.arrayMinSize) {
      diags.error(where('arrayMinSize'), `${origin} of ${name} has ${value.length} elements, fewer than its ARRAY_MINSIZE ${schema.arrayMinSize}`);
    }
    if (schema.arrayMaxSize !== undefined && value.length > schema.arrayMaxSize) {
      diags.error(where('arrayMaxSize'), `${origin} of ${name} has ${value.length} elements, more than its ARRAY_MAXSIZE ${schema.arrayMaxSize}`);
    }
  }
}
