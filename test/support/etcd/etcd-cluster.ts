import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, openSync, closeSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'node:https';
import { setTimeout as sleep } from 'node:timers/promises';
import type { TestCerts } from './test-certs.js';

/** Debian's etcd-server puts etcd here; the tests use this binary and no other. */
export const ETCD_BIN = process.env.FERRY_ETCD_BIN ?? '/usr/bin/etcd';

/** Why etcd tests cannot run, or undefined when they can. */
export function etcdMissing(): string | undefined {
  if (existsSync(ETCD_BIN)) return undefined;
  return `etcd is not installed (${ETCD_BIN} is missing): run .ci/run, or apt-get install -y etcd-server`;
}

export interface EtcdClusterOptions {
  /** 1 (default) or 3 members. */
  readonly members?: 1 | 3;
  /** Raft timing: fast elections for tests (defaults 50 / 250 ms). */
  readonly heartbeatMs?: number;
  readonly electionTimeoutMs?: number;
  /** Extra flags for every member, e.g. ['--auth-token-ttl', '2']. */
  readonly extraArgs?: readonly string[];
  /** Parent of the members' data directories (default the OS temp dir). */
  readonly dataParent?: string;
  /** How long start() and restart() wait for health (default 10,000 ms). */
  readonly readyTimeoutMs?: number;
  /**
   * Serve clients over TLS with these certificates and require client certificates
   * (`--client-cert-auth`); peers stay on plain http. Make them with makeTestCerts().
   */
  readonly tls?: TestCerts;
}

/** One etcd member: its client URL and the process controls tests need. */
export interface EtcdMember {
  readonly name: string;
  readonly clientUrl: string;
  readonly pid: number | undefined;
  readonly isRunning: boolean;
  /** SIGTERM, then SIGKILL after 3 s; waits for the exit. */
  stop(): Promise<void>;
  /** SIGKILL; waits for the exit. */
  kill(): Promise<void>;
  /** SIGSTOP: the process freezes with its sockets open, as a hung machine would. */
  pause(): void;
  /** SIGCONT after pause(). */
  resume(): void;
  /** Starts the member again on its data directory and ports (after stop or kill). */
  restart(): Promise<void>;
  /** The member's log so far (for failure messages). */
  log(): string;
}

export interface EtcdCluster {
  readonly members: readonly EtcdMember[];
  /** Client URLs of every member, in member order. */
  readonly endpoints: readonly string[];
  /** Kills every member (the data is thrown away, so there is nothing to shut down cleanly) and removes the data directories. */
  stop(): Promise<void>;
}

const running = new Set<ChildProcess>();
let isExitHookSet = false;

/**
 * Starts a fresh etcd cluster on loopback: random free ports, a new temp data directory, fast raft
 * timing; resolves once every member reports healthy. Stop it with `stop()`; members still running
 * when the test process exits are killed by PID.
 */
export async function startEtcdCluster(options: EtcdClusterOptions = {}): Promise<EtcdCluster> {
  const missing = etcdMissing();
  if (missing !== undefined) throw new Error(missing);
  if (!isExitHookSet) {
    isExitHookSet = true;
    process.on('exit', () => {
      for (const child of running) child.kill('SIGKILL');
    });
  }
  const count = options.members ?? 1;
  const dir = await mkdtemp(join(options.dataParent ?? tmpdir(), 'ferry-etcd-'));
  const ports = await freePorts(count * 2);
  const token = `ferry-test-${process.pid}-${Date.now()}`;
  const scheme = options.tls === undefined ? 'http' : 'https';
  const tlsArgs = options.tls === undefined ? [] : [
    '--cert-file', options.tls.serverCertFile,
    '--key-file', options.tls.serverKeyFile,
    '--trusted-ca-file', options.tls.caFile,
    '--client-cert-auth',
  ];
  const specs = Array.from({ length: count }, (_, i) => ({
    name: `m${i}`,
    clientUrl: `${scheme}://127.0.0.1:${ports[2 * i]}`,
    peerUrl: `http://127.0.0.1:${ports[2 * i + 1]}`,
  }));
  const initialCluster = specs.map((s) => `${s.name}=${s.peerUrl}`).join(',');
  const members = specs.map((s) => new Member(s.name, s.clientUrl, join(dir, s.name), [
    '--name', s.name,
    '--data-dir', join(dir, s.name),
    '--listen-client-urls', s.clientUrl,
    '--advertise-client-urls', s.clientUrl,
    '--listen-peer-urls', s.peerUrl,
    '--initial-advertise-peer-urls', s.peerUrl,
    '--initial-cluster', initialCluster,
    '--initial-cluster-state', 'new',
    '--initial-cluster-token', token,
    '--heartbeat-interval', String(options.heartbeatMs ?? 50),
    '--election-timeout', String(options.electionTimeoutMs ?? 250),
    // Lets clients ping every 500 ms (etcd's default minimum is 5 s) so tests can use short keep-alives.
    '--grpc-keepalive-min-time', '500ms',
    '--logger', 'zap',
    '--log-outputs', 'stderr',
    '--log-level', 'info',
    ...tlsArgs,
    ...(options.extraArgs ?? []),
  ], options.readyTimeoutMs ?? 10_000, options.tls));
  const cluster: EtcdCluster = {
    members,
    endpoints: members.map((m) => m.clientUrl),
    stop: async () => {
      await Promise.all(members.map((m) => m.kill()));
      await rm(dir, { recursive: true, force: true });
    },
  };
  try {
    for (const m of members) m.spawn();
    await Promise.all(members.map((m) => m.waitHealthy()));
  } catch (err) {
    await cluster.stop();
    throw err;
  }
  return cluster;
}

