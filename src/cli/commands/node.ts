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

/** Embedded-cluster only: crash a virtual node (no Stop runs) or start it again. */
export function registerNodeFailureCommands(program: Command): void {
  const node = program.commands.find((c) => c.name() === 'node');
  if (!node) return;
  node.command('crash').argument('<node>').description('embedded only: crash a virtual node (kills its processes, runs no Stop)')
    .action(async (name: string, _o, cmd: Command) => {
      const r = await api<{ killedProcesses: number }>('POST', `/v1/nodes/${encodeURIComponent(name)}/crash`);
      emit(outFor(cmd), { node: name, ...r }, (d) => `node ${name} crashed (${d.killedProcesses} processes killed)`);
    });
  node.command('start').argument('<node>').description('embedded only: start a crashed virtual node again')
    .action(async (name: string, _o, cmd: Command) => {
      await api('POST', `/v1/nodes/${encodeURIComponent(name)}/start`);
      emit(outFor(cmd), { node: name, started: true }, () => `node ${name} started`);
    });
}
