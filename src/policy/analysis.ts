import type { TargetKey } from '../model/index.js';
import { parseNodeTarget } from '../model/index.js';
import type { ClusterIndex, DepEdge, GroupInfo, ResourceInfo } from './cluster-index.js';
import { formatScope } from './dependency-entry.js';
import { placeAll, type Placement } from './placement.js';
import { entryOf, groupRuntime, isFailedState, isUpState, stopDone } from './runtime.js';

/** Why something waits; `blocked` when it cannot proceed until something else changes (PENDING_ONLINE_BLOCKED). */
export interface Wait {
  /** The message (possibly computed on first read: most waits are never shown). */
  readonly why: string;
  readonly blocked: boolean;
  /** The waiting is on another group (cross-group dependency, affinity, RG_dependencies). */
  readonly crossGroup: boolean;
}

/**
 * The shared reading of one (config, status, now): placement of every group and the predicates the
 * step rules, recovery and the views use (memoised; each is O(edges) once per call).
 */
export class Analysis {
  readonly placements: Map<string, Placement>;
  // Memos keyed by object, then target (no string keys: this is the hot path of decide).
  private readonly wantMemo = new Memo<ResourceInfo, boolean>();
  private readonly comeMemo = new Memo<ResourceInfo, boolean>();
  private readonly startGateMemo = new Memo<GroupInfo, Wait | null>();
  private readonly upOnMemo = new Memo<GroupInfo, boolean>();
  private readonly groupComeMemo = new Memo<GroupInfo, boolean>();

  constructor(readonly ix: ClusterIndex) {
    this.placements = placeAll(ix);
  }

  placement(gi: GroupInfo): Placement {
    return this.placements.get(gi.name) as Placement;
  }

  /** The resource belongs online on `t`: managed group, `t` a master, resource enabled. */
  member(ri: ResourceInfo, t: TargetKey): boolean {
    return ri.group.g.managed && ri.r.enabled && this.placement(ri.group).masters.includes(t);
  }

  /** It should be online on `t` now (member, not being restarted, offline-restart dependees up). */
  wantUp(ri: ResourceInfo, t: TargetKey): boolean {
    const memo = this.wantMemo.get(ri, t);
    if (memo !== undefined) return memo;
    this.wantMemo.set(ri, t, false); // cycle guard
    let v = this.member(ri, t);
    if (v) {
      const e = entryOf(this.ix, ri.name, t);
      if (e.restart?.phase === 'down') v = false;
      else if (groupRuntime(this.ix, ri.group.name).restarting?.[t]?.phase === 'down') v = false;
      else {
        // Offline-restart: while the dependee goes down (or cannot come up) the dependent is taken
        // down; while the dependee is on its way up, the start gates order them like a strong dependency.
        for (const d of ri.deps) {
          if (d.flavour !== 'offline-restart') continue;
          const fine = this.candidates(d, t).some((u) => (isUpState(entryOf(this.ix, d.to.name, u).state) ? this.wantUp(d.to, u) : this.canComeUp(d.to, u)));
          if (!fine) { v = false; break; }
        }
      }
    }
    this.wantMemo.set(ri, t, v);
    return v;
  }

  /** Up on `t` and staying up: dependents may start on it. */
  upAndStaying(ri: ResourceInfo, t: TargetKey): boolean {
    return isUpState(entryOf(this.ix, ri.name, t).state) && this.wantUp(ri, t);
  }

  /** It can (eventually) come up on `t`: member, not failed, its group not blocked there, its strong dependees can come up. */
  canComeUp(ri: ResourceInfo, t: TargetKey): boolean {
    const memo = this.comeMemo.get(ri, t);
    if (memo !== undefined) return memo;
    this.comeMemo.set(ri, t, false);
    let v = this.member(ri, t) && !isFailedState(entryOf(this.ix, ri.name, t).state) && this.groupStartWait(ri.group, t)?.blocked !== true;
    if (v) for (const d of ri.deps) {
      if (d.flavour === 'weak') continue;
      if (!this.candidates(d, t).some((u) => this.canComeUp(d.to, u))) { v = false; break; }
    }
    this.comeMemo.set(ri, t, v);
    return v;
  }

  /** Targets where the dependee of `d` may satisfy it for a dependent on `t`. */
  candidates(d: DepEdge, t: TargetKey): readonly TargetKey[] {
    if (d.scope === 'local') return [t];
    const set = new Set<TargetKey>(this.placement(d.to.group).masters);
    const entries = this.ix.status.resources[d.to.name]?.targets;
    if (entries) for (const u of Object.keys(entries)) set.add(u);
    const all = [...set];
    if (d.scope === 'any') return all;
    const node = d.scope.node;
    return all.filter((u) => parseNodeTarget(u).node === node);
  }

