import type { MethodName, PendingItem, ResourceTargetStatus } from '../model/index.js';
import type { ClusterIndex, ResourceInfo } from './cluster-index.js';
import type { PolicyEvent } from './events.js';
import { pruneFailures } from './reduce-effects.js';
import { settle } from './reduce-settle.js';
import { isUpState } from './runtime.js';
import { setOpt, withKey, without, type StatusDraft } from './status-draft.js';

type MethodResult = Extract<PolicyEvent, { kind: 'method-result' }>;

export const succeeded = (r: { readonly execution: string; readonly exitCode?: number }): boolean => r.execution === 'done' && (r.exitCode ?? 0) === 0;

export function describeResult(r: { readonly execution: string; readonly exitCode?: number; readonly message?: string }): string {
  const how = r.execution === 'done' ? `exit ${r.exitCode ?? 0}` : r.execution;
  return r.message ? `${how}: ${r.message}` : how;
}

/**
 * Folds a method result into the resource state machine (spec §4.1, §3.3). A result whose action is
 * not in flight for that resource and target is stale and ignored.
 */
export function methodResult(d: StatusDraft, ix: ClusterIndex, ev: MethodResult): void {
  const ri = ix.resources.get(ev.resource);
  const e = d.entry(ev.resource, ev.target);
  if (!ri || e.inFlight?.actionId !== ev.actionId || e.inFlight.method !== ev.method) return;
  const ok = succeeded(ev);
  const purpose = e.inFlight.purpose;
  const base = without(e, 'inFlight');
  const fail = (state: 'START_FAILED' | 'STOP_FAILED' | 'MONITOR_FAILED'): ResourceTargetStatus =>
    ({ ...without(base, 'lastMethod'), state, status: 'FAULTED', statusMessage: `${ev.method} failed (${describeResult(ev)})`, sinceMs: d.now });
  switch (purpose) {
    case 'start':
      if (ok) d.setEntry(ri.name, ev.target, afterUp(ri, base, ev.method, d.now));
      else {
        d.setEntry(ri.name, ev.target, fail('START_FAILED'));
        recordStartFailure(d, ri, ev);
      }
      break;
    case 'monitor':
      d.setEntry(ri.name, ev.target, ok ? { ...base, state: 'ONLINE', lastMethod: ev.method, sinceMs: d.now } : fail('MONITOR_FAILED'));
      break;
    case 'stop':
      d.setEntry(ri.name, ev.target, ok ? afterDown(ri, base, ev.method, d.now) : fail('STOP_FAILED'));
      break;
    case 'unmonitor':
      d.setEntry(ri.name, ev.target, ok ? { ...base, state: 'ONLINE_NOT_MONITORED', lastMethod: 'Monitor_stop', sinceMs: d.now } : fail('STOP_FAILED'));
      break;
    case 'init': case 'boot':
      d.setEntry(ri.name, ev.target, { ...base, initialized: true, bootedAtMs: d.now, ...(ok ? {} : { statusMessage: `${ev.method} failed (${describeResult(ev)})` }) });
      break;
    case 'fini': {
      const rest = without(base, 'initialized', 'bootedAtMs');
      const plain = rest.state === 'OFFLINE' && rest.restart === undefined && rest.updatePending === undefined;
      d.setEntry(ri.name, ev.target, plain ? undefined : rest);
      break;
    }
    case 'update':
      d.setEntry(ri.name, ev.target, without(base, 'updatePending'));
      break;
    case 'check':
      d.setEntry(ri.name, ev.target, base);
      if (e.inFlight.forItem !== undefined) recordCheck(d, e.inFlight.forItem, ev.target, ok);
      break;
  }
  settle(d, ri.group, ev.target, purpose === 'stop' && ok);
}

/** After a successful Prenet_start or Start: STARTING until Start is done, then (un)monitored online. */
function afterUp(ri: ResourceInfo, e: ResourceTargetStatus, m: MethodName, now: number): ResourceTargetStatus {
  const clean = without(e, 'ignoreFailedStart', 'statusMessage');
  if (m === 'Prenet_start' && ri.type.declares('Start')) return { ...clean, state: 'STARTING', lastMethod: m, sinceMs: now };
  const state = ri.type.declares('Monitor_start') ? 'ONLINE_NOT_MONITORED' : 'ONLINE';
  return { ...clean, state, status: 'OK', lastMethod: m, sinceMs: now };
}

