import { type ChildProcess } from 'node:child_process';
import { closeSync, copyFileSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { ETCD_BIN, etcdMissing } from '../etcd/etcd-cluster.js';
import { runFerry, type CommandResult } from '../ferry-process.js';
import { createNetLab, netnsMissing, type LabMachine, type NetLab } from './net-lab.js';

export const FERRYD_BIN = resolve('dist/src/main/ferryd.js');
const FIXTURES = resolve('test/fixtures/multi-machine');

export interface FerryLabOptions {
  readonly machines?: number;
  readonly leaseTtlMs?: number;
  /**
   * etcd raft timing (defaults 50 / 250 ms: a lease TTL of 1 s is then possible, and an etcd leader
   * change stalls renewals for 0.2–0.7 s, well inside the self-fence time of a 1 s TTL).
   */
  readonly etcdHeartbeatMs?: number;
  readonly etcdElectionMs?: number;
  /** Configure the test fencing agent (test/fixtures/multi-machine/fence_test) on every ferryd. */
  readonly fenceAgent?: boolean;
  readonly extraFerrydArgs?: readonly string[];
}

/** One etcd member and one ferryd per network namespace; the test type `mm` registered. */
export interface FerryLab {
  readonly net: NetLab;
  readonly dir: string;
  /** Where the mm methods keep pid files and their journal. */
  readonly stateDir: string;
  readonly nodes: readonly string[];
  endpoint(i: number): string;
  ferry(i: number, args: readonly string[]): Promise<CommandResult>;
  ferrydPid(i: number): number | undefined;
  isFerrydRunning(i: number): boolean;
  killFerryd(i: number): Promise<void>;
  startFerryd(i: number): Promise<void>;
  killEtcd(i: number): Promise<void>;
  startEtcd(i: number): Promise<void>;
  cut(i: number): void;
  heal(i: number): void;
  /** `ferry --json status` through machine i (undefined when it does not answer). */
  status(i: number): Promise<LabStatus | undefined>;
  ferrydLog(i: number): string;
  journal(): JournalEntry[];
  stop(): Promise<void>;
}

export interface LabStatus {
  readonly leader?: { readonly node: string; readonly epoch: number };
  readonly nodes: readonly { readonly name: string; readonly state: string; readonly leaseAgeMs?: number }[];
  readonly groups: readonly { readonly name: string; readonly perNode: readonly { readonly target: string; readonly state: string }[] }[];
  readonly etcd?: readonly { readonly endpoint: string; readonly healthy: boolean; readonly isLeader?: boolean }[];
}

export interface JournalEntry { readonly atMs: number; readonly node: string; readonly resource: string; readonly what: string }

export function labMissing(): string | undefined {
  return netnsMissing() ?? etcdMissing();
}

export async function startFerryLab(o: FerryLabOptions = {}): Promise<FerryLab> {
  const count = o.machines ?? 3;
  const dir = mkdtempSync(join(tmpdir(), 'ferry-lab-'));
  const methods = join(dir, 'mm');
  mkdirSync(methods);
  for (const f of ['mm_common.sh', 'mm_start', 'mm_stop']) copyFileSync(join(FIXTURES, f), join(methods, f));
  const rtr = join(dir, 'mm.rtr');
  writeFileSync(rtr, readFileSync(join(FIXTURES, 'mm.rtr.in'), 'utf8').replace('@BASEDIR@', methods));
  const stateDir = join(methods, 'state');
  mkdirSync(stateDir);
  const net = createNetLab(count);
  const nodes = net.machines.map((_, i) => `n${i + 1}`);
  const etcds: (ChildProcess | undefined)[] = [];
  const ferryds: (ChildProcess | undefined)[] = [];
  const etcdUrl = (m: LabMachine): string => `http://${m.ip}:2379`;
  const cluster = net.machines.map((m, i) => `e${i}=http://${m.ip}:2380`).join(',');
  const exited = (c: ChildProcess | undefined): Promise<void> => new Promise((r) => {
    if (c === undefined || c.exitCode !== null || c.signalCode !== null) r();
    else c.once('exit', () => r());
  });
  const running = (c: ChildProcess | undefined): boolean => c !== undefined && c.exitCode === null && c.signalCode === null;

  const spawnEtcd = (i: number, state: 'new' | 'existing'): void => {
    const m = net.machines[i] as LabMachine;
    const log = openSync(join(dir, `etcd-${i}.log`), 'a');
    etcds[i] = m.spawn(ETCD_BIN, [
      '--name', `e${i}`, '--data-dir', join(dir, `etcd-${i}`),
      '--listen-client-urls', etcdUrl(m), '--advertise-client-urls', etcdUrl(m),
      '--listen-peer-urls', `http://${m.ip}:2380`, '--initial-advertise-peer-urls', `http://${m.ip}:2380`,
      '--initial-cluster', cluster, '--initial-cluster-state', state, '--initial-cluster-token', `ferry-lab-${net.id}`, '--max-txn-ops', '10000',
      '--heartbeat-interval', String(o.etcdHeartbeatMs ?? 50), '--election-timeout', String(o.etcdElectionMs ?? 250),
      // --pre-vote (the default from etcd 3.5): a member coming back from a partition does not
      // force an election, which would stall lease renewals for everyone.
      '--pre-vote', '--grpc-keepalive-min-time', '500ms', '--log-level', 'warn', '--logger', 'zap',
    ], { stdio: ['ignore', log, log] });
    closeSync(log);
  };
  const etcdHealthy = async (i: number, timeoutMs: number): Promise<void> => {
    const url = `${etcdUrl(net.machines[i] as LabMachine)}/health`;
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      try {
        const r = await fetch(url, { signal: AbortSignal.timeout(500) });
        if (((await r.json()) as { health?: string }).health === 'true') return;
      } catch { /* not yet */ }
      await sleep(50);
    }
    throw new Error(`etcd member ${i} not healthy after ${timeoutMs} ms:\n${readLog(join(dir, `etcd-${i}.log`)).slice(-2000)}`);
  };
  const fenceDir = join(dir, 'fence');
  mkdirSync(fenceDir);
  const spawnFerryd = async (i: number): Promise<void> => {
    const m = net.machines[i] as LabMachine;
    const node = nodes[i] as string;
    const log = openSync(join(dir, `ferryd-${i}.log`), 'a');
    const child = m.spawn(process.execPath, [
      FERRYD_BIN, '--node', node, '--etcd', net.machines.map(etcdUrl).join(','),
      '--listen', `${m.ip}:7400`, '--data', join(dir, node),
      '--lease-ttl-ms', String(o.leaseTtlMs ?? 2000), '--etcd-keepalive-ms', '1000', '--etcd-call-timeout-ms', '1000',
      ...(o.fenceAgent ? ['--fence-agent', join(FIXTURES, 'fence_test'), '--fence-timeout-ms', '10000'] : []),
      ...(o.extraFerrydArgs ?? []),
    ], { stdio: ['ignore', log, log], env: { ...process.env, FENCE_TEST_DIR: fenceDir } });
    closeSync(log);
    ferryds[i] = child;
    writeFileSync(join(fenceDir, `${node}.pid`), `${child.pid ?? ''}\n`);
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      if (!running(child)) throw new Error(`ferryd ${node} exited:\n${readLog(join(dir, `ferryd-${i}.log`)).slice(-3000)}`);
      try {
        if ((await fetch(`http://${m.ip}:7400/healthz`, { signal: AbortSignal.timeout(500) })).ok) break;
      } catch { /* not yet */ }
      await sleep(50);
    }
    try { writeFileSync(join(fenceDir, `${node}.mark`), readFileSync(join(dir, node, 'cluster-id'), 'utf8')); } catch { /* written once it exists */ }
  };

  const lab: FerryLab = {
    net, dir, stateDir, nodes,
    endpoint: (i) => `http://${(net.machines[i] as LabMachine).ip}:7400`,
    ferry: (i, args) => runFerry(args, { FERRY_ENDPOINT: lab.endpoint(i) }, 30_000),
    ferrydPid: (i) => ferryds[i]?.pid,
    isFerrydRunning: (i) => running(ferryds[i]),
    killFerryd: async (i) => {
      ferryds[i]?.kill('SIGKILL');
      await exited(ferryds[i]);
    },
    startFerryd: (i) => spawnFerryd(i),
    killEtcd: async (i) => {
      etcds[i]?.kill('SIGKILL');
      await exited(etcds[i]);
    },
    startEtcd: async (i) => {
      spawnEtcd(i, 'existing');
      await sleep(100);
    },
    cut: (i) => net.cut(i),
    heal: (i) => net.heal(i),
    status: async (i) => {
      try {
        const r = await fetch(`${lab.endpoint(i)}/v1/status`, { signal: AbortSignal.timeout(3000) });
        return r.ok ? ((await r.json()) as LabStatus) : undefined;
      } catch {
        return undefined;
      }
    },
    ferrydLog: (i) => readLog(join(dir, `ferryd-${i}.log`)),
    journal: () => readLog(join(stateDir, 'journal')).split('\n').filter((l) => l.trim() !== '').map((l) => {
      const [at, node, resource, what] = l.split(' ');
      return { atMs: Number(at), node: node ?? '', resource: resource ?? '', what: what ?? '' };
    }),
    stop: async () => {
      for (const c of ferryds) c?.kill('SIGTERM');
      await Promise.race([Promise.all(ferryds.map(exited)), sleep(8000)]);
      for (const c of ferryds) c?.kill('SIGKILL');
      for (const c of etcds) c?.kill('SIGKILL');
      await Promise.all([...ferryds, ...etcds].map(exited));
      killLeftovers(stateDir);
      net.destroy();
      // FERRY_LAB_KEEP=1 keeps the logs and journals for a look after a run.
      if (process.env['FERRY_LAB_KEEP'] === undefined) rmSync(dir, { recursive: true, force: true });
      else process.stderr.write(`ferry lab kept in ${dir}\n`);
    },
  };
  try {
    for (let i = 0; i < count; i++) spawnEtcd(i, 'new');
    await Promise.all(net.machines.map((_, i) => etcdHealthy(i, 20_000)));
    for (let i = 0; i < count; i++) await spawnFerryd(i);
    const reg = await lab.ferry(0, ['rt', 'register', rtr]);
    if (reg.code !== 0) throw new Error(`rt register failed: ${reg.stderr}`);
  } catch (err) {
    await lab.stop();
    throw err;
  }
  return lab;
}

function readLog(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

/** Service processes the mm methods started and nobody stopped (by their pid files and marks). */
function killLeftovers(stateDir: string): void {
  let files: string[] = [];
  try { files = readdirSync(stateDir).filter((f) => f.endsWith('.pid')); } catch { return; }
  for (const f of files) {
    const pid = Number(readLog(join(stateDir, f)).trim());
    if (!Number.isInteger(pid) || pid <= 0) continue;
    if (!readLog(`/proc/${pid}/cmdline`).includes(`ferry-mm-${f.slice(0, -4)}`)) continue;
    try { process.kill(-pid, 'SIGKILL'); } catch { try { process.kill(pid, 'SIGKILL'); } catch { /* gone */ } }
  }
}
