import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { lookupType, methodTimeoutS, parseNodeTarget, type ClusterStatus, type ResourceType } from '../../model/index.js';
import type { Layout } from '../../store/layout.js';
import type { LeaseId, Store, Watch } from '../../store/store.js';
import { methodArgv, resolveMethodPath, runMethod } from '../method-runner/index.js';
import type { AgentReport, MethodIntent } from './intent.js';
import { killNodeProcesses, killOrphanMonitors } from './process-scan.js';
import { loadConfig } from '../../store/config-repo.js';

export interface NodeAgentOptions {
  readonly store: Store;
  readonly keys: Layout;
  readonly node: string;
  /** Unique per cluster run; marks every process this node starts (FERRY_CLUSTER). */
  readonly clusterId: string;
  /** Per-node state: method logs, the agent socket. */
  readonly dataDir: string;
  /** Directory holding scha_*, pmfadm, hatimerun; put first on the methods' PATH. */
  readonly binDir: string;
  readonly leaseTtlMs: number;
  readonly renewEveryMs: number;
  readonly log: (line: string) => void;
  /** Extra environment for methods (FERRY_AGENT_SOCKET …), supplied by whoever serves the endpoint. */
  readonly methodEnv?: Readonly<Record<string, string>>;
}

/**
 * One node's agent: holds the node's membership lease, carries out the leader's method intents for
 * this node, and reports results back through the store. It decides nothing itself.
 */
export class NodeAgent {
  private lease: LeaseId | undefined;
  private renewTimer: NodeJS.Timeout | undefined;
  private watch: Watch | undefined;
  private readonly running = new Map<string, AbortController>();
  private readonly handled = new Set<string>();
  private reportSeq = 0;
  private stopped = false;

  constructor(private readonly o: NodeAgentOptions) {}

  get node(): string {
    return this.o.node;
  }

  async start(): Promise<void> {
    this.stopped = false;
    mkdirSync(join(this.o.dataDir, 'logs'), { recursive: true });
    const lease = await this.o.store.grantLease(this.o.leaseTtlMs);
    this.lease = lease;
    await this.o.store.txn({ compare: [], success: [{ kind: 'put', key: this.o.keys.member(this.o.node), value: JSON.stringify({ node: this.o.node, startedAtMs: Date.now() }), lease }] });
    this.renewTimer = setInterval(() => {
      this.o.store.keepAlive(lease).catch((err: Error) => this.o.log(`node ${this.o.node}: lease renewal failed: ${err.message}`));
    }, this.o.renewEveryMs);
    await this.resumeMonitoring();
    const prefix = this.o.keys.intents(this.o.node);
    const { items, revision } = await this.o.store.list(prefix);
    for (const kv of items) this.accept(JSON.parse(kv.value) as MethodIntent);
    this.watch = this.o.store.watch(prefix, revision + 1, (events) => {
      for (const e of events) {
        const id = e.key.slice(prefix.length);
        if (e.kind === 'put') this.accept(JSON.parse(e.value) as MethodIntent);
        else this.handled.delete(id);
      }
    }, (err) => this.o.log(`node ${this.o.node}: intent watch ended: ${err.message}`));
  }

  /**
   * After an agent restart (ferry up or ferryd restarted while groups were online), services are
   * still running but their PMF supervision is gone: kill the orphaned monitors and start them
   * again with Monitor_start, locally, so nothing else is restarted.
   */
  private async resumeMonitoring(): Promise<void> {
    const statusKv = await this.o.store.get(this.o.keys.status);
    if (!statusKv) return;
    const status = JSON.parse(statusKv.value) as ClusterStatus;
    const { config } = await loadConfig(this.o.store, this.o.keys);
    const mine = config.resources.flatMap((r) => Object.entries(status.resources[r.name]?.targets ?? {})
      .filter(([t, st]) => parseNodeTarget(t).node === this.o.node && st.state === 'ONLINE' && r.enabled && r.monitored)
      .map(([t]) => ({ r, t })));
    if (mine.length === 0) return;
    const killed = await killOrphanMonitors(this.o.clusterId, this.o.node);
    for (const { r, t } of mine) {
      const type = lookupType(config.types, r.type);
      const timeoutS = type ? methodTimeoutS(type, r, 'Monitor_start') : undefined;
      if (!type || timeoutS === undefined) continue;
      const result = await runMethod({
        path: resolveMethodPath(type.baseDir, type.methods.Monitor_start ?? ''),
        argv: methodArgv({ resource: r.name, type: type.name, group: r.group }),
        timeoutMs: timeoutS * 1000, name: 'Monitor_start',
        env: this.methodEnv({ resource: r.name, group: r.group, type: type.name, method: 'Monitor_start' }, parseNodeTarget(t).zone),
        logFile: join(this.o.dataDir, 'logs', `${r.name}.log`), binDir: this.o.binDir,
      });
      this.o.log(`node ${this.o.node}: resumed monitoring of ${r.name} after agent restart (${result.execution}${result.exitCode !== undefined ? ` ${result.exitCode}` : ''}; ${killed} orphaned monitor processes ended)`);
    }
  }