  /** Why `ri` may not run Start on `t` yet because of `d`, or undefined when `d` is satisfied. */
  startDependencyWait(d: DepEdge, t: TargetKey): Wait | undefined {
    if (d.scope === 'local' && this.upAndStaying(d.to, t)) return undefined; // the common case, without allocating
    const cands = this.candidates(d, t);
    if (d.scope !== 'local' && cands.some((u) => this.upAndStaying(d.to, u))) return undefined;
    const coming = cands.some((u) => this.canComeUp(d.to, u));
    if (d.flavour === 'weak' && !coming) return undefined;
    const describe = (): string => `${d.from.name} waits for ${d.to.name} (${d.text}${d.implicit ? '' : scopeNote(d)}): ${this.describe(d.to, cands)}`;
    return lazyWait(describe, !coming, d.to.group !== d.from.group);
  }

  /** Why `ri` may not run Prenet_start on `t` yet because of `d`. */
  prenetDependencyWait(d: DepEdge, t: TargetKey): Wait | undefined {
    const cands = this.candidates(d, t);
    const coming = cands.filter((u) => this.canComeUp(d.to, u) || this.upAndStaying(d.to, u));
    if (d.flavour === 'weak' && coming.length === 0) return undefined;
    if (coming.some((u) => this.prenetDone(d.to, u))) return undefined;
    const describe = (): string => `${d.from.name} waits for ${d.to.name} to finish Prenet_start (${d.text}): ${this.describe(d.to, cands)}`;
    return lazyWait(describe, coming.length === 0, d.to.group !== d.from.group);
  }

  prenetDone(ri: ResourceInfo, u: TargetKey): boolean {
    const e = entryOf(this.ix, ri.name, u);
    if (isUpState(e.state)) return true;
    if (!ri.type.declares('Prenet_start')) return e.inFlight === undefined || e.inFlight.purpose !== 'stop';
    return e.state === 'STARTING' && e.lastMethod === 'Prenet_start' && e.inFlight === undefined;
  }

  /** The group is fully up on `t` (every member up or settled in a failure). */
  groupUpOn(gi: GroupInfo, t: TargetKey): boolean {
    const memo = this.upOnMemo.get(gi, t);
    if (memo !== undefined) return memo;
    let v = this.placement(gi).masters.includes(t);
    if (v) for (const ri of gi.resources) {
      if (!this.member(ri, t)) continue;
      const e = entryOf(this.ix, ri.name, t);
      if (e.inFlight !== undefined || !(isUpState(e.state) || e.state === 'START_FAILED')) { v = false; break; }
    }
    this.upOnMemo.set(gi, t, v);
    return v;
  }

  groupUpSomewhere(gi: GroupInfo): boolean {
    return this.placement(gi).masters.some((t) => this.groupUpOn(gi, t));
  }

  occupiesTarget(gi: GroupInfo, t: TargetKey): boolean {
    return this.placement(gi).occ.targets.includes(t);
  }

  /** Group-level conditions for any start-type method of `gi` on `t` (spec §2.5, §4.3; DESIGN safety). */
  groupStartWait(gi: GroupInfo, t: TargetKey): Wait | undefined {
    const memo = this.startGateMemo.get(gi, t);
    if (memo !== undefined) return memo ?? undefined;
    this.startGateMemo.set(gi, t, null); // cycle guard: a gate reached again while computing is open
    const w = this.computeGroupStartWait(gi, t);
    this.startGateMemo.set(gi, t, w ?? null);
    return w;
  }

  private computeGroupStartWait(gi: GroupInfo, t: TargetKey): Wait | undefined {
    const p = this.placement(gi);
    if (gi.failover) {
      const others = p.occ.targets.filter((x) => x !== t);
      const sf = p.occ.stopFailed.filter((x) => x !== t);
      if (sf.length > 0) return { why: `${gi.name} is STOP_FAILED on ${sf.join(', ')}: a failover group never starts on a second node until that is cleared or the node is fenced`, blocked: true, crossGroup: false };
      if (others.length > 0) return { why: `${gi.name} is still going offline on ${others.join(', ')} (a failover group is online on at most one node)`, blocked: false, crossGroup: false };
    }
    for (const a of gi.affinities) {
      if ((a.kind === '++' || a.kind === '+++') && !this.groupUpOn(a.other, t)) {
        return { why: `${gi.name} waits for ${a.other.name} to be online on ${t} (RG_affinities ${a.text})`, blocked: !this.groupCanComeUpOn(a.other, t), crossGroup: true };
      }
      if (a.kind === '--' && this.occupiesTarget(a.other, t)) {
        return { why: `${gi.name} waits for ${a.other.name} to leave ${t} (RG_affinities ${a.text})`, blocked: false, crossGroup: true };
      }
    }
    for (const s of gi.affinitySources) {
      if (s.kind === '--' && this.occupiesTarget(s.other, t)) {
        return { why: `${gi.name} waits for ${s.other.name} to leave ${t} (${s.other.name} has RG_affinities ${s.text}: it is evicted)`, blocked: false, crossGroup: true };
      }
    }
    for (const d of gi.rgDeps) {
      if (!this.groupUpSomewhere(d)) {
        return { why: `${gi.name} waits for ${d.name} to be online (RG_dependencies)`, blocked: !this.groupCanComeUp(d), crossGroup: true };
      }
    }
    return undefined;
  }

