import type { TargetKey } from '../model/index.js';
import { parseNodeTarget } from '../model/index.js';
import { propertyOf, type ResourceInfo } from './cluster-index.js';

/**
 * The extra method arguments for `ri` on `t` (spec §3.1, §3.5): a Global_zone=TRUE type serving a
 * zone target runs every method — Start and Stop as much as Init, Boot, Fini and Monitor_check — in
 * the global zone with `-Z zone`, unless the resource's Global_zone_override is FALSE. Undefined
 * otherwise (a node target, or a type that runs inside the zone).
 */
export function zoneArgs(ri: ResourceInfo, t: TargetKey): string[] | undefined {
  const zone = parseNodeTarget(t).zone;
  if (zone === undefined || !ri.type.type.globalZone || propertyOf(ri, 'Global_zone_override') === false) return undefined;
  return ['-Z', zone];
}
