import type { PendingItem } from '../model/index.js';
import type { RecoveryEffect, SchaError } from './actions.js';
import type { Analysis } from './analysis.js';
import { isSuspended, type GroupInfo } from './cluster-index.js';
import type { Collector } from './proposal.js';
import { recent } from './reduce-effects.js';
import { checkCandidates, relocationPlan } from './recovery.js';
import { entryOf, formatDurationMs, isUpState } from './runtime.js';

type Request = Extract<PendingItem, { kind: 'scha-control' }>;

/**
 * Answers one scha_control request (spec §5.6, §2.2). Returns true when the group is busy with it
 * this pass (answered, or waiting for Monitor_check verdicts); false when it was deferred (the group
 * is in the middle of a transition) or names nothing. Accepted effects apply when the reply is issued.
 */
export function schaControl(a: Analysis, out: Collector, item: Request, gi: GroupInfo | undefined): boolean {
  const reply = (accepted: boolean, reason: string, effects: readonly RecoveryEffect[] = [], error?: SchaError): true => {
    out.add({ kind: 'reply', requestId: item.id, accepted, effects, reason, ...(error !== undefined ? { error } : {}) });
    return true;
  };
  const label = `scha_control ${item.tag} by ${item.resource} on ${item.target}`;
  const ri = a.ix.resources.get(item.resource);
  if (!ri) return reply(false, `${label}: no resource is named ${item.resource}`, [], 'SCHA_ERR_RSRC');
  if (!gi) return reply(false, `${label}: no resource group is named ${item.group}`, [], 'SCHA_ERR_RG');
  if (ri.group !== gi) return reply(false, `${label}: ${ri.name} is in ${ri.group.name}, not ${gi.name}`, [], 'SCHA_ERR_RSRC');
  const e = entryOf(a.ix, ri.name, item.target);

  switch (item.tag) {
    case 'IGNORE_FAILED_START':
      if (e.state === 'STARTING' || e.inFlight?.purpose === 'start') {
        return reply(true, `${label}: accepted; if this start fails, ${gi.name} is not moved because of it`, [{ kind: 'ignore-failed-start', resource: ri.name, target: item.target }]);
      }
      return reply(false, `${label}: no start of ${ri.name} is in progress on ${item.target}`, [], 'SCHA_ERR_STATE');
    case 'RESOURCE_IS_RESTARTED': {
      const n = recent(a.ix.status.resources[ri.name]?.restartsMs?.[item.target], a.ix.now, ri.retryIntervalMs).length + 1;
      return reply(true, `${label}: counted; NUM_RESOURCE_RESTARTS on ${item.target} is now ${n} (Retry_interval=${formatDurationMs(ri.retryIntervalMs)})`, [{ kind: 'count-restart', resource: ri.name, target: item.target }]);
    }
    case 'CHANGE_STATE_ONLINE': case 'CHANGE_STATE_OFFLINE': {
      if (!ri.type.type.proxy) return reply(false, `${label}: only proxy resources may change their state this way`, [], 'SCHA_ERR_INVAL');
      const state = item.tag === 'CHANGE_STATE_ONLINE' ? 'ONLINE' : 'OFFLINE';
      return reply(true, `${label}: ${ri.name} is now ${state} on ${item.target} (proxy)`, [{ kind: 'set-state', resource: ri.name, target: item.target, state }]);
    }
    default: break;
  }

  if (!a.occupiesTarget(gi, item.target) || !isUpState(e.state)) {
    return reply(false, `${label}: ${gi.name} is not online on ${item.target} (${ri.name} is ${e.state} there)`, [], 'SCHA_ERR_STATE');
  }
  const mode = ri.failoverMode;
  const movesOrRestartsGroup = item.tag === 'GIVEOVER' || item.tag === 'CHECK_GIVEOVER' || item.tag === 'RESTART' || item.tag === 'CHECK_RESTART';
  if (mode === 'LOG_ONLY') {
    return reply(false, `${label}: Failover_mode=LOG_ONLY: the request is only logged`, [], 'SCHA_ERR_CHECKS');
  }
  if (mode === 'RESTART_ONLY' && movesOrRestartsGroup) {
    return reply(false, `${label}: Failover_mode=RESTART_ONLY allows only RESOURCE_RESTART`, [], 'SCHA_ERR_CHECKS');
  }
  if (item.tag === 'RESOURCE_DISABLE') {
    return reply(true, `${label}: ${ri.name} is to be disabled (the configuration change is applied by the control loop)`, [{ kind: 'disable-resource', resource: ri.name }]);
  }
  if (isSuspended(a.ix, gi)) return reply(false, `${label}: automatic recovery of ${gi.name} is suspended`, [], 'SCHA_ERR_CHECKS');
  const busy = gi.resources.find((r) => Object.values(a.ix.status.resources[r.name]?.targets ?? {}).some((x) => x.inFlight !== undefined && x.inFlight.purpose !== 'check'));
  if (busy) {
    out.note(`request ${item.id}`, `${label} waits: ${gi.name} is in the middle of a transition (${busy.name} has a method in flight)`);
    return false;
  }

  switch (item.tag) {
    case 'RESOURCE_RESTART': {
      const n = recent(a.ix.status.resources[ri.name]?.restartsMs?.[item.target], a.ix.now, ri.retryIntervalMs).length;
      const budget = `Retry_count=${ri.retryCount} within Retry_interval=${formatDurationMs(ri.retryIntervalMs)}`;
      if (mode === 'RESTART_ONLY' && ri.retryCount >= 0 && n >= ri.retryCount) {
        return reply(false, `${label}: ${n} restart${n === 1 ? '' : 's'} already (${budget}) and Failover_mode=RESTART_ONLY allows no more`, [], 'SCHA_ERR_CHECKS');
      }
      return reply(true, `${label}: accepted; ${ri.name} restarts on ${item.target} (NUM_RESOURCE_RESTARTS becomes ${n + 1})`,
        [{ kind: 'restart-resource', resource: ri.name, target: item.target, count: true, reason: `scha_control RESOURCE_RESTART by ${ri.name}` }]);
    }
    case 'RESTART': case 'CHECK_RESTART':
      if (item.tag === 'CHECK_RESTART') return reply(true, `${label}: a RESTART of ${gi.name} on ${item.target} would be accepted`);
      return reply(true, `${label}: accepted; ${gi.name} goes offline and back online on ${item.target}`,
        [{ kind: 'restart-group', group: gi.name, target: item.target, count: true, reason: `scha_control RESTART by ${ri.name}` }]);
    case 'GIVEOVER': case 'CHECK_GIVEOVER': {
      const plan = relocationPlan(a, gi, item.target, ri);
      const verdict = checkCandidates(a, out, item, ri, plan.candidates);
      if (verdict.kind === 'waiting') return true;
      if (verdict.kind === 'none') {
        const why = [...plan.refused, ...verdict.rejected].join('; ') || 'no other target in its Nodelist';
        return reply(false, `${label}: no other target can take ${plan.subject.name} (${why})`, [], 'SCHA_ERR_CHECKS');
      }
      const to = plan.toSet(verdict.target);
      if (item.tag === 'CHECK_GIVEOVER') return reply(true, `${label}: a GIVEOVER would move ${plan.subject.name} to ${to.join(',')}${plan.via}`);
      return reply(true, `${label}: accepted; ${plan.subject.name} moves from ${item.target} to ${to.join(',')}${plan.via}`,
        [{ kind: 'relocate', group: plan.subject.name, from: item.target, to, giveoverBy: ri.name, reason: `scha_control GIVEOVER by ${ri.name}` }]);
    }
    default:
      return reply(false, `${label}: unsupported tag`, [], 'SCHA_ERR_INVAL');
  }
}
