import type { GroupFailure, TargetKey } from '../model/index.js';
import type { RecoveryEffect } from './actions.js';
import type { ClusterIndex } from './cluster-index.js';
import { settle } from './reduce-settle.js';
import { isUpState } from './runtime.js';
import { setOpt, withKey, without, type StatusDraft } from './status-draft.js';

/** Applies the effects of an issued `reply` or `recover` action (see RecoveryEffect). */
export function applyEffects(d: StatusDraft, ix: ClusterIndex, effects: readonly RecoveryEffect[]): void {
  for (const fx of effects) applyEffect(d, ix, fx);
}

function applyEffect(d: StatusDraft, ix: ClusterIndex, fx: RecoveryEffect): void {
  switch (fx.kind) {
    case 'restart-resource': {
      const ri = ix.resources.get(fx.resource);
      if (!ri) return;
      const e = d.entry(fx.resource, fx.target);
      d.setEntry(fx.resource, fx.target, { ...e, restart: { reason: fx.reason, atMs: d.now, phase: 'down' } });
      if (fx.resetHistory) setRestarts(d, fx.resource, fx.target, []);
      else if (fx.count) setRestarts(d, fx.resource, fx.target, [...recent(d.runtime(fx.resource)?.restartsMs?.[fx.target], d.now, ri.retryIntervalMs), d.now]);
      settle(d, ri.group, fx.target, false);
      return;
    }
    case 'restart-group': {
      const gi = ix.groups.get(fx.group);
      if (!gi) return;
      let g = d.group(fx.group);
      g = setOpt(g, 'restarting', withKey(g.restarting, fx.target, { reason: fx.reason, atMs: d.now, phase: 'down' as const }));
      if (fx.count) {
        const window = Math.max(...gi.resources.map((r) => r.retryIntervalMs), 0);
        g = setOpt(g, 'restartsMs', withKey(g.restartsMs, fx.target, [...recent(g.restartsMs?.[fx.target], d.now, window), d.now]));
      }
      d.setGroup(fx.group, g);
      settle(d, gi, fx.target, false);
      return;
    }
    case 'relocate': {
      const gi = ix.groups.get(fx.group);
      if (!gi) return;
      let g = d.group(fx.group);
      g = setOpt(g, 'relocating', withKey(g.relocating, fx.from, { reason: fx.reason, atMs: d.now }));
      if (fx.to && fx.to.length > 0) g = { ...g, request: { targets: fx.to, reason: `moved away from ${fx.from} (${fx.reason})`, atMs: d.now } };
      if (fx.giveoverBy !== undefined) {
        g = { ...g, failures: pruneFailures([...g.failures, { target: fx.from, atMs: d.now, cause: 'giveover', resource: fx.giveoverBy }], d.now, gi.pingpongMs) };
        const rr = d.runtime(fx.giveoverBy) ?? { targets: {} };
        d.setRuntime(fx.giveoverBy, { ...rr, giveoversMs: withKey(rr.giveoversMs, fx.from, [...recent(rr.giveoversMs?.[fx.from], d.now, gi.pingpongMs), d.now]) ?? {} });
      }
      d.setGroup(fx.group, g);
      return;
    }
    case 'fault': {
      const gi = ix.groups.get(fx.group);
      if (!gi) return;
      let g = d.group(fx.group);
      g = setOpt(g, 'faults', withKey(g.faults, fx.target, { reason: fx.reason, atMs: d.now }));
      g = { ...g, failures: pruneFailures([...g.failures, { target: fx.target, atMs: d.now, cause: 'fault' }], d.now, gi.pingpongMs) };
      if (fx.hold) g = { ...without(g, 'request'), desire: 'unset', hold: { reason: fx.reason, atMs: d.now } };
      else g = { ...g, request: { targets: [], reason: `AutoSwitchOver=ResourceFailure: switch over from ${fx.target}`, atMs: d.now } };
      if (gi.scripts.FaultScript !== undefined) {
        const pass = g.scripts?.[fx.target] ?? { direction: 'down' as const, done: [] };
        g = setOpt(g, 'scripts', withKey(g.scripts, fx.target, { ...pass, faultPending: true }));
      }
      d.setGroup(fx.group, g);
      return;
    }
    case 'hold':
      d.setGroup(fx.group, { ...without(d.group(fx.group), 'request'), desire: 'unset', hold: { reason: fx.reason, atMs: d.now } });
      return;
    case 'switch-over':
      d.setGroup(fx.group, { ...d.group(fx.group), request: { targets: [], reason: fx.reason, atMs: d.now } });
      return;
    case 'count-restart': {
      const ri = ix.resources.get(fx.resource);
      if (!ri) return;
      setRestarts(d, fx.resource, fx.target, [...recent(d.runtime(fx.resource)?.restartsMs?.[fx.target], d.now, ri.retryIntervalMs), d.now]);
      return;
    }
    case 'ignore-failed-start':
      d.setEntry(fx.resource, fx.target, { ...d.entry(fx.resource, fx.target), ignoreFailedStart: true });
      return;
    case 'set-state': {
      const e = d.entry(fx.resource, fx.target);
      d.setEntry(fx.resource, fx.target, { ...e, state: fx.state, status: isUpState(fx.state) ? 'OK' : 'OFFLINE', sinceMs: d.now });
      const ri = ix.resources.get(fx.resource);
      if (ri) settle(d, ri.group, fx.target, fx.state === 'OFFLINE');
      return;
    }
    case 'end-scripts': {
      const g = d.group(fx.group);
      d.setGroup(fx.group, setOpt(g, 'scripts', withKey(g.scripts, fx.target, undefined)));
      return;
    }
    case 'end-restart': {
      const gi = ix.groups.get(fx.group);
      if (!gi) return;
      const g = d.group(fx.group);
      if (g.restarting?.[fx.target]) d.setGroup(fx.group, setOpt(g, 'restarting', withKey(g.restarting, fx.target, undefined)));
      for (const ri of gi.resources) {
        const e = d.entry(ri.name, fx.target);
        if (e.restart && d.hasEntry(ri.name, fx.target)) d.setEntry(ri.name, fx.target, without(e, 'restart'));
      }
      return;
    }
    case 'drop-request': {
      const g = d.group(fx.group);
      if (g.request) d.setGroup(fx.group, without(g, 'request'));
      return;
    }
    case 'disable-resource':
      return; // a configuration change: the control loop applies it
  }
}

function setRestarts(d: StatusDraft, resource: string, target: TargetKey, times: readonly number[]): void {
  const rr = d.runtime(resource) ?? { targets: {} };
  d.setRuntime(resource, { ...rr, restartsMs: withKey(rr.restartsMs, target, times) ?? {} });
}

/** Times within the last `windowMs` (Retry_interval, Pingpong_interval). */
export function recent(times: readonly number[] | undefined, now: number, windowMs: number): number[] {
  return (times ?? []).filter((t) => now - t < windowMs);
}

export function pruneFailures(list: readonly GroupFailure[], now: number, windowMs: number): GroupFailure[] {
  return list.filter((f) => now - f.atMs < windowMs).slice(-32);
}
