import { findSchema, propertyKey, type PropertySchema, type PropertyValue } from './property.js';
import { METHOD_NAMES, type ResourceType } from './resource-type.js';
import { GROUP_PROPERTIES, RESOURCE_SYSTEM_PROPERTIES, methodTimeoutSchema, timeoutProperty } from './standard-properties.js';
import type { Resource } from './resource.js';
import type { ResourceGroup } from './group.js';
import type { NodeName } from './names.js';

/**
 * The property schemas a resource of `type` has: non-conditional system properties, conditional
 * ones the RTR declares, `<Method>_timeout` for each declared method, `Global_zone_override` when the
 * type is Global_zone, and the extension properties — with the RTR's overrides of default, range and
 * tunability applied. Order: system properties first (table order), then extensions (RTR order).
 */
export function effectiveSchemas(type: ResourceType): readonly PropertySchema[] {
  return schemaIndex(type).list;
}

interface SchemaIndex {
  readonly list: readonly PropertySchema[];
  /** By propertyKey (case-insensitive name). */
  readonly byKey: ReadonlyMap<string, PropertySchema>;
}

/** Types are immutable values, so a type's schemas are worked out once per type object. */
const indexes = new WeakMap<ResourceType, SchemaIndex>();

function schemaIndex(type: ResourceType): SchemaIndex {
  let index = indexes.get(type);
  if (index === undefined) {
    const list = buildSchemas(type);
    index = { list, byKey: new Map(list.map((s) => [propertyKey(s.name), s])) };
    indexes.set(type, index);
  }
  return index;
}

/** The effective schema of one property of `type` (case-insensitive name), if the type has it. */
export function effectiveSchema(type: ResourceType, name: string): PropertySchema | undefined {
  return schemaIndex(type).byKey.get(propertyKey(name));
}

function buildSchemas(type: ResourceType): readonly PropertySchema[] {
  const declared = new Map(type.properties.map((p) => [propertyKey(p.name), p]));
  const out: PropertySchema[] = [];
  const merge = (baseSchema: PropertySchema): PropertySchema => {
    const o = declared.get(propertyKey(baseSchema.name));
    if (!o) return baseSchema;
    const { name: _n, extension: _e, type: _t, description: _d, enumValues: _v, ...overrides } = o;
    return { ...baseSchema, ...overrides };
  };
  for (const sys of RESOURCE_SYSTEM_PROPERTIES) {
    const { conditional, ...schema } = sys;
    const isDeclared = declared.has(propertyKey(sys.name));
    const zoneOverride = sys.name === 'Global_zone_override' && type.globalZone;
    if (conditional && !isDeclared && !zoneOverride) continue;
    out.push(merge(schema));
  }
  for (const m of METHOD_NAMES) if (type.methods[m] !== undefined) out.push(merge(methodTimeoutSchema(m)));
  for (const p of type.properties) if (p.extension) out.push(p);
  return out;
}

/**
 * The value a resource has for a property (case-insensitive name): its per-node value on `node` if
 * the property is per-node and one is set, else its configured value, else the schema default.
 * Undefined when the property does not exist for this type or has no value.
 */
export function resourceValue(type: ResourceType, resource: Resource, name: string, node?: NodeName): PropertyValue | undefined {
  const schema = effectiveSchema(type, name);
  if (!schema) return undefined;
  if (schema.extension) {
    const perNode = schema.perNode && node !== undefined ? resource.perNode[schema.name]?.[node] : undefined;
    return perNode ?? resource.extension[schema.name] ?? schema.default;
  }
  return resource.properties[schema.name] ?? schema.default;
}

/** A method's timeout in seconds, or undefined when the type does not declare the method. */
export function methodTimeoutS(type: ResourceType, resource: Resource, method: (typeof METHOD_NAMES)[number]): number | undefined {
  if (type.methods[method] === undefined) return undefined;
  const v = resourceValue(type, resource, timeoutProperty(method));
  return typeof v === 'number' ? v : undefined;
}

/** A group property's value (case-insensitive name), falling back to the standard default. */
export function groupValue(group: ResourceGroup, name: string): PropertyValue | undefined {
  const schema = findSchema(GROUP_PROPERTIES, name);
  const key = schema?.name ?? name;
  return group.properties[key] ?? schema?.default;
}
