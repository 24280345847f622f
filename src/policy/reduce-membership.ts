import type { NodeMembership, NodeName, PendingItem, TargetKey } from '../model/index.js';
import { parseNodeTarget } from '../model/index.js';
import type { ClusterIndex, GroupInfo } from './cluster-index.js';
import { settle } from './reduce-settle.js';
import { occupies } from './runtime.js';
import { setOpt, withKey, without, type StatusDraft } from './status-draft.js';

const onNode = (t: TargetKey, node: NodeName): boolean => parseNodeTarget(t).node === node;

export function nodeUp(d: StatusDraft, ix: ClusterIndex, node: NodeName): void {
  if (!ix.nodes.has(node)) return;
  const m = d.node(node);
  if (m?.state === 'UP') return;
  d.setNode(node, { state: 'UP', sinceMs: d.now, fenced: false, ...(m?.evacuatingUntilMs !== undefined ? { evacuatingUntilMs: m.evacuatingUntilMs } : {}) });
  for (const z of Object.keys(d.status.zones)) if (onNode(z, node)) d.setZone(z, undefined);
  // RMS: a node join is an RMS start there: holds end, and faults end unless PersistentFault=1.
  for (const gi of ix.groupList) {
    if (!gi.rms || !gi.nodelist.some((t) => onNode(t, node))) continue;
    let g = d.group(gi.name);
    if (g.hold) g = without(g, 'hold');
    if (!gi.persistentFault && g.faults) {
      for (const t of Object.keys(g.faults)) if (onNode(t, node)) g = setOpt(g, 'faults', withKey(g.faults, t, undefined));
    }
    d.setGroup(gi.name, g);
  }
}

/**
 * A node left (`fenced`: a fencing agent confirmed it is off). Its resources are offline: membership
 * declares a node dead only after its lease ran out and it stopped its resources itself. A
 * STOP_FAILED resource stays STOP_FAILED until the node is fenced or an admin clears it.
 */
export function nodeDown(d: StatusDraft, ix: ClusterIndex, node: NodeName, fenced: boolean): void {
  if (!ix.nodes.has(node)) return;
  const m = d.node(node);
  const wasUp = m?.state !== 'DOWN';
  let next: NodeMembership = { state: 'DOWN', sinceMs: wasUp ? d.now : m?.sinceMs ?? d.now, fenced: fenced || (m?.fenced ?? false) };
  if (m?.evacuatingUntilMs !== undefined) next = { ...next, evacuatingUntilMs: m.evacuatingUntilMs };
  if (!fenced && m?.fencing) next = { ...next, fencing: m.fencing };
  // RMS shows a node that left after hvshut as shut down (SysNode Faulted, StateDetails Shutdown) until it joins again.
  if (m?.shuttingDown === true) next = { ...next, shuttingDown: true };
  d.setNode(node, next);
  targetsLost(d, ix, (t) => onNode(t, node), fenced, wasUp);
}

export function zoneChange(d: StatusDraft, ix: ClusterIndex, target: TargetKey, up: boolean): void {
  d.setZone(target, { state: up ? 'UP' : 'DOWN', sinceMs: d.now });
  if (!up) targetsLost(d, ix, (t) => t === target, false, true);
}

/** Everything on the matching targets is now offline (except STOP_FAILED unless `fenced`). */
function targetsLost(d: StatusDraft, ix: ClusterIndex, match: (t: TargetKey) => boolean, fenced: boolean, raiseHostFailure: boolean): void {
  const touched = new Map<GroupInfo, Set<TargetKey>>();
  const pending: PendingItem[] = [...d.status.pending];
  for (const ri of ix.resourceList) {
    const rr = d.runtime(ri.name);
    if (!rr) continue;
    for (const [t, e] of Object.entries(rr.targets)) {
      if (!match(t)) continue;
      if (occupies(e)) {
        const set = touched.get(ri.group) ?? new Set<TargetKey>();
        set.add(t);
        touched.set(ri.group, set);
      }
      if (e.inFlight?.purpose === 'check' && e.inFlight.forItem !== undefined) failCheck(pending, e.inFlight.forItem, t);
      if (e.state === 'STOP_FAILED' && !fenced) {
        d.setEntry(ri.name, t, without(e, 'inFlight'));
        continue;
      }
      const keep = { initialized: e.initialized, bootedAtMs: e.bootedAtMs };
      d.setEntry(ri.name, t, {
        state: 'OFFLINE', status: 'OFFLINE', sinceMs: d.now,
        ...(keep.initialized !== undefined ? { initialized: keep.initialized } : {}),
        ...(keep.bootedAtMs !== undefined ? { bootedAtMs: keep.bootedAtMs } : {}),
      });
    }
  }
  for (const gi of ix.groupList) {
    let g = d.group(gi.name);
    const targets = new Set<TargetKey>([...(touched.get(gi) ?? [])]);
    for (const t of Object.keys(g.scripts ?? {})) if (match(t)) { targets.add(t); g = setOpt(g, 'scripts', withKey(g.scripts, t, undefined)); }
    for (const t of Object.keys(g.restarting ?? {})) if (match(t)) g = setOpt(g, 'restarting', withKey(g.restarting, t, undefined));
    if (g.request && g.request.targets.some(match)) g = without(g, 'request');
    d.setGroup(gi.name, g);
    for (const t of targets) {
      settle(d, gi, t, true);
      if (gi.rms && raiseHostFailure && touched.get(gi)?.has(t)) {
        pending.push({ kind: 'host-failure', id: `host-failure:${gi.name}:${t}:${d.now}`, group: gi.name, target: t, atMs: d.now });
      }
    }
  }
  d.setPending(pending);
}

function failCheck(pending: PendingItem[], itemId: string, t: TargetKey): void {
  const i = pending.findIndex((p) => p.id === itemId);
  const item = pending[i];
  if (!item || (item.kind !== 'scha-control' && item.kind !== 'resource-failed')) return;
  pending[i] = { ...item, checks: { ...(item.checks ?? {}), [t]: 'failed' } };
}
