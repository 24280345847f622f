import type { PropertySchema, PropertyValue } from '../../model/index.js';
import type { SchaScalar } from './wire.js';

/** A property value as a typed answer, by its schema's type; no value is a NULL string (prints nothing). */
export function schemaValue(schema: Pick<PropertySchema, 'type'>, value: PropertyValue | undefined): SchaScalar {
  if (value === undefined) return schema.type === 'STRINGARRAY' ? { kind: 'array', values: [] } : { kind: 'string' };
  switch (schema.type) {
    case 'STRING': return { kind: 'string', value: String(value) };
    case 'INT': return typeof value === 'number' ? { kind: 'int', value } : { kind: 'string', value: String(value) };
    case 'BOOLEAN': return { kind: 'boolean', value: value === true || String(value).toUpperCase() === 'TRUE' };
    case 'ENUM': return { kind: 'enum', value: String(value) };
    case 'STRINGARRAY': return { kind: 'array', values: Array.isArray(value) ? value.map(String) : String(value) === '' ? [] : String(value).split(',') };
  }
}

/** Dependency lists without their `{LOCAL_NODE}`-style qualifiers (`-Q` keeps them). */
export const stripQualifier = (entry: string): string => entry.replace(/\{[^}]*\}\s*$/, '');
