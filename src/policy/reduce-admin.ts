import type { GroupRuntime, PendingItem, TargetKey } from '../model/index.js';
import { parseNodeTarget } from '../model/index.js';
import type { ClusterIndex, GroupInfo } from './cluster-index.js';
import { DEFAULT_EVACUATE_MS, type AdminRequest } from './events.js';
import { maintenanceRequest } from './maintenance.js';
import { settle } from './reduce-settle.js';
import { isUpState, occupies, orderTargets } from './runtime.js';
import { setOpt, withKey, without, type StatusDraft } from './status-draft.js';

/** Folds an administrator's request (spec §4.4; primecluster §5). Unknown names are ignored (see checkEvent). */
export function adminRequest(d: StatusDraft, ix: ClusterIndex, req: AdminRequest): void {
  switch (req.request) {
    case 'online': case 'switch': {
      const gi = ix.groups.get(req.group);
      if (!gi) return;
      const targets = req.targets ?? [];
      const reason = req.request === 'switch'
        ? `switch to ${targets.join(',')} requested by the administrator`
        : targets.length > 0 ? `online on ${targets.join(',')} requested by the administrator` : 'brought online by the administrator';
      const forced = req.forced === true;
      let g: GroupRuntime = { ...without(d.group(gi.name), 'hold'), desire: 'online', request: { targets, reason: forced ? `forced ${reason}` : reason, atMs: d.now, ...(forced ? { forced } : {}) } };
      for (const t of targets) if (g.relocating?.[t]) g = setOpt(g, 'relocating', withKey(g.relocating, t, undefined));
      // hvswitch -f overrides the known faults of the targets (every node of the PriorityList for a priority switch).
      if (forced) for (const t of targets.length > 0 ? targets : gi.nodelist) if (g.faults?.[t]) g = setOpt(g, 'faults', withKey(g.faults, t, undefined));
      d.setGroup(gi.name, g);
      return;
    }
    case 'offline': {
      const gi = ix.groups.get(req.group);
      if (!gi) return;
      const occupied = occupiedTargets(d, gi);
      const off = req.targets ?? [];
      const keep = occupied.filter((t) => !off.includes(t));
      const g = without(d.group(gi.name), 'hold', 'request');
      if (off.length === 0 || gi.failover || keep.length === 0) d.setGroup(gi.name, { ...g, desire: 'offline' });
      else d.setGroup(gi.name, { ...g, desire: 'online', request: { targets: keep, reason: `offline on ${off.join(',')} requested by the administrator`, atMs: d.now } });
      return;
    }
    case 'restart': {
      if ('resource' in req) {
        const ri = ix.resources.get(req.resource);
        if (!ri) return;
        for (const [t, e] of Object.entries(d.runtime(ri.name)?.targets ?? {})) {
          if ((req.targets && !req.targets.includes(t)) || !isUpState(e.state)) continue;
          d.setEntry(ri.name, t, { ...e, restart: { reason: 'restart requested by the administrator', atMs: d.now, phase: 'down' } });
        }
        return;
      }
      const gi = ix.groups.get(req.group);
      if (!gi) return;
      const targets = (req.targets ?? occupiedTargets(d, gi)).filter((t) => occupiedTargets(d, gi).includes(t));
      let g = d.group(gi.name);
      for (const t of targets) g = setOpt(g, 'restarting', withKey(g.restarting, t, { reason: 'restart requested by the administrator', atMs: d.now, phase: 'down' as const }));
      d.setGroup(gi.name, g);
      for (const t of targets) settle(d, gi, t, false);
      return;
    }
    case 'evacuate': {
      const m = d.node(req.node);
      if (!m) return;
      d.setNode(req.node, { ...m, evacuatingUntilMs: req.untilMs ?? d.now + DEFAULT_EVACUATE_MS });
      return;
    }
    case 'clear': {
      const list = 'resource' in req ? [ix.resources.get(req.resource)].filter((r) => r !== undefined) : ix.groups.get(req.group)?.resources ?? [];
      const restopped = new Set<TargetKey>();
      for (const ri of list) {
        for (const [t, e] of Object.entries(d.runtime(ri.name)?.targets ?? {})) {
          if (e.state !== 'STOP_FAILED' || (req.targets && !req.targets.includes(t))) continue;
          if (ri.group.rms) {
            // hvutil -c runs the offline processing again (primecluster §4.8): Stop runs once more, and must succeed.
            d.setEntry(ri.name, t, { ...without(e, 'statusMessage', 'inFlight'), state: 'STOPPING', lastMethod: 'Monitor_stop', sinceMs: d.now });
            restopped.add(t);
            continue;
          }
          d.setEntry(ri.name, t, { ...without(e, 'lastMethod', 'statusMessage', 'inFlight'), state: 'OFFLINE', status: 'OFFLINE', sinceMs: d.now });
          settle(d, ri.group, t, true);
        }
      }
      if ('group' in req) {
        const gi = ix.groups.get(req.group);
        if (!gi?.rms) return;
        // hvutil -c: the faults go and the application is Offline afterwards (primecluster §4.8) —
        // unless it is online on a node that was neither faulted nor failed to stop: it stays there.
        const before = d.group(gi.name);
        const cleared = (t: TargetKey): boolean => before.faults?.[t] !== undefined || restopped.has(t);
        const runningElsewhere = occupiedTargets(d, gi).some((t) => !cleared(t));
        let g = runningElsewhere ? before : without(before, 'hold', 'request');
        for (const t of Object.keys(g.faults ?? {})) if (!req.targets || req.targets.includes(t)) g = setOpt(g, 'faults', withKey(g.faults, t, undefined));
        d.setGroup(gi.name, runningElsewhere ? g : { ...g, desire: 'offline' });
      }
      return;
    }
    case 'suspend': case 'resume': {
      if (!ix.groups.has(req.group)) return;
      d.setGroup(req.group, { ...d.group(req.group), suspended: req.request === 'suspend' });
      return;
    }
    case 'maintenance':
      maintenanceRequest(d, ix, req);
      return;
    case 'shutdown': {
      const m = d.node(req.node);
      if (!m || m.state !== 'UP') return;
      d.setNode(req.node, { ...m, shuttingDown: true });
      const pending: PendingItem[] = [...d.status.pending];
      for (const gi of ix.groupList) {
        if (!gi.rms) continue;
        for (const t of occupiedTargets(d, gi)) {
          if (parseNodeTarget(t).node === req.node) pending.push({ kind: 'shutdown', id: `shutdown:${gi.name}:${t}:${d.now}`, group: gi.name, target: t, atMs: d.now });
        }
      }
      d.setPending(pending);
      return;
    }
  }
}

function occupiedTargets(d: StatusDraft, gi: GroupInfo): TargetKey[] {
  const set = new Set<TargetKey>();
  for (const ri of gi.resources) for (const [t, e] of Object.entries(d.runtime(ri.name)?.targets ?? {})) if (occupies(e)) set.add(t);
  return orderTargets(gi, set);
}