class Member implements EtcdMember {
  private child: ChildProcess | undefined;
  private exited: Promise<void> = Promise.resolve();

  constructor(
    readonly name: string,
    readonly clientUrl: string,
    private readonly dataDir: string,
    private readonly args: readonly string[],
    private readonly readyTimeoutMs: number,
    private readonly tls: TestCerts | undefined,
  ) {}

  get pid(): number | undefined {
    return this.child?.pid;
  }

  get isRunning(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  spawn(): void {
    const logFd = openSync(`${this.dataDir}.log`, 'a');
    const child = spawn(ETCD_BIN, this.args, { stdio: ['ignore', logFd, logFd] });
    closeSync(logFd);
    this.child = child;
    running.add(child);
    this.exited = new Promise((resolve) => child.once('exit', () => {
      running.delete(child);
      resolve();
    }));
    child.once('error', () => running.delete(child));
  }

  async waitHealthy(): Promise<void> {
    const deadline = Date.now() + this.readyTimeoutMs;
    while (Date.now() < deadline) {
      if (!this.isRunning) throw new Error(`etcd member ${this.name} exited during start-up:\n${this.log().slice(-2000)}`);
      try {
        if (await this.isHealthy()) return;
      } catch {
        // not listening yet
      }
      await sleep(20);
    }
    throw new Error(`etcd member ${this.name} not healthy after ${this.readyTimeoutMs} ms:\n${this.log().slice(-2000)}`);
  }

  /** etcd's /health is true once the member has a leader and a quorum read went through. */
  private async isHealthy(): Promise<boolean> {
    const url = `${this.clientUrl}/health`;
    if (this.tls === undefined) {
      const res = await fetch(url, { signal: AbortSignal.timeout(500) });
      return ((await res.json()) as { health?: string }).health === 'true';
    }
    const tls = this.tls;
    const body = await new Promise<string>((resolve, reject) => {
      const req = request(url, { ca: tls.ca, cert: tls.clientCert, key: tls.clientKey, servername: 'localhost', timeout: 500 }, (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString()));
        res.on('end', () => resolve(text));
        res.on('error', reject);
      });
      req.on('timeout', () => req.destroy(new Error('timeout')));
      req.on('error', reject);
      req.end();
    });
    return (JSON.parse(body) as { health?: string }).health === 'true';
  }

  async stop(): Promise<void> {
    if (!this.isRunning) return;
    const child = this.child as ChildProcess;
    child.kill('SIGCONT');
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
    await this.exited;
    clearTimeout(timer);
  }

  async kill(): Promise<void> {
    if (!this.isRunning) return;
    (this.child as ChildProcess).kill('SIGKILL');
    await this.exited;
  }

  pause(): void {
    if (this.isRunning) (this.child as ChildProcess).kill('SIGSTOP');
  }

  resume(): void {
    if (this.isRunning) (this.child as ChildProcess).kill('SIGCONT');
  }

  async restart(): Promise<void> {
    if (this.isRunning) throw new Error(`etcd member ${this.name} is still running`);
    this.spawn();
    await this.waitHealthy();
  }

  log(): string {
    try {
      return readFileSync(`${this.dataDir}.log`, 'utf8');
    } catch {
      return '';
    }
  }
}

/** Ports the kernel hands out as free right now (bound together, so they are distinct). */
async function freePorts(n: number): Promise<number[]> {
  const servers = await Promise.all(Array.from({ length: n }, () => new Promise<ReturnType<typeof createServer>>((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => resolve(srv));
  })));
  const ports = servers.map((s) => (s.address() as { port: number }).port);
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  return ports;
}
