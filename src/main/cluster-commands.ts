import type { Command } from 'commander';
import { usageError } from '../cli/errors.js';
import { defaultDataDir, parseListen } from './options.js';
import { runUp, stopDetached } from './up.js';
import { runDemo } from './demo.js';

/** `ferry up` and `ferry down`: the commands that run the embedded cluster. */
export function registerClusterCommands(program: Command): void {
  program.command('up')
    .option('--nodes <names>', 'comma-separated virtual node names', 'n1,n2,n3')
    .option('--data <dir>', 'data directory (configuration, status, logs)', defaultDataDir())
    .option('--listen <addr>', 'API address host:port', '127.0.0.1:7400')
    .option('-f, --config <file>', 'apply this cluster.yaml at start')
    .option('--detach', 'run in the background; stop it with "ferry down"')
    .description('run an embedded cluster in this process: store, RGM and one agent per virtual node')
    .action(async (o: { nodes: string; data: string; listen: string; config?: string; detach?: boolean }) => {
      const nodes = o.nodes.split(',').map((s) => s.trim()).filter(Boolean);
      if (nodes.length === 0) throw usageError('--nodes: give at least one node name');
      await runUp({ nodes, dataDir: o.data, listen: parseListen(o.listen), detach: o.detach === true, ...(o.config ? { configFile: o.config } : {}) });
    });
  program.command('demo')
    .option('--listen <addr>', 'API address host:port', '127.0.0.1:7400')
    .option('--data <dir>', 'data directory (default: a temporary one, removed at exit)')
    .option('--group <name>', 'the group to crash under', 'demo-rg')
    .option('--once', 'exit after the show (for scripts)')
    .description('run a 3-node embedded cluster with sample services, crash the node under a group, time the failover')
    .action(async (o: { listen: string; data?: string; once?: boolean; group: string }) => {
      await runDemo({ listen: parseListen(o.listen), once: o.once === true, group: o.group, ...(o.data ? { dataDir: o.data } : {}) });
    });
  program.command('down').option('--data <dir>', 'data directory of the cluster to stop', defaultDataDir())
    .description('stop a cluster started with "ferry up --detach"')
    .action(async (o: { data: string }) => {
      await stopDetached(o.data);
    });
}
