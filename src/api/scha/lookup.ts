import type {
  ClusterConfig, ClusterStatus, Resource, ResourceGroup, ResourceTargetStatus, ResourceType, TargetKey,
} from '../../model/index.js';
import { formatNodeTarget, lookupType, parseNodeTarget, UP_RESOURCE_STATES } from '../../model/index.js';
import { configFromItems } from '../../store/config-repo.js';
import type { Layout } from '../../store/layout.js';
import type { Store } from '../../store/store.js';
import { groupTargets } from '../view/cluster-view.js';
import { SchaError } from './errors.js';

/** What one scha call reads: the configuration and the RGM's status at one store revision. */
export interface SchaSnapshot {
  readonly config: ClusterConfig;
  readonly status: ClusterStatus | undefined;
  /** Wall-clock ms of the call (restart counts look back Retry_interval from here). */
  readonly nowMs: number;
}

/** Who is asking: the node and zone of the endpoint, and the target "local" means for this call. */
export interface Caller {
  readonly node: string;
  /** The zone the endpoint serves (`global` for the node's own endpoint): ZONE_LOCAL. */
  readonly zone: string;
  /** `node`, or `node:zone` when the endpoint is a zone's or the caller passed `-Z zone`. */
  readonly target: TargetKey;
}

export async function readSnapshot(store: Store, keys: Layout, nowMs: number): Promise<SchaSnapshot> {
  const [{ items }, statusKv] = await Promise.all([store.list(keys.config), store.get(keys.status)]);
  return { config: configFromItems(items, keys), status: statusKv ? (JSON.parse(statusKv.value) as ClusterStatus) : undefined, nowMs };
}

/**
 * The caller's local target. A call through a zone's endpoint is that zone, and may not name another
 * (`-Z`) — zone isolation; a call through the node's endpoint may name any zone of the node (a
 * Global_zone=TRUE method passes on the `-Z zonename` it was given).
 */
export function callerOf(node: string, endpointZone: string, requestedZone: string | undefined): Caller {
  const inZone = endpointZone !== 'global';
  if (requestedZone !== undefined && requestedZone !== '' && inZone && requestedZone !== endpointZone) {
    throw new SchaError('SCHA_ERR_ACCESS', `-Z ${requestedZone}: a method in zone ${endpointZone} may only act on its own zone`);
  }
  const zone = inZone ? endpointZone : requestedZone !== undefined && requestedZone !== '' && requestedZone !== 'global' ? requestedZone : undefined;
  return { node, zone: endpointZone, target: zone === undefined ? node : `${node}:${zone}` };
}

/** Targets a group may run on (its Nodelist; empty = every node). */
export const targetsOfGroup = (config: ClusterConfig, group: string): string[] => groupTargets(config, group);

/** A caller inside a non-global zone sees only the groups that may run in its zone. */
function visible(snap: SchaSnapshot, caller: Caller, group: string): boolean {
  return caller.zone === 'global' || targetsOfGroup(snap.config, group).includes(caller.target);
}

/** Zone isolation: a zone's endpoint may read and control only the groups configured in its zone. */
const notInZone = (caller: Caller, what: string, group: string): SchaError =>
  new SchaError('SCHA_ERR_ACCESS', `zone ${caller.zone} may not read or control ${what}: resource group ${group} is not configured in ${caller.target}`);

export function findGroup(snap: SchaSnapshot, caller: Caller, name: string | undefined): ResourceGroup {
  if (name === undefined || name === '') throw new SchaError('SCHA_ERR_INVAL', 'no resource group given (-G group)');
  const g = snap.config.groups.find((x) => x.name === name);
  if (!g) throw new SchaError('SCHA_ERR_RG', `resource group ${name} does not exist`);
  if (!visible(snap, caller, g.name)) throw notInZone(caller, `resource group ${name}`, g.name);
  return g;
}

/** The resource; when `group` is given it must be the resource's group. */
export function findResource(snap: SchaSnapshot, caller: Caller, name: string | undefined, group: string | undefined): Resource {
  if (name === undefined || name === '') throw new SchaError('SCHA_ERR_INVAL', 'no resource given (-R resource)');
  if (group !== undefined && group !== '') findGroup(snap, caller, group);
  const r = snap.config.resources.find((x) => x.name === name);
  if (!r) throw new SchaError('SCHA_ERR_RSRC', `resource ${name} does not exist`);
  if (!visible(snap, caller, r.group)) throw notInZone(caller, `resource ${name}`, r.group);
  if (group !== undefined && group !== '' && r.group !== group) throw new SchaError('SCHA_ERR_RSRC', `resource ${name} is in resource group ${r.group}, not ${group}`);
  return r;
}

export function typeOf(snap: SchaSnapshot, r: Resource): ResourceType {
  const t = snap.config.types.find((x) => x.name === r.type);
  if (!t) throw new SchaError('SCHA_ERR_RT', `resource type ${r.type} of ${r.name} is not registered`);
  return t;
}

export function findType(snap: SchaSnapshot, name: string | undefined): ResourceType {
  if (name === undefined || name === '') throw new SchaError('SCHA_ERR_INVAL', 'no resource type given (-T type)');
  const t = lookupType(snap.config.types, name);
  if (!t) throw new SchaError('SCHA_ERR_RT', `resource type ${name} is not registered`);
  return t;
}

/** A node operand (`node` or `node:zone`) as a target; unknown nodes and zones are SCHA_ERR_NODE. */
export function targetArg(snap: SchaSnapshot, text: string | undefined, optag: string): TargetKey {
  if (text === undefined || text === '') throw new SchaError('SCHA_ERR_INVAL', `${optag} needs a node name operand`);
  const t = parseNodeTarget(text);
  const node = snap.config.nodes.find((n) => n.name === t.node);
  if (!node) throw new SchaError('SCHA_ERR_NODE', `${t.node} is not a cluster node`);
  if (t.zone !== undefined && t.zone !== 'global' && !node.zones.includes(t.zone)) throw new SchaError('SCHA_ERR_NODE', `zone ${t.zone} is not configured on ${t.node}`);
  return t.zone === 'global' ? t.node : formatNodeTarget(t);
}

const OFFLINE: ResourceTargetStatus = { state: 'OFFLINE', status: 'OFFLINE', sinceMs: 0 };

/** A resource's record on a target; DETACHED where it may not run and is not running (as `ferry status`). */
export function resourceOn(snap: SchaSnapshot, r: Resource, target: TargetKey): ResourceTargetStatus {
  const e = snap.status?.resources[r.name]?.targets[target] ?? OFFLINE;
  const allowed = targetsOfGroup(snap.config, r.group).includes(target);
  if (!allowed && !UP_RESOURCE_STATES.includes(e.state) && e.state !== 'STOP_FAILED' && e.inFlight === undefined) return { ...e, state: 'DETACHED' };
  return e;
}

/** How many of `timesMs` fall within the last `windowMs`. */
export const countRecent = (timesMs: readonly number[] | undefined, nowMs: number, windowMs: number): number =>
  (timesMs ?? []).filter((t) => t > nowMs - windowMs).length;
