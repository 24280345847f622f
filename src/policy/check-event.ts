import type { ClusterConfig, ClusterStatus, TargetKey } from '../model/index.js';
import { parseNodeTarget } from '../model/index.js';
import { buildIndex, type ClusterIndex } from './cluster-index.js';
import { inMaintenance, maintenanceMismatches } from './maintenance.js';
import type { PolicyEvent } from './events.js';

/**
 * Why `reduce` would ignore this event (unknown names, a result for an action not in flight, a
 * target outside a group's Nodelist), as messages a person can read; empty when it applies. The API
 * edge calls it to refuse requests with a clear line; `reduce` itself never throws.
 */
export function checkEvent(config: ClusterConfig, status: ClusterStatus, event: PolicyEvent): string[] {
  const ix = buildIndex(config, status, status.atMs);
  const out: string[] = [];
  const node = (n: string): void => { if (!ix.nodes.has(n as never)) out.push(`no cluster node is named ${n}`); };
  const target = (t: TargetKey): void => {
    const p = parseNodeTarget(t);
    node(p.node);
    if (p.zone !== undefined && ix.nodes.has(p.node) && !ix.nodes.get(p.node)?.zones.includes(p.zone)) out.push(`node ${p.node} has no zone ${p.zone}`);
  };
  const resource = (r: string): void => { if (!ix.resources.has(r)) out.push(`no resource is named ${r}`); };
  const group = (g: string): void => { if (!ix.groups.has(g)) out.push(`no resource group is named ${g}`); };
  switch (event.kind) {
    case 'node-up': case 'node-down': case 'node-fenced': case 'fence-failed': node(event.node); break;
    case 'zone-up': case 'zone-down': target(event.target); break;
    case 'method-result': {
      resource(event.resource);
      const f = status.resources[event.resource]?.targets[event.target]?.inFlight;
      if (f?.actionId !== event.actionId) out.push(`action ${event.actionId} is not in flight for ${event.resource} on ${event.target} (stale result)`);
      break;
    }
    case 'script-result': {
      group(event.group);
      if (status.groups[event.group]?.scripts?.[event.target]?.inFlight?.actionId !== event.actionId) out.push(`action ${event.actionId} is not in flight for ${event.group} on ${event.target} (stale result)`);
      break;
    }
    case 'monitor-failed': case 'setstatus': resource(event.resource); target(event.target); break;
    case 'scha-control': resource(event.resource); group(event.group); target(event.target); break;
    case 'properties-changed': event.resources.forEach(resource); break;
    case 'actions-issued': break;
    case 'admin': checkAdmin(ix, event.request, out, { node, group, resource }); break;
  }
  return out;
}

function checkAdmin(
  ix: ClusterIndex, req: Extract<PolicyEvent, { kind: 'admin' }>['request'], out: string[],
  c: { node: (n: string) => void; group: (g: string) => void; resource: (r: string) => void },
): void {
  switch (req.request) {
    case 'evacuate': case 'shutdown': c.node(req.node); return;
    case 'suspend': case 'resume': c.group(req.group); return;
    case 'maintenance': {
      c.group(req.group);
      const mg = ix.groups.get(req.group);
      if (mg && req.mode === 'off') {
        const bad = maintenanceMismatches(ix, mg);
        if (bad.length > 0) out.push(`${mg.name} cannot leave maintenance mode: ${bad.join('; ')} (bring them back, or use forceoff)`);
      }
      return;
    }
    default: break;
  }
  if ('resource' in req) { c.resource(req.resource); return; }
  c.group(req.group);
  const gi = ix.groups.get(req.group);
  if (!gi) return;
  if (inMaintenance(ix, gi.name)) { out.push(`${gi.name} is in maintenance mode; leave it first (hvutil -m off ${gi.name})`); return; }
  if (req.request === 'switch' && req.targets.length === 0) out.push('switch needs at least one target');
  for (const t of req.targets ?? []) if (!gi.nodelist.includes(t)) out.push(`${t} is not in the Nodelist of ${gi.name} (${gi.nodelist.join(',')})`);
  if (req.request === 'switch' && gi.failover && req.targets.length > 1) out.push(`${gi.name} is a failover group: switch it to one target`);
}
