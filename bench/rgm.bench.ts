// Benchmarks of the running cluster (issue 4): real `ferry up` processes and real methods.
//   - time to bring 100 resources online (20 groups of 5)
//   - time from a monitored service dying to the resource online again (restart in place)
//   - time from `ferry node crash` to the group online on another node
//   - CPU and memory of the cluster process with 1,000 monitored resources idle
// The peer, Pacemaker from Debian's packages, is measured in the same run (bench/pacemaker.bench.ts)
// and the ratios are printed; where it cannot run, its rows say why and the ratio is NaN.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { startCluster, type RunningCluster } from '../test/support/ferry-process.js';
import { fetchView, groupState, onlineOn, waitFor } from '../test/support/status-wait.js';
import { NAMES, run as pacemaker } from './pacemaker.bench.js';

interface Row { name: string; value: number; unit: string }
const TRIALS = Number(process.env['FERRY_BENCH_TRIALS'] ?? 5);
const IDLE_RESOURCES = Number(process.env['FERRY_BENCH_IDLE'] ?? 1000);
/** Which parts to run (comma-separated: hundred, failures, idle, peer); default all. */
const PARTS = new Set((process.env['FERRY_BENCH_PARTS'] ?? 'hundred,failures,idle,peer').split(','));

function agentDir(): { dir: string; rtr: string } {
  const dir = mkdtempSync(join(tmpdir(), 'ferry-bench-'));
  cpSync(resolve('bench/fixtures/fast'), dir, { recursive: true, verbatimSymlinks: true });
  const rtr = join(dir, 'fast.rtr');
  writeFileSync(rtr, readFileSync(rtr, 'utf8').replace('@BASEDIR@', dir));
  return { dir, rtr };
}

function clusterYaml(rtr: string, groups: number, perGroup: number, managed: boolean, prefix = 'r'): string {
  const lines = ['cluster: bench', 'nodes: [n1, n2, n3]', 'types:', `  - rtr: ${rtr}`, 'groups:'];
  for (let g = 0; g < groups; g++) {
    lines.push(`  g${g}:`, `    managed: ${managed}`, '    properties:', '      Nodelist: [n1, n2, n3]', '    resources:');
    for (let r = 0; r < perGroup; r++) lines.push(`      ${prefix}${g}-${r}:`, '        type: bench.fast');
  }
  return `${lines.join('\n')}\n`;
}

async function apply(c: RunningCluster, yaml: string, dir: string): Promise<void> {
  const file = join(dir, `cluster-${Date.now()}.yaml`);
  writeFileSync(file, yaml);
  const r = await c.ferry(['apply', '-f', file]);
  if (r.code !== 0) throw new Error(`apply failed: ${r.stderr}`);
}

const median = (xs: number[]): number => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)] ?? NaN; };

