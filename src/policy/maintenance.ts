import type { GroupRuntime, PendingItem, ResourceTargetStatus, TargetKey } from '../model/index.js';
import type { ClusterIndex, GroupInfo } from './cluster-index.js';
import { groupRuntime, isUpState } from './runtime.js';
import { without, type StatusDraft } from './status-draft.js';

/**
 * RMS maintenance mode (primecluster §4.8, `hvutil -m`): the application's state is decoupled from
 * its resources. While it lasts the RGM takes no action for the group (no method, no script, no
 * recovery: its pending failures wait) and a detector's fault report is shown but not acted on.
 * Leaving it (`off`) is refused until every resource is back in the state it had when maintenance
 * began; `forceoff` leaves anyway, and faults still reported then are handled as usual.
 */
export const inMaintenance = (ix: ClusterIndex, group: string): boolean => groupRuntime(ix, group).maintenance !== undefined;

/** Up as the detector sees it: an up state that no monitor reported faulted. */
export const detectedUp = (e: ResourceTargetStatus): boolean => isUpState(e.state) && e.status !== 'FAULTED';

type Entries = (resource: string) => Readonly<Record<TargetKey, ResourceTargetStatus>>;

function upTargets(gi: GroupInfo, entries: Entries): Record<string, TargetKey[]> {
  const up: Record<string, TargetKey[]> = {};
  for (const ri of gi.resources) {
    const targets = Object.entries(entries(ri.name)).filter(([, e]) => detectedUp(e)).map(([t]) => t).sort();
    if (targets.length > 0) up[ri.name] = targets;
  }
  return up;
}

/** Why `hvutil -m off` must be refused: resources not in their state from before maintenance (empty = none). */
export function maintenanceMismatches(ix: ClusterIndex, gi: GroupInfo): string[] {
  const mm = groupRuntime(ix, gi.name).maintenance;
  if (!mm) return [];
  const now = upTargets(gi, (r) => ix.status.resources[r]?.targets ?? {});
  const out: string[] = [];
  for (const ri of gi.resources) {
    const before = new Set(mm.up[ri.name] ?? []);
    const after = new Set(now[ri.name] ?? []);
    for (const t of [...new Set([...before, ...after])].sort()) {
      if (before.has(t) === after.has(t)) continue;
      out.push(`${ri.name} on ${t} was ${before.has(t) ? 'Online' : 'not Online'} when maintenance began and is ${after.has(t) ? 'Online' : 'not Online'} now`);
    }
  }
  return out;
}

/** Folds `hvutil -m on|off|forceoff` (admin request `maintenance`). */
export function maintenanceRequest(d: StatusDraft, ix: ClusterIndex, req: { readonly group: string; readonly mode: 'on' | 'off' | 'forceoff' }): void {
  const gi = ix.groups.get(req.group);
  if (!gi) return;
  const g: GroupRuntime = d.group(gi.name);
  if (req.mode === 'on') {
    if (g.maintenance) return;
    d.setGroup(gi.name, { ...g, maintenance: { sinceMs: d.now, up: upTargets(gi, (r) => d.runtime(r)?.targets ?? {}) } });
    return;
  }
  if (!g.maintenance) return;
  d.setGroup(gi.name, without(g, 'maintenance'));
  // Faults a detector still reports are now acted on, as if reported at this moment.
  const pending: PendingItem[] = [...d.status.pending];
  for (const ri of gi.resources) {
    for (const [t, e] of Object.entries(d.runtime(ri.name)?.targets ?? {})) {
      if (!isUpState(e.state) || e.status !== 'FAULTED') continue;
      if (pending.some((p) => p.kind === 'resource-failed' && p.resource === ri.name && p.target === t)) continue;
      pending.push({ kind: 'resource-failed', id: `resource-failed:${ri.name}:${t}:${d.now}`, resource: ri.name, group: gi.name, target: t, atMs: d.now, detail: e.statusMessage ?? 'reported faulted during maintenance mode' });
    }
  }
  d.setPending(pending);
}
