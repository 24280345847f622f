import type { TargetKey } from '../model/index.js';
import { parseNodeTarget } from '../model/index.js';
import { isSuspended, type ClusterIndex, type GroupInfo } from './cluster-index.js';
import { eligibleSinceMs, formatAt, formatDurationMs, groupRuntime, occupancyOf, unavailability, type Occupancy } from './runtime.js';

/** Where a group should be online, and why (spec §2.4, §2.5, §5.6; primecluster §2.1, §4.2). */
export interface Placement {
  readonly gi: GroupInfo;
  readonly wanted: boolean;
  /** The goal: targets where the group should be online, most preferred first. */
  readonly masters: readonly TargetKey[];
  readonly occ: Occupancy;
  /** Why it goes to each new master (`goes online on n2: …`). */
  readonly arriveWhy: ReadonlyMap<TargetKey, string>;
  /** Why it leaves each occupied target that is not a master. */
  readonly leaveWhy: ReadonlyMap<TargetKey, string>;
  /** Why it has fewer masters than it wants (no eligible target, blocked); undefined when none is missing. */
  readonly shortfall?: string;
  /** Why a group that might be expected online is not wanted (RMS hold, PartialCluster), for notes. */
  readonly idle?: string;
  /** The pending request (switch, online -n, giveover target) cannot be honoured: why. It is dropped. */
  readonly requestRefused?: string;
}

export type PlacementMap = ReadonlyMap<string, Placement>;

/** Places every managed group, targets of affinities before their sources. */
export function placeAll(ix: ClusterIndex): Map<string, Placement> {
  const out = new Map<string, Placement>();
  for (const gi of affinityOrder(ix.groupList)) out.set(gi.name, place(ix, gi, out));
  return out;
}

/** Kahn's order over affinity edges (target before source); cycles fall back to configuration order. */
export function affinityOrder(groups: readonly GroupInfo[]): GroupInfo[] {
  const indegree = new Map<GroupInfo, number>();
  for (const g of groups) indegree.set(g, g.affinities.length);
  const ready = groups.filter((g) => g.affinities.length === 0);
  const out: GroupInfo[] = [];
  const done = new Set<GroupInfo>();
  for (let i = 0; i < ready.length; i++) {
    const g = ready[i] as GroupInfo;
    out.push(g);
    done.add(g);
    for (const src of g.affinitySources) {
      const left = (indegree.get(src.other) ?? 0) - 1;
      indegree.set(src.other, left);
      if (left === 0) ready.push(src.other);
    }
  }
  if (out.length < groups.length) for (const g of groups) if (!done.has(g)) out.push(g);
  return out;
}

function plannedOn(placed: PlacementMap, ix: ClusterIndex, gi: GroupInfo, t: TargetKey): boolean {
  const p = placed.get(gi.name);
  if (p) return p.masters.includes(t);
  return occupancyOf(ix, gi).targets.includes(t);
}