async function hundredOnline(rows: Row[]): Promise<void> {
  const { dir, rtr } = agentDir();
  const c = await startCluster();
  try {
    const times: number[] = [];
    for (let i = 0; i < TRIALS; i++) {
      await apply(c, clusterYaml(rtr, 20, 5, false), dir);
      // One administrator command, as with `clrg online -M +`; it returns once every group is online.
      const t0 = performance.now();
      const r = await c.ferry(['rg', 'online', '-M', '+']);
      const elapsed = performance.now() - t0;
      if (r.code !== 0) throw new Error(`rg online -M + failed: ${r.stderr}`);
      await waitFor(c.endpoint, '100 resources online', (v) => v.resources.filter((x) => x.perNode.some((p) => p.state === 'ONLINE')).length === 100, 120_000);
      times.push(elapsed / 1000);
      // Back to unmanaged and offline for the next trial.
      const off = await c.ferry(['rg', 'offline', '+']);
      if (off.code !== 0) throw new Error(`rg offline + failed: ${off.stderr}`);
      for (let g = 0; g < 20; g++) await c.ferry(['rg', 'unmanage', `g${g}`]);
    }
    rows.push({ name: '100 resources online (20 groups of 5, monitored), median', value: median(times), unit: 's' });
    rows.push({ name: '100 resources online (20 groups of 5, monitored), max', value: Math.max(...times), unit: 's' });
  } finally {
    await c.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

function svcPid(clusterId: string, tag: string): number | undefined {
  for (const e of readdirSafe()) {
    try {
      const env = readFileSync(`/proc/${e}/environ`, 'utf8').split('\0');
      if (env.includes(`FERRY_CLUSTER=${clusterId}`) && env.includes(`FERRY_PMF_TAG=${tag}`) && readFileSync(`/proc/${e}/cmdline`, 'utf8').startsWith('sleep')) return Number(e);
    } catch { /* gone */ }
  }
  return undefined;
}
import { readdirSync } from 'node:fs';
const readdirSafe = (): string[] => readdirSync('/proc').filter((e) => /^\d+$/.test(e));

async function failures(rows: Row[]): Promise<void> {
  const { dir, rtr } = agentDir();
  const c = await startCluster();
  try {
    await apply(c, clusterYaml(rtr, 1, 1, true, 'svc-'), dir);
    await waitFor(c.endpoint, 'g0 online', (v) => onlineOn(v, 'g0').length === 1, 30_000);
    const restart: number[] = [];
    for (let i = 0; i < TRIALS; i++) {
      await c.ferry(['rs', 'set', '-p', 'Retry_count=10', 'svc-0-0']);
      const pid = await waitFor(c.endpoint, 'service pid', () => svcPid(c.clusterId(), 'g0,svc-0-0,0.svc'));
      const t0 = performance.now();
      process.kill(pid, 'SIGKILL');
      await waitFor(c.endpoint, 'restarted', (v) => onlineOn(v, 'g0').length === 1 && svcPid(c.clusterId(), 'g0,svc-0-0,0.svc') !== undefined && svcPid(c.clusterId(), 'g0,svc-0-0,0.svc') !== pid, 30_000);
      restart.push(performance.now() - t0);
    }
    rows.push({ name: 'service killed → resource online again (median)', value: median(restart), unit: 'ms' });
    rows.push({ name: 'service killed → resource online again (max)', value: Math.max(...restart), unit: 'ms' });
    const crash: number[] = [];
    for (let i = 0; i < TRIALS; i++) {
      const v0 = await fetchView(c.endpoint);
      const from = onlineOn(v0, 'g0')[0] ?? 'n1';
      const t0 = performance.now();
      await c.ferry(['node', 'crash', from]);
      await waitFor(c.endpoint, 'failover', (v) => { const on = onlineOn(v, 'g0'); return on.length === 1 && on[0] !== from; }, 30_000);
      crash.push(performance.now() - t0);
      await c.ferry(['node', 'start', from]);
      await waitFor(c.endpoint, 'node back', (v) => v.nodes.every((n) => n.state === 'UP') && groupState(v, 'g0', from) === 'OFFLINE');
    }
    rows.push({ name: 'node crash → group online elsewhere (median)', value: median(crash), unit: 'ms' });
    rows.push({ name: 'node crash → group online elsewhere (max)', value: Math.max(...crash), unit: 'ms' });
  } finally {
    await c.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

function cpuTicks(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[11]) + Number(fields[12]);
}

async function idle(rows: Row[]): Promise<void> {
  const { dir, rtr } = agentDir();
  const c = await startCluster();
  try {
    const groups = Math.ceil(IDLE_RESOURCES / 5);
    await apply(c, clusterYaml(rtr, groups, 5, false), dir);
    const started = performance.now();
    const r = await c.ferry(['rg', 'online', '-M', '+']);
    if (r.code !== 0) throw new Error(`rg online -M + failed: ${r.stderr}`);
    await waitFor(c.endpoint, `${IDLE_RESOURCES} online`, (v) => v.resources.filter((x) => x.perNode.some((p) => p.state === 'ONLINE')).length >= IDLE_RESOURCES, 600_000, 1000);
    rows.push({ name: `${IDLE_RESOURCES} resources online (${groups} groups of 5, monitored)`, value: (performance.now() - started) / 1000, unit: 's' });
    await new Promise((res) => setTimeout(res, 3000));
    const t0 = cpuTicks(c.pid);
    const w0 = performance.now();
    await new Promise((r) => setTimeout(r, 10_000));
    const seconds = (performance.now() - w0) / 1000;
    const cpu = (cpuTicks(c.pid) - t0) / 100 / seconds * 100;
    const rss = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${c.pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
    rows.push({ name: `idle cluster process CPU, ${IDLE_RESOURCES} monitored resources`, value: cpu, unit: '% of a core' });
    rows.push({ name: `idle cluster process RSS, ${IDLE_RESOURCES} monitored resources`, value: rss, unit: 'MiB' });
  } finally {
    await c.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function run(): Promise<Row[]> {
  const rows: Row[] = [];
  if (PARTS.has('hundred')) await hundredOnline(rows);
  if (PARTS.has('failures')) await failures(rows);
  if (PARTS.has('idle')) await idle(rows);
  if (PARTS.has('peer') && process.env['FERRY_BENCH_PEER'] !== '0') {
    const peer = await pacemaker();
    rows.push(...peer);
    const ours = rows.find((r) => r.name.startsWith('100 resources online') && r.name.endsWith('median'))?.value ?? Number.NaN;
    const theirs = peer.find((r) => r.name === NAMES.startMedian)?.value ?? Number.NaN;
    rows.push({ name: 'Pacemaker time / Ferry time, 100 resources to online (same run)', value: theirs / ours, unit: '×' });
    const ourRestart = rows.find((r) => r.name.startsWith('service killed → resource online again (median)'))?.value ?? Number.NaN;
    const theirRestart = peer.find((r) => r.name === NAMES.restartMedian)?.value ?? Number.NaN;
    rows.push({ name: 'Pacemaker / Ferry, failure → resource started again (same run)', value: theirRestart / ourRestart, unit: '×' });
  }
  return rows;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  for (const r of await run()) console.log(`${r.name.padEnd(70)} ${r.value.toFixed(1).padStart(10)} ${r.unit}`);
}