  /** Some master of the group can (eventually) have all its members up. */
  groupCanComeUp(gi: GroupInfo): boolean {
    return this.placement(gi).masters.some((t) => this.groupCanComeUpOn(gi, t));
  }

  /** `t` is a master of the group and all its members there can (eventually) be up. */
  groupCanComeUpOn(gi: GroupInfo, t: TargetKey): boolean {
    const memo = this.groupComeMemo.get(gi, t);
    if (memo !== undefined) return memo;
    this.groupComeMemo.set(gi, t, false); // cycle guard
    const v = this.placement(gi).masters.includes(t) && this.groupStartWait(gi, t)?.blocked !== true
      && gi.resources.every((ri) => !this.member(ri, t) || isUpState(entryOf(this.ix, ri.name, t).state) || this.canComeUp(ri, t));
    this.groupComeMemo.set(gi, t, v);
    return v;
  }

  /** Group-level conditions for Stop methods of `gi` on `t`: dependents leave first. */
  groupStopWait(gi: GroupInfo, t: TargetKey): Wait | undefined {
    for (const d of gi.rgDependents) {
      const p = this.placement(d);
      const leaving = p.occ.targets.filter((x) => !p.masters.includes(x));
      if (leaving.length > 0) return { why: `${gi.name} waits for ${d.name} to go offline first (RG_dependencies of ${d.name})`, blocked: false, crossGroup: true };
    }
    for (const s of gi.affinitySources) {
      if ((s.kind === '++' || s.kind === '+++') && this.occupiesTarget(s.other, t) && !this.placement(s.other).masters.includes(t)) {
        return { why: `${gi.name} waits for ${s.other.name} to leave ${t} first (RG_affinities ${s.text})`, blocked: false, crossGroup: true };
      }
    }
    return undefined;
  }

  /** Why `ri` may not run Stop on `t` yet: a dependent that is also going down has not stopped. */
  stopDependentsWait(ri: ResourceInfo, t: TargetKey): Wait | undefined {
    for (const d of ri.dependents) {
      const targets = d.scope === 'local' ? [t] : Object.keys(this.ix.status.resources[d.from.name]?.targets ?? {});
      for (const u of targets) {
        if (d.scope !== 'local' && !this.candidates(d, u).includes(t)) continue;
        const e = entryOf(this.ix, d.from.name, u);
        if (stopDone(e)) continue;
        if (e.state === 'STOP_FAILED') return { why: `${ri.name} stays up: its dependent ${d.from.name} is STOP_FAILED on ${u}`, blocked: true, crossGroup: d.from.group !== ri.group };
        if (!this.wantUp(d.from, u) || e.inFlight?.purpose === 'stop') return { why: `${ri.name} waits for its dependent ${d.from.name} to stop on ${u} (${d.text})`, blocked: false, crossGroup: d.from.group !== ri.group };
      }
    }
    return undefined;
  }

  private describe(ri: ResourceInfo, cands: readonly TargetKey[]): string {
    if (!ri.r.enabled) return `${ri.name} is disabled`;
    if (!ri.group.g.managed) return `${ri.group.name} is unmanaged`;
    const states = cands.map((u) => `${entryOf(this.ix, ri.name, u).state} on ${u}`);
    const p = this.placement(ri.group);
    if (p.masters.length === 0) return `${ri.group.name} is not online anywhere${states.length > 0 ? ` (${states.join(', ')})` : ''}`;
    if (states.length === 0) return `${ri.name} is not online where needed (${ri.group.name} is on ${p.masters.join(', ')})`;
    return states.join(', ');
  }
}

function scopeNote(d: DepEdge): string {
  if (d.text.includes('{') || d.text.includes('@')) return '';
  return d.from.group === d.to.group ? '' : `, ${formatScope(d.scope === 'local' ? 'local' : d.scope === 'any' ? 'any' : d.scope)} from RG_affinities`;
}

/**
 * A memo keyed by (object order, target) packed into one number: no per-call string keys or nested
 * maps on the hot path. Targets are interned per memo (there are at most a few thousand).
 */
class Memo<K extends { readonly order: number }, V> {
  private readonly map = new Map<number, V>();
  private readonly targets = new Map<TargetKey, number>();
  private key(k: K, t: TargetKey): number {
    let i = this.targets.get(t);
    if (i === undefined) { i = this.targets.size; this.targets.set(t, i); }
    return k.order * 65536 + i;
  }
  get(k: K, t: TargetKey): V | undefined {
    return this.map.get(this.key(k, t));
  }
  set(k: K, t: TargetKey, v: V): void {
    this.map.set(this.key(k, t), v);
  }
}

/** A Wait whose message is only built if someone reads it (a class: its getter lives on the prototype). */
class LazyWait implements Wait {
  constructor(private readonly describe: () => string, readonly blocked: boolean, readonly crossGroup: boolean) {}
  get why(): string {
    return this.describe();
  }
}

const lazyWait = (describe: () => string, blocked: boolean, crossGroup: boolean): Wait => new LazyWait(describe, blocked, crossGroup);