function place(ix: ClusterIndex, gi: GroupInfo, placed: PlacementMap): Placement {
  const rt = groupRuntime(ix, gi.name);
  const occ = occupancyOf(ix, gi);
  const arriveWhy = new Map<TargetKey, string>();
  const leaveWhy = new Map<TargetKey, string>();
  const result = (wanted: boolean, masters: TargetKey[], shortfall?: string): Placement => {
    for (const t of occ.targets) if (!masters.includes(t) && !leaveWhy.has(t)) leaveWhy.set(t, wanted ? `${gi.name} is not wanted on ${t}` : `${gi.name} goes offline`);
    return shortfall === undefined ? { gi, wanted, masters, occ, arriveWhy, leaveWhy } : { gi, wanted, masters, occ, arriveWhy, leaveWhy, shortfall };
  };
  if (!gi.g.managed) return { gi, wanted: false, masters: occ.targets, occ, arriveWhy, leaveWhy };

  const want = wantedOnline(ix, gi, occ);
  if (!want.wanted) {
    for (const t of occ.targets) leaveWhy.set(t, `${gi.name} goes offline: ${want.why}`);
    const p = result(false, []);
    return want.notable ? { ...p, idle: `${gi.name} stays offline: ${want.why}` } : p;
  }

  const excluded = new Map<TargetKey, string>();
  const eligible = (t: TargetKey, isNew: boolean, explicit: boolean): boolean => {
    const why = ineligibility(ix, gi, placed, t, isNew, explicit);
    if (why !== undefined) excluded.set(t, why);
    return why === undefined;
  };
  const pref = preference(ix, gi, placed);
  const byPref = (a: TargetKey, b: TargetKey): number => (pref.get(a) ?? 1e9) - (pref.get(b) ?? 1e9);
  // Where it is now: occupied targets, and targets where a restart is under way (the group is briefly offline there).
  const current = [...occ.targets, ...occ.restarting.filter((t) => !occ.targets.includes(t))];
  const kept = current.filter((t) => gi.nodelist.includes(t) && eligible(t, false, false)).sort(byPref);
  for (const t of occ.targets) if (!gi.nodelist.includes(t)) leaveWhy.set(t, `${t} is not in the Nodelist of ${gi.name}`);
  for (const t of occ.targets) if (excluded.has(t)) leaveWhy.set(t, `${gi.name} leaves ${t}: ${excluded.get(t) ?? ''}`);

  // A STOP_FAILED failover group may not start anywhere new (spec §4.3 ERROR_STOP_FAILED; DESIGN safety).
  const stuck = gi.failover && occ.stopFailed.length > 0
    ? `${gi.name} is STOP_FAILED on ${occ.stopFailed.join(', ')}: it cannot start elsewhere until the flag is cleared or the node is fenced`
    : undefined;
  const noNew = stuck ?? (isSuspended(ix, gi) && rt.request === undefined ? `automatic recovery of ${gi.name} is suspended` : undefined);

  const req = rt.request;
  // hvswitch -f: the application failed to stop on a node; that node is killed first (fencing.ts), the switch waits for it.
  if (req?.forced === true && stuck !== undefined) return result(true, [], `${stuck}; the forced switch waits until it is killed`);
  let requestRefused: string | undefined;
  if (req && req.targets.length > 0) {
    const ok: TargetKey[] = [];
    const refused: string[] = [];
    for (const t of new Set(req.targets)) {
      if (!gi.nodelist.includes(t)) { refused.push(`${t}: not in the Nodelist`); continue; }
      const isNew = !current.includes(t);
      if (isNew && noNew !== undefined) { refused.push(`${t}: ${noNew}`); continue; }
      if (eligible(t, isNew, true)) ok.push(t);
      else refused.push(`${t}: ${excluded.get(t) ?? ''}`);
    }
    if (ok.length > 0) {
      const masters = gi.failover ? ok.slice(0, 1) : ok;
      for (const t of masters) if (!occ.targets.includes(t)) arriveWhy.set(t, `${gi.name} goes online on ${t}: ${req.reason}`);
      for (const t of occ.targets) if (!masters.includes(t)) leaveWhy.set(t, `${gi.name} leaves ${t}: ${req.reason}`);
      return result(true, masters);
    }
    requestRefused = `${req.reason} cannot be honoured (${refused.join('; ')})`;
  }

  const masters = kept.slice(0, gi.wantedCount);
  for (const t of kept.slice(gi.wantedCount)) leaveWhy.set(t, `${gi.name} wants Desired_primaries=${gi.wantedCount} and keeps the more preferred ${masters.join(',')}`);
  // New targets are only looked at when some are missing, or Failback may pull the group (the steady state skips this).
  if (noNew === undefined && (masters.length < gi.wantedCount || (gi.failback && !gi.rms))) {
    const fresh = gi.nodelist.filter((t) => !masters.includes(t) && !current.includes(t) && eligible(t, true, false)).sort(byPref);
    for (const t of fresh) {
      if (masters.length >= gi.wantedCount) break;
      masters.push(t);
      arriveWhy.set(t, arrival(ix, gi, t, excluded, occ, want.basis, byPref));
    }
    if (gi.failback && !gi.rms && !isSuspended(ix, gi)) failback(ix, gi, masters, fresh, byPref, arriveWhy, leaveWhy);
  }
  masters.sort(byPref);
  let shortfall: string | undefined;
  if (masters.length < gi.wantedCount) {
    const notes = gi.nodelist.filter((t) => excluded.has(t) && !masters.includes(t)).map((t) => `${t}: ${excluded.get(t) ?? ''}`);
    const parts = [noNew, ...notes].filter((x): x is string => x !== undefined);
    shortfall = masters.length === 0
      ? `${gi.name} cannot go online: ${parts.length > 0 ? parts.join('; ') : 'no target in its Nodelist'}`
      : `${gi.name} has ${masters.length} of ${gi.wantedCount} wanted primaries: ${parts.join('; ')}`;
  }
  const p = result(true, masters, shortfall);
  return requestRefused === undefined ? p : { ...p, requestRefused };
}

