import { resourceValue } from './effective.js';
import { parseNodeTarget, type ZoneName } from './names.js';
import type { Resource } from './resource.js';
import type { ResourceType } from './resource-type.js';

/**
 * Where a resource's methods and monitors run for one target (spec §3.1, §3.5, seed 003):
 * - `zone`: the zone whose namespace they run in; undefined = the global zone (the node itself);
 * - `zoneArg`: the `-Z zonename` they get: set only when a Global_zone type serves a zone target
 *   and so runs in the global zone on that zone's behalf.
 * A Global_zone=TRUE type runs in the global zone unless the resource's Global_zone_override is
 * FALSE (the override, when declared, takes precedence over the type's value).
 */
export interface MethodPlacement {
  readonly zone?: ZoneName;
  readonly zoneArg?: ZoneName;
}

/** Whether `resource` of `type` runs its methods in the global zone even when its group is configured in a zone. */
export function runsInGlobalZone(type: ResourceType, resource: Resource): boolean {
  return type.globalZone && resourceValue(type, resource, 'Global_zone_override') !== false;
}

export function methodPlacement(type: ResourceType, resource: Resource, target: string): MethodPlacement {
  const zone = parseNodeTarget(target).zone;
  if (zone === undefined) return {};
  return runsInGlobalZone(type, resource) ? { zoneArg: zone } : { zone };
}
