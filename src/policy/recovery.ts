import type { CandidateChecks, PendingItem, TargetKey } from '../model/index.js';
import type { RecoveryEffect } from './actions.js';
import type { Analysis } from './analysis.js';
import { isSuspended, timeoutOf, type GroupInfo, type ResourceInfo } from './cluster-index.js';
import { ineligibility } from './placement.js';
import type { Collector } from './proposal.js';
import { recent } from './reduce-effects.js';
import { entryOf, formatAt, formatDurationMs, isUpState } from './runtime.js';
import { schaControl } from './scha-control.js';
import { zoneArgs } from './zone-args.js';

/**
 * Settles pending items, oldest first, one per group per pass: scha_control requests get a `reply`,
 * failures a `recover` (spec §2.2, §5.6, §6.1; primecluster §4.5). A group with an item being settled
 * (or waiting for Monitor_check verdicts) is frozen: no other action for it this pass.
 */
export function resolvePending(a: Analysis, out: Collector): Set<string> {
  const frozen = new Set<string>();
  // Maintenance mode (hvutil -m on): no action at all for the group; its pending items wait.
  for (const gi of a.ix.groupList) {
    const mm = a.ix.status.groups[gi.name]?.maintenance;
    if (mm === undefined) continue;
    frozen.add(gi.name);
    out.note(`group ${gi.name}`, `${gi.name} is in maintenance mode since ${formatAt(mm.sinceMs)}: the RGM takes no action for it until hvutil -m off`);
  }
  for (const item of a.ix.status.pending) {
    if (frozen.has(item.group)) continue;
    const gi = a.ix.groups.get(item.group);
    if (item.kind === 'scha-control') {
      if (schaControl(a, out, item, gi)) frozen.add(item.group);
      continue;
    }
    if (!gi) {
      out.add({ kind: 'recover', incident: item.id, group: item.group, effects: [], reason: `${item.group} no longer exists; nothing to recover` });
      continue;
    }
    frozen.add(item.group);
    switch (item.kind) {
      case 'start-failed': startFailed(a, out, item, gi); break;
      case 'resource-failed': resourceFailed(a, out, item, gi); break;
      case 'host-failure': case 'shutdown': switchTrigger(out, item, gi); break;
      case 'script-failed': rmsFault(out, item, gi, `${item.script} failed on ${item.target} (${item.detail})`); break;
    }
  }
  return frozen;
}

const restarts = (n: number): string => `${n} restart${n === 1 ? '' : 's'}`;

type Item<K extends PendingItem['kind']> = Extract<PendingItem, { kind: K }>;

function recover(out: Collector, item: PendingItem, effects: readonly RecoveryEffect[], reason: string): void {
  out.add({ kind: 'recover', incident: item.id, group: item.group, effects, reason });
}

/** Start/Prenet_start failed (spec §2.2): SOFT/HARD relocate when another node can take the group. */
function startFailed(a: Analysis, out: Collector, item: Item<'start-failed'>, gi: GroupInfo): void {
  const ri = a.ix.resources.get(item.resource);
  const what = `${item.method} of ${item.resource} failed on ${item.target} (${item.detail})`;
  if (gi.rms) return rmsFault(out, item, gi, what);
  if (!ri) return recover(out, item, [], `${what}; the resource no longer exists`);
  const e = entryOf(a.ix, ri.name, item.target);
  if (e.ignoreFailedStart) return recover(out, item, [], `${what}; IGNORE_FAILED_START was requested: ${gi.name} is not moved`);
  if (ri.failoverMode !== 'SOFT' && ri.failoverMode !== 'HARD') {
    return recover(out, item, [], `${what}; Failover_mode=${ri.failoverMode} does not move the group: ${gi.name} stays on ${item.target} (ONLINE_FAULTED)`);
  }
  if (isSuspended(a.ix, gi)) return recover(out, item, [], `${what}; automatic recovery of ${gi.name} is suspended: it stays on ${item.target}`);
  const plan = relocationPlan(a, gi, item.target, undefined);
  if (plan.candidates.length === 0) {
    return recover(out, item, [], `${what}; Failover_mode=${ri.failoverMode} would move ${plan.subject.name}, but no other target can take it (${plan.refused.join('; ') || 'no other target in its Nodelist'}): it stays on ${item.target} (ONLINE_FAULTED)`);
  }
  const to = plan.toSet(plan.candidates[0] as TargetKey);
  const reason = `${what}; Failover_mode=${ri.failoverMode}: ${plan.subject.name} moves from ${item.target} to ${to.join(',')}${plan.via}`;
  recover(out, item, [{ kind: 'relocate', group: plan.subject.name, from: item.target, to, reason: `${item.method} of ${ri.name} failed there` }], reason);
}

