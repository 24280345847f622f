import { spawn } from 'node:child_process';
import { mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CliError, EXIT } from '../cli/errors.js';
import type { ListenAddress } from './options.js';
import { startEmbeddedCluster } from './embedded-cluster.js';

export interface UpOptions {
  readonly nodes: readonly string[];
  readonly dataDir: string;
  readonly listen: ListenAddress;
  readonly detach: boolean;
  readonly configFile?: string;
  /** Network namespace per virtual node (`--node-netns n1=ns1,n2=ns2`). */
  readonly nodeNetns?: Readonly<Record<string, string>>;
  /** Every virtual node gets its own mount namespace (`--private-mounts`). */
  readonly privateMounts?: boolean;
  /** Zones that are existing network namespaces, node → zone → name (`--zone-netns n1:z1=ns1`). */
  readonly zoneNetns?: Readonly<Record<string, Readonly<Record<string, string>>>>;
}

const pidFile = (dataDir: string): string => join(dataDir, 'ferry.pid');

/** Runs the embedded cluster in the foreground until SIGINT/SIGTERM, or starts it detached. */
export async function runUp(o: UpOptions): Promise<void> {
  if (o.detach) return startDetached(o);
  const cluster = await startEmbeddedCluster(o);
  process.stdout.write(`ferry: cluster up at ${cluster.endpoint} with nodes ${o.nodes.join(', ')}; data in ${o.dataDir} (Ctrl-C stops)\n`);
  await new Promise<void>((resolve) => {
    const stop = (): void => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await cluster.close();
  rmSync(pidFile(o.dataDir), { force: true });
}

async function startDetached(o: UpOptions): Promise<void> {
  mkdirSync(o.dataDir, { recursive: true });
  const log = openSync(join(o.dataDir, 'ferry.log'), 'a');
  const args = process.argv.slice(1).filter((a) => a !== '--detach');
  const child = spawn(process.execPath, args, { detached: true, stdio: ['ignore', log, log] });
  child.unref();
  const endpoint = `http://${o.listen.host}:${o.listen.port}`;
  const deadline = Date.now() + 30_000;
  let exited: number | null = null;
  child.once('exit', (code) => { exited = code ?? 1; });
  while (Date.now() < deadline) {
    if (exited !== null) throw new CliError(`ferry up exited with status ${String(exited)} before it was ready; see ${join(o.dataDir, 'ferry.log')}`);
    try {
      const res = await fetch(`${endpoint}/healthz`, { signal: AbortSignal.timeout(500) });
      if (res.ok) {
        writeFileSync(pidFile(o.dataDir), `${child.pid}\n`);
        process.stdout.write(`ferry: cluster up at ${endpoint} (pid ${child.pid}); stop it with "ferry down --data ${o.dataDir}"\n`);
        return;
      }
    } catch { /* not listening yet */ }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new CliError(`ferry up did not answer on ${endpoint} within 30 s; see ${join(o.dataDir, 'ferry.log')}`, EXIT.timeout);
}

const alive = (pid: number): boolean => {
  try { process.kill(pid, 0); return true; } catch { return false; }
};

/** Stops the detached cluster whose pid file is in `dataDir` (SIGTERM, then waits for it to exit). */
export async function stopDetached(dataDir: string): Promise<void> {
  let pid: number;
  try {
    pid = Number(readFileSync(pidFile(dataDir), 'utf8').trim());
  } catch {
    throw new CliError(`no detached cluster in ${dataDir} (no ferry.pid)`);
  }
  if (!alive(pid)) {
    rmSync(pidFile(dataDir), { force: true });
    process.stdout.write(`ferry: cluster (pid ${pid}) was not running\n`);
    return;
  }
  process.kill(pid, 'SIGTERM');
  const deadline = Date.now() + 60_000;
  while (alive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  if (alive(pid)) throw new CliError(`cluster (pid ${pid}) did not stop within 60 s`, EXIT.timeout);
  rmSync(pidFile(dataDir), { force: true });
  process.stdout.write(`ferry: cluster (pid ${pid}) stopped\n`);
}
