import type { GroupRuntime, ResourceState, ResourceTargetStatus, TargetKey } from '../model/index.js';
import { emptyGroupRuntime, parseNodeTarget } from '../model/index.js';
import type { ClusterIndex, GroupInfo, ResourceInfo } from './cluster-index.js';

/** What a resource is on a target with no entry: offline, never touched. */
export const OFFLINE_ENTRY: ResourceTargetStatus = { state: 'OFFLINE', status: 'OFFLINE', sinceMs: 0 };

export function entryOf(ix: ClusterIndex, resource: string, target: TargetKey): ResourceTargetStatus {
  return ix.status.resources[resource]?.targets[target] ?? OFFLINE_ENTRY;
}

export function groupRuntime(ix: ClusterIndex, group: string): GroupRuntime {
  return ix.status.groups[group] ?? emptyGroupRuntime;
}

/** States in which the resource's service is running (its dependents may rely on it). */
export const isUpState = (s: ResourceState): boolean => s === 'ONLINE' || s === 'ONLINE_NOT_MONITORED' || s === 'MONITOR_FAILED';

/** A failed state that no method will change by itself. */
export const isFailedState = (s: ResourceState): boolean => s === 'START_FAILED' || s === 'STOP_FAILED';

/**
 * The resource occupies the target: anything but a quiet OFFLINE (an up/down method in flight, a
 * partial start, a failure). A failover group may start on a new target only when it occupies no other.
 */
export function occupies(e: ResourceTargetStatus): boolean {
  if (e.state !== 'OFFLINE' && e.state !== 'DETACHED') return true;
  const p = e.inFlight?.purpose;
  return p === 'start' || p === 'stop';
}

/** Its Stop has completed (or it never ran): down-ordering predecessors may proceed. */
export function stopDone(e: ResourceTargetStatus): boolean {
  if (e.inFlight?.purpose === 'start') return false;
  if (e.state === 'OFFLINE' || e.state === 'DETACHED') return true;
  return e.state === 'STOPPING' && (e.lastMethod === 'Stop' || e.lastMethod === 'Postnet_stop');
}

/** Where a target is, and whether it can host anything now; undefined when it can. */
export function unavailability(ix: ClusterIndex, target: TargetKey): string | undefined {
  const t = parseNodeTarget(target);
  const node = ix.nodes.get(t.node);
  if (!node) return `${t.node} is not a cluster node`;
  const m = ix.status.nodes[t.node];
  if (!m || m.state === 'DOWN') return `node ${t.node} is DOWN`;
  if (t.zone !== undefined) {
    if (!node.zones.includes(t.zone)) return `zone ${t.zone} is not configured on ${t.node}`;
    if (ix.status.zones[target]?.state === 'DOWN') return `zone ${target} is DOWN`;
  }
  return undefined;
}

/** When the target last became able to host groups (join, zone boot, end of evacuation). */
export function eligibleSinceMs(ix: ClusterIndex, target: TargetKey): number {
  const t = parseNodeTarget(target);
  const m = ix.status.nodes[t.node];
  let since = m?.sinceMs ?? 0;
  const z = ix.status.zones[target];
  if (z && z.sinceMs > since) since = z.sinceMs;
  if (m?.evacuatingUntilMs !== undefined && m.evacuatingUntilMs <= ix.now && m.evacuatingUntilMs > since) since = m.evacuatingUntilMs;
  return since;
}

/** Per-group occupancy derived from resource entries (computed once per call). */
export interface Occupancy {
  /** Targets the group occupies, in Nodelist order first, then others sorted. */
  readonly targets: readonly TargetKey[];
  /** Targets where one of its resources is STOP_FAILED. */
  readonly stopFailed: readonly TargetKey[];
  /** Targets with a restart in progress (resource restart marks, group RESTART): still its current place. */
  readonly restarting: readonly TargetKey[];
}

const NONE: readonly TargetKey[] = [];

export function occupancyOf(ix: ClusterIndex, gi: GroupInfo): Occupancy {
  let occ: Set<TargetKey> | undefined;
  let sf: Set<TargetKey> | undefined;
  let rs: Set<TargetKey> | undefined;
  const g = ix.status.groups[gi.name];
  if (g?.restarting) rs = new Set(Object.keys(g.restarting));
  for (const ri of gi.resources) {
    const targets = ix.status.resources[ri.name]?.targets;
    if (!targets) continue;
    for (const t in targets) {
      const e = targets[t] as ResourceTargetStatus;
      if (occupies(e)) (occ ??= new Set()).add(t);
      if (e.state === 'STOP_FAILED') (sf ??= new Set()).add(t);
      if (e.restart) (rs ??= new Set()).add(t);
    }
  }
  // A userApplication script pass (pre-online done, or offline not yet finished with OfflineDoneScript) holds the node.
  if (g?.scripts) for (const t in g.scripts) (occ ??= new Set()).add(t);
  return {
    targets: occ ? orderTargets(gi, occ) : NONE,
    stopFailed: sf ? orderTargets(gi, sf) : NONE,
    restarting: rs ? orderTargets(gi, rs) : NONE,
  };
}

export function orderTargets(gi: GroupInfo, set: ReadonlySet<TargetKey>): TargetKey[] {
  const inList = gi.nodelist.filter((t) => set.has(t));
  const rest = [...set].filter((t) => !gi.nodelist.includes(t)).sort();
  return [...inList, ...rest];
}

/** All targets a resource has an entry for. */
export function entryTargets(ix: ClusterIndex, ri: ResourceInfo): readonly TargetKey[] {
  const targets = ix.status.resources[ri.name]?.targets;
  return targets ? Object.keys(targets) : [];
}

/** Seconds, minutes or hours for reasons ("300 s", "10 min", "1 h"). */
export function formatDurationMs(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s % 3600 === 0 && s >= 3600) return `${s / 3600} h`;
  if (s % 60 === 0 && s >= 60) return `${s / 60} min`;
  return `${s} s`;
}

/** A time for reasons: `t=90s` (milliseconds as seconds on the loop clock). */
export const formatAt = (ms: number): string => `t=${Math.round(ms / 1000)}s`;
