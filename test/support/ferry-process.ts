import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** The compiled `ferry` entry point (tests run from the repository root). */
export const FERRY_BIN = resolve('dist/src/main/ferry.js');

export interface CommandResult { readonly code: number; readonly stdout: string; readonly stderr: string }

/** Runs the real `ferry` CLI as a child process. */
export function runFerry(args: readonly string[], env: Record<string, string> = {}, timeoutMs = 60_000): Promise<CommandResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [FERRY_BIN, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`ferry ${args.join(' ')} did not finish in ${timeoutMs} ms\n${stdout}\n${stderr}`)); }, timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => { clearTimeout(timer); resolvePromise({ code: code ?? -1, stdout, stderr }); });
  });
}

export async function freePort(): Promise<number> {
  return new Promise((resolvePromise, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolvePromise(port));
    });
  });
}

export interface RunningCluster {
  readonly endpoint: string;
  readonly dataDir: string;
  readonly pid: number;
  /** Runs a ferry CLI command against this cluster. */
  ferry(args: readonly string[], env?: Record<string, string>): Promise<CommandResult>;
  /** SIGKILLs the cluster process (a crash), leaving the data directory. */
  kill9(): Promise<void>;
  /** Starts the cluster process again on the same data directory and port. */
  restart(): Promise<void>;
  /** Stops the cluster (SIGTERM) and removes its data directory. */
  stop(): Promise<void>;
  output(): string;
  /** The id marking every process this cluster's nodes started (FERRY_CLUSTER). */
  clusterId(): string;
}

/** SIGKILLs every process a test cluster's nodes started (services outlive `ferry up` by design). */
export function killClusterProcesses(clusterId: string): void {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/environ`, 'utf8').split('\0').includes(`FERRY_CLUSTER=${clusterId}`)) process.kill(Number(entry), 'SIGKILL');
    } catch { /* gone or not ours */ }
  }
}

/** Starts `ferry up` in a fresh temporary data directory on a free port and waits until it answers. */
export async function startCluster(opts: { nodes?: readonly string[]; args?: readonly string[]; dataDir?: string } = {}): Promise<RunningCluster> {
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'ferry-test-'));
  const port = await freePort();
  const endpoint = `http://127.0.0.1:${port}`;
  let child: ChildProcess;
  let output = '';
  const launch = async (): Promise<void> => {
    child = spawn(process.execPath, [FERRY_BIN, 'up', '--nodes', (opts.nodes ?? ['n1', 'n2', 'n3']).join(','), '--data', dataDir, '--listen', `127.0.0.1:${port}`, ...(opts.args ?? [])], {
      stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, FERRY_ENDPOINT: endpoint },
    });
    child.stdout?.on('data', (d: Buffer) => { output += d.toString(); });
    child.stderr?.on('data', (d: Buffer) => { output += d.toString(); });
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`ferry up exited with ${child.exitCode}:\n${output}`);
      try {
        if ((await fetch(`${endpoint}/healthz`, { signal: AbortSignal.timeout(500) })).ok) return;
      } catch { /* not yet */ }
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`ferry up did not answer within 30 s:\n${output}`);
  };
  const exited = (): Promise<void> => new Promise((r) => { if (child.exitCode !== null || child.signalCode !== null) r(); else child.once('exit', () => r()); });
  await launch();
  return {
    endpoint,
    dataDir,
    get pid() { return child.pid ?? -1; },
    ferry: (args, env = {}) => runFerry(args, { FERRY_ENDPOINT: endpoint, ...env }),
    kill9: async () => { child.kill('SIGKILL'); await exited(); },
    restart: launch,
    clusterId: () => readFileSync(join(dataDir, 'cluster-id'), 'utf8').trim(),
    stop: async () => {
      let id: string | undefined;
      try { id = readFileSync(join(dataDir, 'cluster-id'), 'utf8').trim(); } catch { /* never started */ }
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const t = setTimeout(() => child.kill('SIGKILL'), 20_000);
        await exited();
        clearTimeout(t);
      }
      if (id) killClusterProcesses(id);
      rmSync(dataDir, { recursive: true, force: true });
    },
    output: () => output,
  };
}