/**
 * A monitor reported a failure (the RGM's scds_fm_action, spec §6.1): restart within Retry_count per
 * Retry_interval, then fail over (unless RESTART_ONLY/LOG_ONLY); if no node can take the group,
 * restart in place and reset the history. userApplications follow RMS: Faulted, then AutoSwitchOver.
 */
function resourceFailed(a: Analysis, out: Collector, item: Item<'resource-failed'>, gi: GroupInfo): void {
  const ri = a.ix.resources.get(item.resource);
  const what = `${item.resource} failed on ${item.target} (${item.detail})`;
  if (!ri) return recover(out, item, [], `${what}; the resource no longer exists`);
  if (!isUpState(entryOf(a.ix, ri.name, item.target).state)) return recover(out, item, [], `${what}; it is no longer online there: nothing to recover`);
  if (gi.rms) return rmsFault(out, item, gi, what);
  if (isSuspended(a.ix, gi)) return recover(out, item, [], `${what}; automatic recovery of ${gi.name} is suspended: nothing is done`);
  if (ri.failoverMode === 'LOG_ONLY') return recover(out, item, [], `${what}; Failover_mode=LOG_ONLY: only logged`);
  const history = recent(a.ix.status.resources[ri.name]?.restartsMs?.[item.target], a.ix.now, ri.retryIntervalMs).length;
  const budget = `Retry_count=${ri.retryCount} within Retry_interval=${formatDurationMs(ri.retryIntervalMs)}`;
  if (ri.retryCount < 0 || history < ri.retryCount) {
    const nth = `restart ${history + 1} of ${ri.retryCount < 0 ? 'unlimited' : ri.retryCount}, ${budget}`;
    return recover(out, item, [{ kind: 'restart-resource', resource: ri.name, target: item.target, count: true, reason: `its monitor reported a failure (${nth})` }],
      `${what}; restart ${ri.name} on ${item.target} (${nth})`);
  }
  if (ri.failoverMode === 'RESTART_ONLY') {
    return recover(out, item, [], `${what}; ${restarts(history)} already (${budget}) and Failover_mode=RESTART_ONLY forbids failover: it stays faulted`);
  }
  const plan = relocationPlan(a, gi, item.target, ri);
  const verdict = checkCandidates(a, out, item, ri, plan.candidates);
  if (verdict.kind === 'waiting') return;
  if (verdict.kind === 'none') {
    const why = [...plan.refused, ...verdict.rejected].join('; ') || 'no other target in its Nodelist';
    return recover(out, item, [{ kind: 'restart-resource', resource: ri.name, target: item.target, count: false, resetHistory: true, reason: 'no other node could take the group; restarting in place' }],
      `${what}; ${restarts(history)} already (${budget}), but no other target can take ${plan.subject.name} (${why}): restart ${ri.name} in place and reset its history`);
  }
  const to = plan.toSet(verdict.target);
  recover(out, item, [{ kind: 'relocate', group: plan.subject.name, from: item.target, to, giveoverBy: ri.name, reason: `${ri.name} failed there` }],
    `${what}; ${restarts(history)} already (${budget}): ${plan.subject.name} fails over from ${item.target} to ${to.join(',')}${plan.via}`);
}

/** RMS: a resource fault faults the application there; AutoSwitchOver=ResourceFailure decides the switchover (primecluster §4.5). */
function rmsFault(out: Collector, item: PendingItem & { readonly target: TargetKey }, gi: GroupInfo, what: string): void {
  const switches = gi.autoSwitchOver.has('ResourceFailure');
  const reason = switches
    ? `${what}: ${gi.name} is Faulted on ${item.target}; AutoSwitchOver includes ResourceFailure: it goes offline there and switches to the next node of its PriorityList`
    : `${what}: ${gi.name} is Faulted on ${item.target}; AutoSwitchOver does not include ResourceFailure: it goes offline and waits for hvswitch or hvutil -c`;
  recover(out, item, [{ kind: 'fault', group: gi.name, target: item.target, hold: !switches, reason: what }], reason);
}