/** Whether the group wants to be online at all (admin desire, auto start, RMS hold and PartialCluster). */
function wantedOnline(ix: ClusterIndex, gi: GroupInfo, occ: Occupancy): { wanted: true; basis: string } | { wanted: false; why: string; notable: boolean } {
  const rt = groupRuntime(ix, gi.name);
  if (rt.desire === 'offline') return { wanted: false, why: 'the administrator took it offline', notable: false };
  if (rt.hold) return { wanted: false, why: rt.hold.reason, notable: true };
  if (gi.wantedCount === 0) return { wanted: false, why: 'Desired_primaries=0', notable: false };
  if (rt.desire === 'online') return { wanted: true, basis: rt.request?.reason ?? 'the administrator brought it online' };
  if (rt.request) return { wanted: true, basis: rt.request.reason };
  if (!gi.autoStart) {
    return { wanted: false, why: gi.rms ? 'AutoStartUp=no: it waits for hvswitch' : 'Auto_start_on_new_cluster=FALSE: it waits for a first online', notable: false };
  }
  if (gi.rms && !gi.partialCluster && occ.targets.length === 0) {
    const missing = gi.nodelist.map((t) => parseNodeTarget(t).node).filter((n) => ix.status.nodes[n]?.state !== 'UP');
    if (missing.length > 0) return { wanted: false, why: `PartialCluster=0: AutoStartUp waits until every node of its PriorityList is up (${[...new Set(missing)].join(', ')} not up)`, notable: true };
  }
  return { wanted: true, basis: gi.rms ? 'AutoStartUp=yes' : 'Auto_start_on_new_cluster=TRUE' };
}

/** Why `t` cannot host the group now, or undefined. `isNew`: not occupied now; `explicit`: an admin or giveover request. */
export function ineligibility(ix: ClusterIndex, gi: GroupInfo, placed: PlacementMap, t: TargetKey, isNew: boolean, explicit: boolean): string | undefined {
  const down = unavailability(ix, t);
  if (down !== undefined) return down;
  const node = parseNodeTarget(t).node;
  const m = ix.status.nodes[node];
  if (m?.evacuatingUntilMs !== undefined && m.evacuatingUntilMs > ix.now) return `node ${node} is being evacuated until ${formatAt(m.evacuatingUntilMs)}`;
  if (m?.shuttingDown) return `RMS is shutting down on ${node}`;
  const rt = groupRuntime(ix, gi.name);
  const reloc = rt.relocating?.[t];
  if (reloc) return `it must move away from ${t} (${reloc.reason})`;
  const fault = rt.faults?.[t];
  if (fault) return `${gi.name} is Faulted on ${t}: ${fault.reason}`;
  for (const a of gi.affinities) {
    if ((a.kind === '++' || a.kind === '+++') && !plannedOn(placed, ix, a.other, t)) return `RG_affinities ${a.text}: ${a.other.name} will not be online on ${t}`;
    if (a.kind === '--' && plannedOn(placed, ix, a.other, t)) return `RG_affinities ${a.text}: ${a.other.name} is or will be online on ${t}`;
  }
  if (isNew && !explicit && !gi.rms) {
    const f = rt.failures.find((x) => x.target === t && x.cause === 'start-failed' && ix.now - x.atMs < gi.pingpongMs);
    if (f) return `${gi.name} failed to start on ${t} at ${formatAt(f.atMs)}, within Pingpong_interval (${formatDurationMs(gi.pingpongMs)})`;
  }
  return undefined;
}

