import type {
  ClusterConfig, ClusterStatus, GroupName, GroupState, MethodName, NodeName, ResourceName, ResourceState, ResourceStatus, TargetKey,
} from '../model/index.js';
import type { Analysis } from './analysis.js';
import type { GroupInfo } from './cluster-index.js';
import { analyse } from './decide.js';
import { entryOf, isUpState } from './runtime.js';

/**
 * Per-target group state (spec §4.3), derived from resource states and the placement, never stored:
 * UNMANAGED; ERROR_STOP_FAILED (a resource STOP_FAILED there); PENDING_OFFLINE (leaving, or a
 * resource stopping); PENDING_ONLINE_BLOCKED (wanted there, a resource waits on another group that
 * cannot come); PENDING_ONLINE (wanted there, not all up yet); ONLINE_FAULTED (online with a
 * START_FAILED or MONITOR_FAILED resource); ONLINE (a resource that cannot come up because of its
 * own group, e.g. a disabled dependee, does not keep the group pending); OFFLINE.
 */
export function groupStateOn(a: Analysis, gi: GroupInfo, t: TargetKey): GroupState {
  if (!gi.g.managed) return 'UNMANAGED';
  const p = a.placement(gi);
  const entries = gi.resources.map((ri) => entryOf(a.ix, ri.name, t));
  if (entries.some((e) => e.state === 'STOP_FAILED')) return 'ERROR_STOP_FAILED';
  const occupied = p.occ.targets.includes(t);
  const wanted = p.masters.includes(t);
  if (occupied && !wanted) return 'PENDING_OFFLINE';
  if (entries.some((e) => e.state === 'STOPPING' || e.inFlight?.purpose === 'stop')) return 'PENDING_OFFLINE';
  if (!wanted) return 'OFFLINE';
  let pending = false;
  let blocked = false;
  let faulted = false;
  gi.resources.forEach((ri, i) => {
    const e = entries[i];
    if (!e || !a.member(ri, t)) return;
    if (e.state === 'START_FAILED' || e.state === 'MONITOR_FAILED') { faulted = true; return; }
    if (isUpState(e.state) && e.inFlight === undefined) return;
    if (e.state === 'OFFLINE' && e.inFlight === undefined && resourceBlocked(a, gi, ri.name, t)) { blocked = true; return; }
    // A resource that cannot come up (its in-group dependee failed or is disabled) leaves the group settled.
    if (e.state === 'OFFLINE' && e.inFlight === undefined && !a.canComeUp(ri, t)) return;
    pending = true;
  });
  if (blocked) return 'PENDING_ONLINE_BLOCKED';
  if (pending) return 'PENDING_ONLINE';
  return faulted ? 'ONLINE_FAULTED' : 'ONLINE';
}

function resourceBlocked(a: Analysis, gi: GroupInfo, resource: string, t: TargetKey): boolean {
  const ri = a.ix.resources.get(resource);
  if (!ri) return false;
  const g = a.groupStartWait(gi, t);
  if (g?.blocked && g.crossGroup) return true;
  return ri.deps.some((d) => d.to.group !== gi && (d.flavour === 'weak' ? false : a.startDependencyWait(d, t)?.blocked === true));
}

/** Group states per group per target (Nodelist targets, plus any other target it occupies). */
export function deriveGroupStates(config: ClusterConfig, status: ClusterStatus, now: number = status.atMs): Record<GroupName, Record<TargetKey, GroupState>> {
  const a = analyse({ config, status, now });
  const out: Record<string, Record<string, GroupState>> = {};
  for (const gi of a.ix.groupList) {
    const row: Record<string, GroupState> = {};
    for (const t of targetsOf(a, gi)) row[t] = groupStateOn(a, gi, t);
    out[gi.name] = row;
  }
  return out;
}

function targetsOf(a: Analysis, gi: GroupInfo): TargetKey[] {
  const p = a.placement(gi);
  return [...gi.nodelist, ...p.occ.targets.filter((t) => !gi.nodelist.includes(t))];
}

export interface ResourceTargetView {
  readonly target: TargetKey;
  readonly state: ResourceState;
  readonly status: ResourceStatus;
  readonly statusMessage?: string;
  readonly inFlight?: MethodName;
}