/** After a successful Monitor_stop, Stop or Postnet_stop: STOPPING until the last declared one, then OFFLINE. */
function afterDown(ri: ResourceInfo, e: ResourceTargetStatus, m: MethodName, now: number): ResourceTargetStatus {
  const order: MethodName[] = ['Monitor_stop', 'Stop', 'Postnet_stop'];
  const rest = order.slice(order.indexOf(m) + 1).filter((x) => ri.type.declares(x) && x !== 'Monitor_stop');
  if (rest.length > 0) return { ...e, state: 'STOPPING', lastMethod: m, sinceMs: now };
  return { ...without(e, 'lastMethod', 'statusMessage', 'ignoreFailedStart', 'updatePending'), state: 'OFFLINE', status: 'OFFLINE', sinceMs: now };
}

function recordStartFailure(d: StatusDraft, ri: ResourceInfo, ev: MethodResult): void {
  const gi = ri.group;
  const g = d.group(gi.name);
  d.setGroup(gi.name, { ...g, failures: pruneFailures([...g.failures, { target: ev.target, atMs: d.now, cause: 'start-failed', resource: ri.name }], d.now, gi.pingpongMs) });
  const item: PendingItem = {
    kind: 'start-failed', id: `start-failed:${ri.name}:${ev.target}:${d.now}`, resource: ri.name, group: gi.name,
    target: ev.target, atMs: d.now, method: ev.method, detail: describeResult(ev),
  };
  d.setPending([...d.status.pending.filter((p) => p.id !== item.id), item]);
}

function recordCheck(d: StatusDraft, itemId: string, target: string, ok: boolean): void {
  d.setPending(d.status.pending.map((p) =>
    p.id === itemId && (p.kind === 'scha-control' || p.kind === 'resource-failed') ? { ...p, checks: { ...(p.checks ?? {}), [target]: ok ? 'ok' : 'failed' } } : p));
}

type ScriptResult = Extract<PolicyEvent, { kind: 'script-result' }>;

/** Folds a userApplication script result; PreCheckScript/PreOnlineScript failures fault the application there. */
export function scriptResult(d: StatusDraft, ix: ClusterIndex, ev: ScriptResult): void {
  const gi = ix.groups.get(ev.group);
  const g = d.group(ev.group);
  const pass = g.scripts?.[ev.target];
  if (!gi || !pass || pass.inFlight?.actionId !== ev.actionId) return;
  const ok = succeeded(ev);
  const next = { ...without(pass, 'inFlight'), done: [...pass.done, ev.script] };
  const ended = ev.script === 'OfflineDoneScript' && !next.faultPending;
  d.setGroup(ev.group, setOpt(g, 'scripts', withKey(g.scripts, ev.target, ended ? undefined : next)));
  if (!ok && (ev.script === 'PreCheckScript' || ev.script === 'PreOnlineScript')) {
    const item: PendingItem = {
      kind: 'script-failed', id: `script-failed:${gi.name}:${ev.target}:${d.now}`, group: gi.name, target: ev.target,
      atMs: d.now, script: ev.script, detail: describeResult(ev),
    };
    d.setPending([...d.status.pending.filter((p) => p.id !== item.id), item]);
  }
  settle(d, gi, ev.target, false);
}

type MonitorFailed = Extract<PolicyEvent, { kind: 'monitor-failed' }>;

/** Monitoring reports a failure: a probe failure waits for a recovery decision; a dead monitor is MONITOR_FAILED. */
export function monitorFailed(d: StatusDraft, ix: ClusterIndex, ev: MonitorFailed): void {
  const ri = ix.resources.get(ev.resource);
  const e = d.entry(ev.resource, ev.target);
  if (!ri || !isUpState(e.state)) return;
  const message = ev.message ?? (ev.cause === 'monitor-died' ? 'fault monitor died' : 'monitor reported a failure');
  if (ev.cause === 'monitor-died') {
    d.setEntry(ri.name, ev.target, { ...e, state: 'MONITOR_FAILED', statusMessage: message, sinceMs: d.now });
    return;
  }
  d.setEntry(ri.name, ev.target, { ...e, status: 'FAULTED', statusMessage: message });
  // Maintenance mode: the fault is shown, not acted on (hvutil -m off/forceoff looks at it again).
  if (d.group(ri.group.name).maintenance) return;
  if (d.status.pending.some((p) => p.kind === 'resource-failed' && p.resource === ri.name && p.target === ev.target)) return;
  const item: PendingItem = { kind: 'resource-failed', id: `resource-failed:${ri.name}:${ev.target}:${d.now}`, resource: ri.name, group: ri.group.name, target: ev.target, atMs: d.now, detail: message };
  d.setPending([...d.status.pending, item]);
}
