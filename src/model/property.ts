import { problem, type Problem } from './result.js';

/** RTR property types (property_attributes(5)). */
export type PropertyType = 'STRING' | 'INT' | 'BOOLEAN' | 'ENUM' | 'STRINGARRAY';

/**
 * When a property may be changed (property_attributes(5)):
 * NONE never after creation · AT_CREATION only at creation · ANYTIME · WHEN_DISABLED only while the
 * resource is disabled (for group properties: while the group is unmanaged or offline).
 */
export type Tunable = 'NONE' | 'AT_CREATION' | 'ANYTIME' | 'WHEN_DISABLED';

export type PropertyValue = string | number | boolean | readonly string[];

/** The schema of one property: system-defined (with the type's overrides) or an extension. */
export interface PropertySchema {
  readonly name: string;
  readonly extension: boolean;
  readonly type: PropertyType;
  readonly enumValues?: readonly string[];
  readonly default?: PropertyValue;
  readonly min?: number;
  readonly max?: number;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly arrayMinSize?: number;
  readonly arrayMaxSize?: number;
  readonly tunable: Tunable;
  readonly perNode: boolean;
  readonly description?: string;
}

/** Largest legal property value, in bytes (Sun Cluster legal RGM values). */
export const MAX_VALUE_BYTES = 4_194_303;

/** Property names are case-insensitive everywhere; this is the lookup key. */
export const propertyKey = (name: string): string => name.toLowerCase();

export function findSchema(schemas: readonly PropertySchema[], name: string): PropertySchema | undefined {
  const key = propertyKey(name);
  return schemas.find((s) => propertyKey(s.name) === key);
}

/**
 * Turns the text form of a value (as given on a command line or in a YAML file) into the
 * typed value of `schema`, or a problem naming the property. Booleans accept TRUE/FALSE in any case;
 * enum literals are matched case-insensitively and returned in their declared spelling; arrays are
 * comma-separated.
 */
export function parseValue(schema: PropertySchema, text: string | number | boolean | readonly string[], subject: string): PropertyValue | Problem {
  switch (schema.type) {
    case 'BOOLEAN': {
      if (typeof text === 'boolean') return text;
      const t = String(text).toUpperCase();
      if (t === 'TRUE') return true;
      if (t === 'FALSE') return false;
      return problem('wrong-type', subject, `${subject} must be TRUE or FALSE, not "${String(text)}"`);
    }
    case 'INT': {
      if (typeof text === 'number' && Number.isInteger(text)) return text;
      const t = String(text).trim();
      if (!/^-?\d+$/.test(t)) return problem('wrong-type', subject, `${subject} must be an integer, not "${String(text)}"`);
      return Number(t);
    }
    case 'ENUM': {
      const t = String(text);
      const found = (schema.enumValues ?? []).find((v) => v.toLowerCase() === t.toLowerCase());
      if (found === undefined) {
        return problem('invalid-value', subject, `${subject} must be one of ${(schema.enumValues ?? []).join(', ')}, not "${t}"`);
      }
      return found;
    }
    case 'STRINGARRAY': {
      if (Array.isArray(text)) return text.map(String);
      const t = String(text);
      return t === '' ? [] : t.split(',').map((s) => s.trim());
    }
    case 'STRING':
      if (Array.isArray(text)) return problem('wrong-type', subject, `${subject} must be a single string, not a list`);
      return String(text);
  }
}

/** Every reason `value` is not legal for `schema` (range, length, array size, characters). */
export function checkValue(schema: PropertySchema, value: PropertyValue, subject: string): Problem[] {
  const out: Problem[] = [];
  const strings = typeof value === 'string' ? [value] : Array.isArray(value) ? (value as readonly string[]) : [];
  if (schema.type === 'INT' && typeof value === 'number') {
    if (schema.min !== undefined && value < schema.min) out.push(problem('out-of-range', subject, `${subject} = ${value} is below its minimum ${schema.min}`));
    if (schema.max !== undefined && value > schema.max) out.push(problem('out-of-range', subject, `${subject} = ${value} is above its maximum ${schema.max}`));
  }
  if (schema.type === 'STRING' || schema.type === 'STRINGARRAY') {
    for (const s of strings) {
      if (schema.minLength !== undefined && s.length < schema.minLength) out.push(problem('out-of-range', subject, `${subject} value "${s}" is shorter than ${schema.minLength} characters`));
      if (schema.maxLength !== undefined && s.length > schema.maxLength) out.push(problem('out-of-range', subject, `${subject} value is longer than ${schema.maxLength} characters`));
    }
  }
  if (schema.type === 'STRINGARRAY' && Array.isArray(value)) {
    if (schema.arrayMinSize !== undefined && value.length < schema.arrayMinSize) out.push(problem('out-of-range', subject, `${subject} needs at least ${schema.arrayMinSize} elements, has ${value.length}`));
    if (schema.arrayMaxSize !== undefined && value.length > schema.arrayMaxSize) out.push(problem('out-of-range', subject, `${subject} allows at most ${schema.arrayMaxSize} elements, has ${value.length}`));
  }
  for (const s of strings) {
    const bad = illegalValueReason(s, schema.type === 'STRING');
    if (bad !== undefined) out.push(problem('invalid-value', subject, `${subject} ${bad}`));
  }
  return out;
}

/** Why a string value is illegal (NUL, newline, comma in a list element, semicolon, size), or undefined. */
export function illegalValueReason(s: string, isScalarString: boolean): string | undefined {
  if (s.includes('\0')) return 'must not contain NUL';
  if (s.includes('\n')) return 'must not contain a newline';
  if (s.includes(';')) return 'must not contain ";"';
  if (!isScalarString && s.includes(',')) return 'list elements must not contain ","';
  if (s.length > MAX_VALUE_BYTES) return `is longer than ${MAX_VALUE_BYTES} bytes`;
  return undefined;
}

/** Canonical text of a value, as scha_* and the CLI print it (booleans TRUE/FALSE, arrays comma-joined). */
export function formatValue(value: PropertyValue): string {
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (Array.isArray(value)) return value.join(',');
  return String(value);
}
