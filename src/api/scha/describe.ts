import type { PropertySchema, Resource, ResourceGroup, ResourceType } from '../../model/index.js';
import { effectiveSchemas, groupName, resourceName } from '../../model/index.js';
import { findResource, findType, targetsOfGroup, typeOf, type Caller, type SchaSnapshot } from './lookup.js';
import type { SchaDescribeRequest } from './wire.js';

/**
 * Everything the DSDL caches at initialize(): the resource, its group and type as configured, the
 * property schemas of the resource (with the type's overrides), and where the call comes from.
 * Values are resolved by the library with the model's resourceValue/groupValue.
 */
export interface SchaDescription {
  readonly clusterName: string;
  readonly node: string;
  /** ZONE_LOCAL of the caller. */
  readonly zone: string;
  /** The caller's target (`node` or `node:zone`). */
  readonly target: string;
  readonly resource: Resource;
  readonly group: ResourceGroup;
  readonly type: ResourceType;
  readonly schemas: readonly PropertySchema[];
  /** The group's targets (its Nodelist, or every node). */
  readonly nodelist: readonly string[];
  /** Every cluster node, by id. */
  readonly nodes: readonly string[];
}

export function describeResource(snap: SchaSnapshot, caller: Caller, req: SchaDescribeRequest): SchaDescription {
  const exists = snap.config.resources.some((r) => r.name === req.resource);
  const resource = exists || req.type === undefined ? findResource(snap, caller, req.resource, req.group) : proposed(snap, req, req.type);
  const group = snap.config.groups.find((g) => g.name === resource.group) ?? { name: resource.group, properties: {}, managed: false, suspended: false, flavor: 'resourceGroup' } as ResourceGroup;
  const type = typeOf(snap, resource);
  return {
    clusterName: snap.config.clusterName, node: caller.node, zone: caller.zone, target: caller.target,
    resource, group, type, schemas: effectiveSchemas(type), nodelist: targetsOfGroup(snap.config, group.name),
    nodes: [...snap.config.nodes].sort((a, b) => a.id - b.id).map((n) => n.name),
  };
}

/** A resource about to be created (Validate -c): its type's defaults, enabled, monitored. */
function proposed(snap: SchaSnapshot, req: SchaDescribeRequest, typeName: string): Resource {
  const type = findType(snap, typeName);
  return {
    name: resourceName(req.resource), type: type.name, group: groupName(req.group ?? ''),
    properties: {}, extension: {}, perNode: {}, enabled: true, monitored: true,
  };
}