/** Preference rank per Nodelist target: weak affinities, RMS OnlinePriority, then Nodelist order. */
function preference(ix: ClusterIndex, gi: GroupInfo, placed: PlacementMap): ReadonlyMap<TargetKey, number> {
  const weak = gi.affinities.some((a) => a.kind === '+' || a.kind === '-');
  if (!weak && !gi.onlinePriority) return nodelistRank(gi);
  const last = gi.onlinePriority ? groupRuntime(ix, gi.name).lastOnline ?? [] : [];
  const n = gi.nodelist.length + 1;
  const rank = new Map<TargetKey, number>();
  gi.nodelist.forEach((t, i) => {
    let score = 0;
    for (const a of gi.affinities) {
      if (a.kind === '+' && plannedOn(placed, ix, a.other, t)) score++;
      if (a.kind === '-' && plannedOn(placed, ix, a.other, t)) score--;
    }
    rank.set(t, -score * n * 2 + (last.includes(t) ? 0 : n) + i);
  });
  return rank;
}

const rankCache = new WeakMap<GroupInfo, ReadonlyMap<TargetKey, number>>();

/** Plain Nodelist order (cached per group of a configuration). */
function nodelistRank(gi: GroupInfo): ReadonlyMap<TargetKey, number> {
  let r = rankCache.get(gi);
  if (!r) { r = new Map(gi.nodelist.map((t, i) => [t, i])); rankCache.set(gi, r); }
  return r;
}

function arrival(
  ix: ClusterIndex, gi: GroupInfo, t: TargetKey, excluded: ReadonlyMap<TargetKey, string>, occ: Occupancy, basis: string,
  byPref: (a: TargetKey, b: TargetKey) => number,
): string {
  const before = gi.nodelist.filter((x) => byPref(x, t) < 0 && excluded.has(x)).map((x) => `${x}: ${excluded.get(x) ?? ''}`);
  const lost = (groupRuntime(ix, gi.name).lastOnline ?? []).filter((x) => x !== t && excluded.has(x));
  const verb = occ.targets.length > 0 && gi.failover ? `moves to ${t}` : lost.length > 0 && gi.failover ? `fails over to ${t}` : `goes online on ${t}`;
  const weak = gi.affinities.filter((a) => (a.kind === '+' || a.kind === '-')).map((a) => a.text);
  const last = gi.onlinePriority && (groupRuntime(ix, gi.name).lastOnline ?? []).includes(t) ? '; OnlinePriority=1: it was last online there' : '';
  const wantBasis = basis;
  const order = gi.nodelist.length > 1 ? `preferred order ${gi.nodelist.join(',')}${weak.length > 0 ? ` with RG_affinities ${weak.join(',')}` : ''}${last}` : `its only target`;
  const why = occ.targets.length === 0 && lost.length === 0 ? `${wantBasis}; ` : '';
  return `${gi.name} ${verb} (${why}${order}${before.length > 0 ? `; not ${before.join('; ')}` : ''})`;
}

/** Failback=TRUE: a more preferred target that became eligible after the group arrived pulls it back (spec §2.4). */
function failback(
  ix: ClusterIndex, gi: GroupInfo, masters: TargetKey[], fresh: readonly TargetKey[], byPref: (a: TargetKey, b: TargetKey) => number,
  arriveWhy: Map<TargetKey, string>, leaveWhy: Map<TargetKey, string>,
): void {
  const arrived = groupRuntime(ix, gi.name).arrivedAtMs ?? {};
  for (const c of fresh) {
    if (masters.includes(c)) continue;
    const since = eligibleSinceMs(ix, c);
    const victims = masters.filter((m) => !arriveWhy.has(m) && byPref(m, c) > 0 && since > (arrived[m] ?? 0)).sort(byPref);
    const worst = victims[victims.length - 1];
    if (worst === undefined) continue;
    masters.splice(masters.indexOf(worst), 1, c);
    arriveWhy.set(c, `${gi.name} fails back to ${c} (Failback=TRUE; ${c} is preferred to ${worst} and became available at ${formatAt(since)})`);
    leaveWhy.set(worst, `${gi.name} fails back from ${worst} to ${c} (Failback=TRUE)`);
  }
}
