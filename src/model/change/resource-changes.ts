import { effectiveSchemas } from '../effective.js';
import { illegalNameReason, resourceName } from '../names.js';
import type { PropertyValue } from '../property.js';
import type { Resource } from '../resource.js';
import { lookupType, type ResourceType } from '../resource-type.js';
import type { ConfigChange } from './change.js';
import type { Draft } from './draft.js';
import type { ProblemTarget } from './problems.js';
import { assign, reportMissingRequired, resetProperties, tunabilityReason, type AssignContext, type PropertyBag } from './values.js';

type Of<K extends ConfigChange['kind']> = Extract<ConfigChange, { kind: K }>;

const resourceTarget = (name: string): ProblemTarget => ({ object: 'resource', name });

function context(draft: Draft, name: string, type: ResourceType, phase: AssignContext['phase'], isEnabled: boolean): AssignContext {
  return {
    draft, phase, owner: resourceTarget(name), schemas: effectiveSchemas(type),
    notTunable: (s) => tunabilityReason(s, () => (isEnabled ? 'can be changed only while the resource is disabled (Tunable WHEN_DISABLED)' : undefined)),
    unknown: (prop) => (prop.toLowerCase() === 'global_zone_override'
      ? `exists only for types with Global_zone=TRUE, and ${type.name} is not one`
      : `is not a property of type ${type.name}`),
  };
}

/** Splits a bag back into the resource's system-defined and extension maps. */
function split(bag: PropertyBag, ctx: AssignContext): Pick<Resource, 'properties' | 'extension' | 'perNode'> {
  const properties: Record<string, PropertyValue> = {};
  const extension: Record<string, PropertyValue> = {};
  for (const [name, value] of Object.entries(bag.values)) {
    const isExtension = ctx.schemas.find((s) => s.name === name)?.extension === true;
    (isExtension ? extension : properties)[name] = value;
  }
  return { properties, extension, perNode: bag.perNode };
}

function resolveType(draft: Draft, resource: string, wanted: string): ResourceType | undefined {
  const type = lookupType(draft.types, wanted);
  if (type) return type;
  const w = wanted.toLowerCase();
  const candidates = draft.types.filter((t) => (t.name.toLowerCase().split(':')[0] ?? '') === w || t.resourceType.toLowerCase() === w);
  const reason = candidates.length > 1
    ? `names ${wanted}, which is ambiguous: ${candidates.map((t) => t.name).join(', ')}`
    : `names ${wanted}, which is not a registered resource type`;
  draft.report('unknown-object', { ...resourceTarget(resource), property: 'Type' }, reason);
  return undefined;
}

function lookup(draft: Draft, name: string): Resource | undefined {
  const r = draft.resource(name);
  if (!r) draft.report('unknown-object', resourceTarget(name), 'does not exist');
  return r;
}

/** Cross-object rules (dependencies, single instance, failover types) are checked on the final configuration. */
export function createResource(draft: Draft, c: Of<'create-resource'>): void {
  const at = resourceTarget(c.name);
  const bad = illegalNameReason(c.name);
  if (bad !== undefined) return draft.report('invalid-name', at, `name ${bad}`);
  if (draft.resource(c.name)) return draft.report('duplicate-name', at, `already exists (resource names are unique in the cluster)`);
  const group = draft.group(c.group);
  if (!group) draft.report('unknown-object', { ...at, property: 'Group' }, `names group ${c.group}, which does not exist`);
  const type = resolveType(draft, c.name, c.type);
  if (!type) return;
  const bag: PropertyBag = { values: {}, perNode: {} };
  const ctx = context(draft, c.name, type, 'create', c.enabled);
  assign(bag, c.assignments, ctx);
  reportMissingRequired(bag, ctx);
  if (!group) return;
  draft.insertResource({ name: resourceName(c.name), type: type.name, group: group.name, ...split(bag, ctx), enabled: c.enabled, monitored: c.monitored ?? true });
}

export function setResource(draft: Draft, c: Of<'set-resource'>): void {
  const resource = lookup(draft, c.name);
  if (!resource) return;
  const type = draft.type(resource.type);
  if (!type) return draft.report('unknown-object', resourceTarget(c.name), `has type ${resource.type}, which is not registered`);
  const bag: PropertyBag = { values: { ...resource.properties, ...resource.extension }, perNode: { ...resource.perNode } };
  const ctx = context(draft, c.name, type, 'set', resource.enabled);
  assign(bag, c.assignments, ctx);
  resetProperties(bag, c.reset ?? [], ctx);
  draft.replaceResource({ ...resource, ...split(bag, ctx) });
}

/** Resources that depend on the deleted one are reported on the final configuration. */
export function deleteResource(draft: Draft, c: Of<'delete-resource'>): void {
  const resource = lookup(draft, c.name);
  if (!resource) return;
  if (resource.enabled) return draft.report('conflict', resourceTarget(c.name), 'is enabled; disable it before deleting it');
  draft.resources = draft.resources.filter((r) => r.name !== c.name);
}

export function setResourceSwitch(draft: Draft, name: string, field: 'enabled' | 'monitored', on: boolean): void {
  const resource = lookup(draft, name);
  if (resource && resource[field] !== on) draft.replaceResource({ ...resource, [field]: on });
}