  /** Stops the agent; methods in flight finish, services keep running (as when ferryd restarts). */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.renewTimer) clearInterval(this.renewTimer);
    await this.watch?.cancel();
    if (this.lease) await this.o.store.revokeLease(this.lease).catch(() => undefined);
  }

  /**
   * Simulates a machine crash of this virtual node: membership is lost at once, methods in flight
   * are abandoned, and every process the node started is SIGKILLed without running Stop.
   */
  async crash(): Promise<number> {
    this.stopped = true;
    for (const c of this.running.values()) c.abort();
    if (this.renewTimer) clearInterval(this.renewTimer);
    await this.watch?.cancel();
    const killed = await killNodeProcesses(this.o.clusterId, this.o.node);
    if (this.lease) await this.o.store.revokeLease(this.lease).catch(() => undefined);
    this.running.clear();
    this.handled.clear();
    return killed;
  }

  private accept(intent: MethodIntent): void {
    if (this.stopped || this.handled.has(intent.id)) return;
    this.handled.add(intent.id);
    void this.execute(intent).catch((err: Error) => this.o.log(`node ${this.o.node}: intent ${intent.id} failed to run: ${err.message}`));
  }

  private async execute(intent: MethodIntent): Promise<void> {
    const typeKv = await this.o.store.get(this.o.keys.type(intent.type));
    const type = typeKv ? (JSON.parse(typeKv.value) as ResourceType) : undefined;
    const declared = type?.methods[intent.method];
    const target = parseNodeTarget(intent.target);
    const abort = new AbortController();
    this.running.set(intent.id, abort);
    const startedAt = Date.now();
    const result = declared === undefined
      ? { execution: 'not-found' as const, durationMs: 0, outputTail: `type ${intent.type} declares no ${intent.method} method` }
      : await runMethod({
          path: resolveMethodPath(type?.baseDir, declared),
          argv: methodArgv({ resource: intent.resource, type: intent.type, group: intent.group, ...(intent.validate ? { validate: intent.validate } : {}) }),
          timeoutMs: intent.timeoutS * 1000,
          env: this.methodEnv(intent, target.zone),
          logFile: join(this.o.dataDir, 'logs', `${intent.resource}.log`),
          signal: abort.signal,
          ...(this.o.binDir ? { binDir: this.o.binDir } : {}),
        });
    this.running.delete(intent.id);
    if (this.stopped) return; // a crashed node reports nothing
    if (intent.replyKey !== undefined) {
      const answer = { execution: result.execution, ...('exitCode' in result && result.exitCode !== undefined ? { exitCode: result.exitCode } : {}), outputTail: result.outputTail ?? '' };
      await this.o.store.txn({ compare: [], success: [{ kind: 'put', key: intent.replyKey, value: JSON.stringify(answer) }] });
      return;
    }
    await this.report({
      kind: 'method-result', actionId: intent.id, resource: intent.resource, target: intent.target, method: intent.method,
      execution: result.execution, durationMs: result.durationMs ?? Date.now() - startedAt,
      ...('exitCode' in result && result.exitCode !== undefined ? { exitCode: result.exitCode } : {}),
      ...(result.outputTail ? { outputTail: result.outputTail } : {}),
    });
  }

  private methodEnv(intent: Pick<MethodIntent, 'resource' | 'group' | 'type' | 'method'>, zone: string | undefined): Record<string, string> {
    return {
      ...this.o.methodEnv,
      FERRY_CLUSTER: this.o.clusterId,
      FERRY_NODE: this.o.node,
      FERRY_ZONE: zone ?? 'global',
      FERRY_RESOURCE: intent.resource,
      FERRY_GROUP: intent.group,
      FERRY_TYPE: intent.type,
      FERRY_METHOD: intent.method,
    };
  }

  /** Writes one fact for the leader to consume. */
  async report(r: AgentReport): Promise<void> {
    const key = this.o.keys.report(this.o.node, `${Date.now().toString(36)}-${(this.reportSeq++).toString(36).padStart(6, '0')}`);
    await this.o.store.txn({ compare: [], success: [{ kind: 'put', key, value: JSON.stringify(r) }] });
  }
}