/** RMS: the node of a userApplication failed (HostFailure) or RMS is shut down there (ShutDown). */
function switchTrigger(out: Collector, item: Item<'host-failure' | 'shutdown'>, gi: GroupInfo): void {
  const trigger = item.kind === 'host-failure' ? 'HostFailure' : 'ShutDown';
  const what = item.kind === 'host-failure' ? `the node of ${gi.name} failed (${item.target})` : `RMS is shut down on ${item.target}`;
  if (!gi.rms) return recover(out, item, [], what);
  if (gi.autoSwitchOver.has(trigger)) {
    return recover(out, item, [{ kind: 'switch-over', group: gi.name, reason: `AutoSwitchOver=${trigger}: switch over from ${item.target}` }], `${what}; AutoSwitchOver includes ${trigger}: ${gi.name} switches over`);
  }
  recover(out, item, [{ kind: 'hold', group: gi.name, reason: `${what} and AutoSwitchOver does not include ${trigger}` }],
    `${what}; AutoSwitchOver does not include ${trigger}: ${gi.name} stays offline until hvswitch or until a node of its PriorityList joins`);
}

export interface RelocationPlan {
  /** The group that moves: the group itself, or the target of its `+++` affinity (failover delegation). */
  readonly subject: GroupInfo;
  readonly via: string;
  readonly candidates: readonly TargetKey[];
  readonly refused: readonly string[];
  readonly toSet: (chosen: TargetKey) => TargetKey[];
}

/** Where the group could go if it left `from` (spec §5.6 GIVEOVER checks, anti-ping-pong). */
export function relocationPlan(a: Analysis, gi: GroupInfo, from: TargetKey, by: ResourceInfo | undefined): RelocationPlan {
  const del = gi.affinities.find((x) => x.kind === '+++' && a.occupiesTarget(x.other, from));
  const subject = del ? del.other : gi;
  const via = del ? ` (delegated to ${subject.name}: RG_affinities ${del.text})` : '';
  const p = a.placement(subject);
  const candidates: TargetKey[] = [];
  const refused: string[] = [];
  for (const t of subject.nodelist) {
    if (t === from || p.occ.targets.includes(t) || (!subject.failover && p.masters.includes(t))) continue;
    let why = ineligibility(a.ix, subject, a.placements, t, true, false);
    if (why === undefined && by !== undefined) {
      const gave = recent(a.ix.status.resources[by.name]?.giveoversMs?.[t], a.ix.now, subject.pingpongMs);
      const last = gave[gave.length - 1];
      if (last !== undefined) why = `${by.name} gave ${subject.name} over from ${t} at ${formatAt(last)}, within Pingpong_interval (${formatDurationMs(subject.pingpongMs)})`;
    }
    if (why === undefined) candidates.push(t);
    else refused.push(`${t}: ${why}`);
  }
  const toSet = (chosen: TargetKey): TargetKey[] => (subject.failover ? [chosen] : [...new Set([...p.masters.filter((t) => t !== from), chosen])]);
  return { subject, via, candidates, refused, toSet };
}

export type CheckVerdict =
  | { readonly kind: 'chosen'; readonly target: TargetKey }
  | { readonly kind: 'none'; readonly rejected: readonly string[] }
  | { readonly kind: 'waiting' };

/**
 * Monitor_check on candidates, one at a time in preference order, when the type declares it (spec
 * §3.3): the first that accepts is chosen; a failover is cancelled when all reject.
 */
export function checkCandidates(
  a: Analysis, out: Collector, item: PendingItem & { readonly checks?: CandidateChecks }, ri: ResourceInfo, candidates: readonly TargetKey[],
): CheckVerdict {
  if (!ri.type.declares('Monitor_check')) {
    const first = candidates[0];
    return first === undefined ? { kind: 'none', rejected: [] } : { kind: 'chosen', target: first };
  }
  const rejected: string[] = [];
  for (const t of candidates) {
    const v = item.checks?.[t];
    if (v === 'ok') return { kind: 'chosen', target: t };
    if (v === 'failed') { rejected.push(`${t}: Monitor_check rejected it`); continue; }
    if (v === 'pending' || entryOf(a.ix, ri.name, t).inFlight) return { kind: 'waiting' };
    const args = zoneArgs(ri, t);
    out.add({
      kind: 'run-method', resource: ri.name, group: ri.group.name, type: ri.type.type.name, target: t, method: 'Monitor_check', purpose: 'check',
      timeoutS: timeoutOf(ri, 'Monitor_check'), forItem: item.id, reason: `check that ${t} can take ${ri.group.name} (Monitor_check of ${ri.name})`,
      ...(args ? { args } : {}),
    });
    return { kind: 'waiting' };
  }
  return { kind: 'none', rejected };
}

