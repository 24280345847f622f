import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { readClusterView, type ClusterView } from '../api/view/cluster-view.js';
import { renderStatus } from '../cli/commands/status.js';
import { CliError, EXIT } from '../cli/errors.js';
import { layout } from '../store/layout.js';
import { REPO_ROOT } from '../types/index.js';
import { startEmbeddedCluster, type EmbeddedCluster } from './embedded-cluster.js';
import type { ListenAddress } from './options.js';

export interface DemoOptions {
  readonly listen: ListenAddress;
  readonly dataDir?: string;
  readonly once: boolean;
  readonly group: string;
}

const say = (line: string): void => { process.stdout.write(`${line}\n`); };

/**
 * `ferry demo`: an embedded three-node cluster with the sample groups (real processes), then a
 * node crash under the group, timed until the group is online elsewhere; keeps running until Ctrl-C.
 */
export async function runDemo(o: DemoOptions): Promise<void> {
  const dataDir = o.dataDir ?? mkdtempSync(join(tmpdir(), 'ferry-demo-'));
  const configFile = resolve(REPO_ROOT, 'examples/cluster.yaml');
  say(`ferry demo: starting an embedded cluster (nodes n1, n2, n3; data in ${dataDir}) with ${configFile}`);
  const cluster = await startEmbeddedCluster({ nodes: ['n1', 'n2', 'n3'], dataDir, listen: o.listen, configFile, log: () => undefined });
  const keys = layout();
  const view = (): Promise<ClusterView> => readClusterView(cluster.store, keys);
  try {
    say(`ferry demo: API at ${cluster.endpoint} (try: FERRY_ENDPOINT=${cluster.endpoint} npx ferry status)`);
    const before = await waitForOnline(view, o.group, undefined, 60_000);
    say(`\n${renderStatus(await view())}\n`);
    say(`ferry demo: ${o.group} is online on ${before}. Crashing node ${before} (its processes are killed, no Stop runs)...`);
    const crashedAt = performance.now();
    await cluster.hosts.get(before)?.crash();
    const after = await waitForOnline(view, o.group, before, 60_000);
    const seconds = (performance.now() - crashedAt) / 1000;
    say(`ferry demo: ${o.group} is online again on ${after}, ${seconds.toFixed(2)} s after the crash of ${before}.\n`);
    say(renderStatus(await view()));
    say('\nWhat happened, from the event log:');
    for (const e of await recentEvents(cluster, 12)) say(`  ${e}`);
    await cluster.hosts.get(before)?.start();
    say(`\nferry demo: node ${before} started again (the group stays on ${after}: Failback is off).`);
    if (o.once) return;
    say('ferry demo: the cluster keeps running; Ctrl-C stops it.');
    await new Promise<void>((r) => {
      process.once('SIGINT', () => r());
      process.once('SIGTERM', () => r());
    });
  } finally {
    await cluster.close();
    await cluster.stopServices();
    if (!o.dataDir) rmSync(dataDir, { recursive: true, force: true });
  }
}

async function waitForOnline(view: () => Promise<ClusterView>, group: string, notOn: string | undefined, timeoutMs: number): Promise<string> {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    const g = (await view()).groups.find((x) => x.name === group);
    const on = g?.perNode.find((p) => p.state === 'ONLINE' && p.target !== notOn);
    if (on) return on.target;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new CliError(`demo: ${group} did not come online within ${timeoutMs / 1000} s`, EXIT.timeout);
}

async function recentEvents(cluster: EmbeddedCluster, n: number): Promise<string[]> {
  const { items } = await cluster.store.list(layout().events);
  return items.slice(-n).map((kv) => JSON.parse(kv.value) as { kind: string; subject: string; message: string }).map((e) => `${e.kind.padEnd(7)} ${e.subject}: ${e.message}`);
}
