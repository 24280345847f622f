import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { emptyConfig, initialStatus, type ClusterConfig, type ClusterStatus } from '../../model/index.js';
import { formatReason, formatTranscript, parseWhatIf, simulate, WHAT_IF_PHRASES } from '../../policy/index.js';
import { loadBuiltinTypes } from '../../types/index.js';
import { api } from '../client.js';
import { CliError, EXIT, usageError } from '../errors.js';
import { emit } from '../output.js';
import { collect, outFor } from '../context.js';

/** The configuration to simulate on: a cluster file (offline), or the running cluster's. */
async function inputFrom(file: string | undefined): Promise<{ config: ClusterConfig; status: ClusterStatus | undefined; now: number }> {
  if (file === undefined) {
    const live = await api<{ config: ClusterConfig; status?: ClusterStatus; now: number }>('GET', '/v1/decision-input');
    return { config: live.config, status: live.status, now: live.now };
  }
  const { loadClusterFile, planApply } = await import('../../api/declarative/index.js');
  const loaded = await loadClusterFile(file, (p: string) => readFile(p, 'utf8'));
  if (!loaded.ok) throw new CliError(loaded.errors[0]?.message ?? `${file}: invalid`, EXIT.failed, loaded.errors.slice(1).map((e) => e.message));
  const plan = planApply(emptyConfig(loaded.value.clusterName), loaded.value, { builtinTypes: loadBuiltinTypes() });
  if (!plan.ok) throw new CliError(plan.errors[0]?.message ?? `${file}: invalid`, EXIT.failed, plan.errors.slice(1).map((e) => e.message));
  return { config: plan.value.config, status: undefined, now: 0 };
}

export function registerSimulateCommands(program: Command): void {
  program.command('simulate')
    .option('-f, --file <cluster.yaml>', 'simulate on this configuration (offline); without it, on the running cluster')
    .option('-w, --what-if <phrase>', `what happens; repeatable or ';'-separated, e.g. ${WHAT_IF_PHRASES.slice(0, 3).map((p) => `"${p}"`).join(', ')}`, collect, [])
    .description('run the RGM policy offline on a configuration plus a what-if, and print what would happen and why')
    .action(async (o: { file?: string; whatIf: string[] }, cmd: Command) => {
      if (o.whatIf.length === 0) throw usageError(`simulate: give at least one --what-if; phrases: ${WHAT_IF_PHRASES.join(' | ')}`);
      const steps = parseWhatIf(o.whatIf.join(';'));
      if (!steps.ok) throw new CliError(steps.errors[0]?.message ?? 'what-if not understood', EXIT.usage, steps.errors.slice(1).map((e) => e.message));
      const input = await inputFrom(o.file);
      const start = input.status ?? initialStatus(input.config, input.now);
      // First the cluster as it is (or as it would settle from a cold start), then the what-if.
      const settled = simulate(input.config, start, [], input.now);
      const result = simulate(settled.config, settled.status, steps.value, settled.now);
      emit(outFor(cmd), { settledFrom: input.status ? 'running cluster' : 'cold start', transcript: result.transcript, quiescent: result.quiescent, finalReasons: result.finalReasons }, (d) => [
        `Starting from the ${d.settledFrom} (${input.config.groups.length} groups, ${input.config.resources.length} resources), then: ${o.whatIf.join('; ')}`,
        '',
        formatTranscript(d.transcript),
        '',
        d.quiescent ? 'The cluster settles. Why nothing more happens:' : 'The cluster did not settle within the simulation limit.',
        ...d.finalReasons.map((r) => `  ${formatReason(r)}`),
      ].join('\n'));
    });
}
