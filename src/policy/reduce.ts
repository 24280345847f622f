import type { ClusterConfig, ClusterStatus, PendingItem } from '../model/index.js';
import { buildIndex } from './cluster-index.js';
import type { PolicyEvent } from './events.js';
import { adminRequest } from './reduce-admin.js';
import { actionsIssued } from './reduce-issued.js';
import { nodeDown, nodeUp, zoneChange } from './reduce-membership.js';
import { methodResult, monitorFailed, scriptResult } from './reduce-results.js';
import { isUpState } from './runtime.js';
import { StatusDraft, without } from './status-draft.js';

/**
 * Folds one fact into the status (pure). `now` is the loop's clock in ms; it only stamps what
 * happened and ages histories. Facts about unknown objects, and results of actions not in flight
 * (stale), leave the status unchanged apart from `atMs`.
 */
export function reduce(config: ClusterConfig, status: ClusterStatus, event: PolicyEvent, now: number): ClusterStatus {
  const ix = buildIndex(config, status, now);
  const d = new StatusDraft(status, now);
  switch (event.kind) {
    case 'node-up': nodeUp(d, ix, event.node); break;
    case 'node-down': nodeDown(d, ix, event.node, false); break;
    case 'node-fenced': nodeDown(d, ix, event.node, true); break;
    case 'fence-failed': {
      const m = d.node(event.node);
      if (m?.fencing) d.setNode(event.node, without(m, 'fencing'));
      break;
    }
    case 'zone-up': zoneChange(d, ix, event.target, true); break;
    case 'zone-down': zoneChange(d, ix, event.target, false); break;
    case 'method-result': methodResult(d, ix, event); break;
    case 'script-result': scriptResult(d, ix, event); break;
    case 'monitor-failed': monitorFailed(d, ix, event); break;
    case 'scha-control': {
      if (d.status.pending.some((p) => p.kind === 'scha-control' && p.id === event.requestId)) break;
      const item: PendingItem = {
        kind: 'scha-control', id: event.requestId, tag: event.tag, resource: event.resource, group: event.group, target: event.target, atMs: now,
      };
      d.setPending([...d.status.pending, item]);
      break;
    }
    case 'setstatus': {
      if (!ix.resources.has(event.resource)) break;
      const e = d.entry(event.resource, event.target);
      const next = { ...without(e, 'statusMessage'), status: event.status };
      d.setEntry(event.resource, event.target, event.message !== undefined && event.message !== '' ? { ...next, statusMessage: event.message } : next);
      break;
    }
    case 'admin': adminRequest(d, ix, event.request); break;
    case 'properties-changed':
      for (const name of event.resources) {
        const ri = ix.resources.get(name);
        if (!ri || !ri.type.declares('Update')) continue;
        for (const [t, e] of Object.entries(d.runtime(name)?.targets ?? {})) if (isUpState(e.state)) d.setEntry(name, t, { ...e, updatePending: true });
      }
      break;
    case 'actions-issued': actionsIssued(d, ix, event.actions); break;
  }
  return d.finish();
}
