import type { Command } from 'commander';
// The commands that start a cluster load it lazily: every other command stays quick to start.
import { usageError } from '../cli/errors.js';
import { defaultDataDir, parseListen } from './options.js';
import { parseZoneNetns } from './zone-netns-option.js';

/** `ferry up` and `ferry down`: the commands that run the embedded cluster. */
export function registerClusterCommands(program: Command): void {
  program.command('up')
    .option('--nodes <names>', 'comma-separated virtual node names', 'n1,n2,n3')
    .option('--data <dir>', 'data directory (configuration, status, logs)', defaultDataDir())
    .option('--listen <addr>', 'API address host:port', '127.0.0.1:7400')
    .option('-f, --config <file>', 'apply this cluster.yaml at start')
    .option('--detach', 'run in the background; stop it with "ferry down"')
    .option('--node-netns <map>', 'run each virtual node in its own network namespace: n1=ns1,n2=ns2 (root; made with "ip netns add")')
    .option('--private-mounts', 'give each virtual node its own mount namespace (root)')
    .option('--zone-netns <map>', 'zones that are existing network namespaces: n1:z1=ns1,n1:z2=ns2 (other zones get one Ferry makes; root)')
    .description('run an embedded cluster in this process: store, RGM and one agent per virtual node')
    .action(async (o: { nodes: string; data: string; listen: string; config?: string; detach?: boolean; nodeNetns?: string; privateMounts?: boolean; zoneNetns?: string }) => {
      const nodes = o.nodes.split(',').map((s) => s.trim()).filter(Boolean);
      if (nodes.length === 0) throw usageError('--nodes: give at least one node name');
      const { runUp } = await import('./up.js');
      await runUp({
        nodes, dataDir: o.data, listen: parseListen(o.listen), detach: o.detach === true, ...(o.config ? { configFile: o.config } : {}),
        ...(o.nodeNetns === undefined ? {} : { nodeNetns: parseNodeNetns(o.nodeNetns, nodes) }),
        ...(o.privateMounts === true ? { privateMounts: true } : {}),
        ...(o.zoneNetns === undefined ? {} : { zoneNetns: parseZoneNetns(o.zoneNetns, nodes) }),
      });
    });
  program.command('demo')
    .option('--listen <addr>', 'API address host:port', '127.0.0.1:7400')
    .option('--data <dir>', 'data directory (default: a temporary one, removed at exit)')
    .option('--group <name>', 'the group to crash under', 'demo-rg')
    .option('--once', 'exit after the show (for scripts)')
    .description('run a 3-node embedded cluster with sample services, crash the node under a group, time the failover')
    .action(async (o: { listen: string; data?: string; once?: boolean; group: string }) => {
      const { runDemo } = await import('./demo.js');
      await runDemo({ listen: parseListen(o.listen), once: o.once === true, group: o.group, ...(o.data ? { dataDir: o.data } : {}) });
    });
  program.command('down').option('--data <dir>', 'data directory of the cluster to stop', defaultDataDir())
    .description('stop a cluster started with "ferry up --detach"')
    .action(async (o: { data: string }) => {
      const { stopDetached } = await import('./up.js');
      await stopDetached(o.data);
    });
}

/** `n1=ns1,n2=ns2` → { n1: 'ns1', n2: 'ns2' }; every node must be one of `nodes`, each at most once. */
export function parseNodeNetns(text: string, nodes: readonly string[]): Record<string, string> {
  const map: Record<string, string> = {};
  for (const item of text.split(',').map((s) => s.trim()).filter(Boolean)) {
    const m = /^([^=\s]+)=([A-Za-z0-9_.-]+)$/.exec(item);
    if (!m) throw usageError(`--node-netns ${item}: expected node=namespace, for example n1=ferry-n1`);
    const [, node = '', netns = ''] = m;
    if (!nodes.includes(node)) throw usageError(`--node-netns: ${node} is not one of the nodes (${nodes.join(', ')})`);
    if (map[node] !== undefined) throw usageError(`--node-netns: ${node} is given twice`);
    map[node] = netns;
  }
  if (Object.keys(map).length === 0) throw usageError('--node-netns: give at least one node=namespace');
  return map;
}