export interface ClusterView {
  readonly nodes: ReadonlyArray<{ readonly name: NodeName; readonly state: 'UP' | 'DOWN'; readonly sinceMs: number; readonly fenced: boolean; readonly evacuatingUntilMs?: number }>;
  readonly groups: ReadonlyArray<{
    readonly name: GroupName; readonly flavor: 'resourceGroup' | 'userApplication'; readonly managed: boolean; readonly suspended: boolean;
    readonly desire: 'online' | 'offline' | 'unset'; readonly masters: readonly TargetKey[];
    readonly states: ReadonlyArray<{ readonly target: TargetKey; readonly state: GroupState; readonly rmsState?: string }>;
    readonly note?: string;
  }>;
  readonly resources: ReadonlyArray<{
    readonly name: ResourceName; readonly group: GroupName; readonly type: string; readonly enabled: boolean; readonly monitored: boolean;
    readonly targets: readonly ResourceTargetView[];
  }>;
}

/**
 * The status as a person reads it (CLI, web page, hvdisp): node membership, group state per target
 * with the RMS rendering for userApplications, resource state per target (DETACHED where a resource
 * has a record on a target outside its group's Nodelist and is not running there).
 */
export function deriveView(config: ClusterConfig, status: ClusterStatus, now: number = status.atMs): ClusterView {
  const a = analyse({ config, status, now });
  const nodes = config.nodes.map((n) => {
    const m = status.nodes[n.name];
    const base = { name: n.name, state: m?.state ?? 'DOWN', sinceMs: m?.sinceMs ?? 0, fenced: m?.fenced ?? false } as const;
    return m?.evacuatingUntilMs !== undefined && m.evacuatingUntilMs > now ? { ...base, evacuatingUntilMs: m.evacuatingUntilMs } : base;
  });
  const groups = a.ix.groupList.map((gi) => {
    const p = a.placement(gi);
    const rt = status.groups[gi.name];
    const states = targetsOf(a, gi).map((t) => {
      const state = groupStateOn(a, gi, t);
      return gi.rms ? { target: t, state, rmsState: rmsState(state, rt?.faults?.[t] !== undefined) } : { target: t, state };
    });
    const note = p.shortfall ?? p.idle;
    const base = {
      name: gi.name, flavor: gi.g.flavor, managed: gi.g.managed, suspended: rt?.suspended ?? gi.g.suspended,
      desire: rt?.desire ?? 'unset', masters: p.masters, states,
    } as const;
    return note === undefined ? base : { ...base, note };
  });
  const resources = a.ix.resourceList.map((ri) => {
    const targets = new Set<TargetKey>([...ri.group.nodelist, ...Object.keys(status.resources[ri.name]?.targets ?? {})]);
    const rows: ResourceTargetView[] = [...targets].map((t) => {
      const e = entryOf(a.ix, ri.name, t);
      const detached = !ri.group.nodelist.includes(t) && !isUpState(e.state) && e.state !== 'STOP_FAILED' && e.inFlight === undefined;
      const row: ResourceTargetView = { target: t, state: detached ? 'DETACHED' : e.state, status: e.status };
      return {
        ...row,
        ...(e.statusMessage !== undefined ? { statusMessage: e.statusMessage } : {}),
        ...(e.inFlight !== undefined ? { inFlight: e.inFlight.method } : {}),
      };
    });
    return { name: ri.name, group: ri.group.name, type: ri.type.type.name, enabled: ri.r.enabled, monitored: ri.r.monitored, targets: rows };
  });
  return { nodes, groups, resources };
}

/** RMS rendering of a group state (primecluster §4.1): Online, Offline, Faulted, Wait, Inconsistent. */
export function rmsState(state: GroupState, faulted: boolean): string {
  switch (state) {
    case 'ONLINE': return 'Online';
    case 'ONLINE_FAULTED': return 'Faulted';
    case 'OFFLINE': return faulted ? 'Faulted' : 'Offline';
    case 'PENDING_ONLINE': case 'PENDING_OFFLINE': case 'PENDING_ONLINE_BLOCKED': return 'Wait';
    case 'ERROR_STOP_FAILED': return 'Inconsistent';
    case 'UNMANAGED': return 'Deact';
  }
}
