import type { Command } from 'commander';
import type { ClusterView } from '../../api/view/cluster-view.js';
import { api } from '../client.js';
import { emit, table } from '../output.js';
import { outFor } from '../context.js';

export function registerNodeCommands(program: Command): void {
  const node = program.command('node').description('cluster nodes (like clnode)');
  node.command('list').description('list nodes and their state').action(async (_o, cmd: Command) => {
    const view = await api<ClusterView>('GET', '/v1/status');
    emit(outFor(cmd), view.nodes, (ns) => table(['Node Name', 'Id', 'Status', 'Zones'], ns.map((n) => [n.name, String(n.id), n.state === 'UP' ? 'Online' : 'Offline', n.zones.join(',')])));
  });
  node.command('add').argument('<node>').option('-z, --zones <zones>', 'comma-separated zone names').description('add a node to the configuration')
    .action(async (name: string, o: { zones?: string }, cmd: Command) => {
      const r = await api<{ generation: number }>('POST', '/v1/changes', { changes: [{ kind: 'add-node', name, ...(o.zones ? { zones: o.zones.split(',') } : {}) }] });
      emit(outFor(cmd), { added: name, generation: r.generation }, () => `added node ${name}`);
    });
  node.command('remove').argument('<node>').description('remove a node no group lists').action(async (name: string, _o, cmd: Command) => {
    const r = await api<{ generation: number }>('POST', '/v1/changes', { changes: [{ kind: 'remove-node', name }] });
    emit(outFor(cmd), { removed: name, generation: r.generation }, () => `removed node ${name}`);
  });
}
