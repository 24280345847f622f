import { readFile, writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import type { ConfigChange } from '../../model/index.js';
import { api } from '../client.js';
import { CliError, EXIT } from '../errors.js';
import { emit } from '../output.js';
import { outFor } from '../context.js';
import { config } from './rt.js';

export function registerApplyCommands(program: Command): void {
  program.command('apply').requiredOption('-f, --file <file>', 'cluster.yaml').option('--dry-run', 'print the plan, change nothing')
    .description('make the cluster configuration match a file, all or nothing')
    .action(async (o: { file: string; dryRun?: boolean }, cmd: Command) => {
      const { loadClusterFile } = await import('../../api/declarative/index.js');
      const loaded = await loadClusterFile(o.file, (p: string) => readFile(p, 'utf8'));
      if (!loaded.ok) {
        const lines = loaded.errors.map((e) => e.message);
        throw new CliError(lines[0] ?? `${o.file}: invalid`, EXIT.failed, lines.slice(1));
      }
      const r = await api<{ changes: ConfigChange[]; applied: boolean; generation: number }>('POST', '/v1/apply', { desired: loaded.value, dryRun: o.dryRun === true });
      const { formatPlan } = await import('../../api/declarative/index.js');
      emit(outFor(cmd), r, (d) => {
        if (d.changes.length === 0) return 'nothing to change: the cluster already matches the file';
        return `${formatPlan(d.changes)}\n${d.applied ? `applied ${d.changes.length} change(s), generation ${d.generation}` : `dry run: ${d.changes.length} change(s) would be applied`}`;
      });
    });

  program.command('export').option('-o, --output <file>', 'write to a file instead of stdout')
    .description('print the configuration as a file "ferry apply" accepts')
    .action(async (o: { output?: string }, cmd: Command) => {
      const c = await config();
      const { exportCluster } = await import('../../api/declarative/index.js');
      const yaml = exportCluster(c);
      if (o.output) {
        await writeFile(o.output, yaml);
        emit(outFor(cmd), { written: o.output, generation: c.generation }, (d) => `wrote ${d.written}`);
      } else if (outFor(cmd).json) {
        outFor(cmd).print(JSON.stringify(c, null, 2));
      } else {
        process.stdout.write(yaml);
      }
    });
}
