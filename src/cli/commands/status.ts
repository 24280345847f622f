import type { Command } from 'commander';
import type { ClusterView } from '../../api/view/cluster-view.js';
import { api } from '../client.js';
import { emit, table } from '../output.js';
import { outFor } from '../context.js';

const title = (s: string): string => s.split('_').map((w) => w.charAt(0) + w.slice(1).toLowerCase()).join('_');

/** `clrg status` / `clrs status` style text: one block per object, one row per node. */
export function renderStatus(v: ClusterView): string {
  const nodes = table(['Node Name', 'Status', 'Lease Age'], v.nodes.map((n) => [n.name, n.state === 'UP' ? 'Online' : 'Offline', n.leaseAgeMs === undefined ? '-' : `${(n.leaseAgeMs / 1000).toFixed(1)}s`]));
  const groups = table(['Group Name', 'Node Name', 'Suspended', 'Status'], v.groups.flatMap((g) => g.perNode.map((p, i) => [i === 0 ? g.name : '', p.target, i === 0 ? (g.suspended ? 'Yes' : 'No') : '', title(p.state)])));
  const resources = table(['Resource Name', 'Node Name', 'State', 'Status Message'], v.resources.flatMap((r) => r.perNode.map((p, i) => [
    i === 0 ? r.name : '', p.target, title(p.state), `${title(p.status === 'OK' ? 'ONLINE' : p.status)}${p.message ? ` - ${p.message}` : ''}`,
  ])));
  const leader = v.leader ? `RGM leader: ${v.leader.node} (epoch ${v.leader.epoch})\n` : '';
  const etcd = v.etcd === undefined ? '' : `\n\n=== etcd Members ===\n${table(['Endpoint', 'Health', 'Role'], v.etcd.map((m) => [m.endpoint, m.healthy ? 'Healthy' : `Unhealthy${m.error ? ` - ${m.error}` : ''}`, m.isLeader === undefined ? '-' : m.isLeader ? 'leader' : 'follower']))}`;
  return `Cluster ${v.clusterName} (configuration generation ${v.generation})\n${leader}\n=== Cluster Nodes ===\n${nodes}\n\n=== Cluster Resource Groups ===\n${groups}\n\n=== Cluster Resources ===\n${resources}${etcd}`;
}

export function registerStatusCommands(program: Command): void {
  program.command('status').description('nodes, groups and resources with their state per node').action(async (_o, cmd: Command) => {
    emit(outFor(cmd), await api<ClusterView>('GET', '/v1/status'), renderStatus);
  });
  program.command('events').option('--after <seq>', 'only events after this sequence number', '0').option('-n, --limit <n>', 'at most this many', '50')
    .description('what happened and why').action(async (o: { after: string; limit: string }, cmd: Command) => {
      const r = await api<{ events: { seq: number; atMs: number; subject: string; message: string; kind: string }[] }>('GET', `/v1/events?after=${encodeURIComponent(o.after)}&limit=${encodeURIComponent(o.limit)}`);
      emit(outFor(cmd), r.events, (es) => es.map((e) => `${String(e.seq).padStart(5)}  ${new Date(e.atMs).toISOString()}  ${e.kind.padEnd(7)} ${e.subject}: ${e.message}`).join('\n') || 'no events');
    });
}
