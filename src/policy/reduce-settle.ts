import type { RestartMark, TargetKey } from '../model/index.js';
import type { GroupInfo, ResourceInfo } from './cluster-index.js';
import { isUpState, occupies } from './runtime.js';
import { setOpt, withKey, without, type StatusDraft } from './status-draft.js';

/**
 * Bookkeeping after a fact changed a group's resources on a target: restart marks move from `down`
 * to `up` once offline and go away once back (restarting restart-dependents, spec §2.3); relocation
 * marks go once the group left; a request goes once met; RMS script passes end with the group.
 * `wentDown`: the fact was a completed stop (or a node loss), so a finished offline ends the pass.
 */
export function settle(d: StatusDraft, gi: GroupInfo, t: TargetKey, wentDown: boolean): void {
  for (const ri of gi.resources) settleResourceMark(d, ri, t);
  let g = d.group(gi.name);
  const entries = gi.resources.map((ri) => d.entry(ri.name, t));
  const occupied = entries.some(occupies) || g.scripts?.[t]?.inFlight !== undefined;
  const allDown = entries.every((e) => e.state === 'OFFLINE' && e.inFlight === undefined);
  const fullyUp = fullyUpOn(d, gi, t);

  const mark = g.restarting?.[t];
  if (mark?.phase === 'down' && allDown) g = setOpt(g, 'restarting', withKey<RestartMark>(g.restarting, t, { ...mark, phase: 'up' }));
  else if (mark?.phase === 'up' && fullyUp) g = setOpt(g, 'restarting', withKey<RestartMark>(g.restarting, t, undefined));

  if (!occupied) {
    if (g.relocating?.[t]) g = setOpt(g, 'relocating', withKey(g.relocating, t, undefined));
    if (g.arrivedAtMs?.[t] !== undefined) g = setOpt(g, 'arrivedAtMs', withKey(g.arrivedAtMs, t, undefined));
  }
  if (fullyUp) {
    const last = g.lastOnline ?? [];
    if (!last.includes(t) || last.length !== 1 || !gi.failover) g = { ...g, lastOnline: gi.failover ? [t] : [...new Set([...last, t])].sort() };
    if (g.request) {
      const met = g.request.targets.length === 0 || (gi.failover ? g.request.targets[0] === t : g.request.targets.every((x) => x === t || fullyUpOn(d, gi, x)));
      if (met) g = without(g, 'request');
    }
  }
  const pass = g.scripts?.[t];
  if (pass && allDown && pass.inFlight === undefined && !pass.faultPending) {
    const needsDone = gi.scripts.OfflineDoneScript !== undefined;
    if (pass.direction === 'down' && (!needsDone || pass.done.includes('OfflineDoneScript'))) g = setOpt(g, 'scripts', withKey(g.scripts, t, undefined));
    else if (wentDown && pass.direction === 'up') {
      g = setOpt(g, 'scripts', withKey(g.scripts, t, needsDone ? { direction: 'down', done: [] } : undefined));
    }
  }
  d.setGroup(gi.name, g);
}

/** All enabled resources up (or settled START_FAILED) on `t`, nothing in flight. */
function fullyUpOn(d: StatusDraft, gi: GroupInfo, t: TargetKey): boolean {
  let any = false;
  for (const ri of gi.resources) {
    if (!ri.r.enabled) continue;
    const e = d.entry(ri.name, t);
    if (e.inFlight !== undefined) return false;
    if (!(isUpState(e.state) || e.state === 'START_FAILED')) return false;
    if (isUpState(e.state)) any = true;
  }
  return any;
}

function settleResourceMark(d: StatusDraft, ri: ResourceInfo, t: TargetKey): void {
  const e = d.entry(ri.name, t);
  const m = e.restart;
  if (!m || e.inFlight) return;
  if (m.phase === 'down' && e.state === 'OFFLINE') {
    d.setEntry(ri.name, t, { ...e, restart: { ...m, phase: 'up' } });
  } else if (m.phase === 'up' && (isUpState(e.state) || e.state === 'START_FAILED')) {
    d.setEntry(ri.name, t, without(e, 'restart'));
    if (isUpState(e.state)) restartDependents(d, ri, t);
  }
}

/** Resource_dependencies_restart: after the dependee came back, its dependents restart (spec §2.3). */
function restartDependents(d: StatusDraft, ri: ResourceInfo, t: TargetKey): void {
  for (const edge of ri.dependents) {
    if (edge.flavour !== 'restart') continue;
    const targets = edge.scope === 'local' ? [t] : Object.keys(d.runtime(edge.from.name)?.targets ?? {});
    for (const u of targets) {
      const de = d.entry(edge.from.name, u);
      if (!isUpState(de.state) || de.restart || de.inFlight) continue;
      d.setEntry(edge.from.name, u, { ...de, restart: { reason: `${ri.name} restarted on ${t} (${edge.text})`, atMs: d.now, phase: 'down' } });
    }
  }
}
