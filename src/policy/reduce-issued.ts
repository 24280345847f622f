import type { ResourceTargetStatus, ScriptPass, UserApplicationScript } from '../model/index.js';
import { actionNumber, type Action } from './actions.js';
import type { ClusterIndex } from './cluster-index.js';
import { applyEffects } from './reduce-effects.js';
import { setOpt, withKey, type StatusDraft } from './status-draft.js';

const UP_SCRIPTS: readonly UserApplicationScript[] = ['PreCheckScript', 'PreOnlineScript', 'PostOnlineScript'];
const DOWN_SCRIPTS: readonly UserApplicationScript[] = ['PreOfflineScript', 'OfflineDoneScript'];

/**
 * The control loop handed these actions out: methods and scripts are in flight (STARTING/STOPPING),
 * fences are pending, and the effects of replies and recoveries take place. Issuing the same action
 * twice changes nothing the second time.
 */
export function actionsIssued(d: StatusDraft, ix: ClusterIndex, actions: readonly Action[]): void {
  let seq = d.status.seq;
  for (const a of actions) {
    const n = actionNumber(a.id);
    if (Number.isFinite(n) && n >= seq) seq = n + 1;
    switch (a.kind) {
      case 'run-method': {
        const e = d.entry(a.resource, a.target);
        if (e.inFlight) break;
        const inFlight = { actionId: a.id, method: a.method, purpose: a.purpose, sinceMs: d.now, ...(a.forItem !== undefined ? { forItem: a.forItem } : {}) };
        let next: ResourceTargetStatus = { ...e, inFlight };
        if (a.purpose === 'start' && (e.state === 'OFFLINE' || e.state === 'STARTING')) next = { ...next, state: 'STARTING', sinceMs: d.now };
        if (a.purpose === 'stop' && e.state !== 'STOPPING' && e.state !== 'STOP_FAILED') next = { ...next, state: 'STOPPING', sinceMs: d.now };
        d.setEntry(a.resource, a.target, next);
        if (a.purpose === 'start') {
          const g = d.group(a.group);
          if (g.arrivedAtMs?.[a.target] === undefined) d.setGroup(a.group, setOpt(g, 'arrivedAtMs', withKey(g.arrivedAtMs, a.target, d.now)));
        }
        if (a.purpose === 'check' && a.forItem !== undefined) {
          d.setPending(d.status.pending.map((p) =>
            p.id === a.forItem && (p.kind === 'scha-control' || p.kind === 'resource-failed') ? { ...p, checks: { ...(p.checks ?? {}), [a.target]: 'pending' as const } } : p));
        }
        break;
      }
      case 'run-script': {
        const g = d.group(a.group);
        const old = g.scripts?.[a.target];
        let pass: ScriptPass = old ?? { direction: DOWN_SCRIPTS.includes(a.script) ? 'down' : 'up', done: [] };
        if (pass.inFlight) break;
        if (UP_SCRIPTS.includes(a.script) && pass.direction !== 'up') pass = { direction: 'up', done: [] };
        if (DOWN_SCRIPTS.includes(a.script) && pass.direction !== 'down') pass = { direction: 'down', done: [] };
        pass = { ...pass, inFlight: { actionId: a.id, script: a.script, sinceMs: d.now } };
        if (a.script === 'FaultScript') pass = setOpt(pass, 'faultPending', undefined);
        d.setGroup(a.group, setOpt(g, 'scripts', withKey(g.scripts, a.target, pass)));
        if (g.arrivedAtMs?.[a.target] === undefined && UP_SCRIPTS.includes(a.script)) {
          const g2 = d.group(a.group);
          d.setGroup(a.group, setOpt(g2, 'arrivedAtMs', withKey(g2.arrivedAtMs, a.target, d.now)));
        }
        break;
      }
      case 'fence-node': {
        const m = d.node(a.node);
        if (m && !m.fencing) d.setNode(a.node, { ...m, fencing: { actionId: a.id, sinceMs: d.now } });
        break;
      }
      case 'reply': {
        if (!d.status.pending.some((p) => p.kind === 'scha-control' && p.id === a.requestId)) break;
        d.setPending(d.status.pending.filter((p) => !(p.kind === 'scha-control' && p.id === a.requestId)));
        if (a.accepted) applyEffects(d, ix, a.effects);
        break;
      }
      case 'recover': {
        // A recovery settles a pending item once; one without an item (end-scripts, drop-request, end-restart) is idempotent.
        if (d.status.pending.some((p) => p.id === a.incident)) {
          d.setPending(d.status.pending.filter((p) => p.id !== a.incident));
          applyEffects(d, ix, a.effects);
        } else {
          applyEffects(d, ix, a.effects.filter((fx) => fx.kind === 'end-scripts' || fx.kind === 'drop-request' || fx.kind === 'end-restart'));
        }
        break;
      }
    }
  }
  d.setSeq(seq);
}
