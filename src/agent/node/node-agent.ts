import { mkdirSync } from 'node:fs';
import pLimit from 'p-limit';
import { join } from 'node:path';
import { lookupType, methodPlacement, methodTimeoutS, parseNodeTarget, type ClusterStatus, type ResourceType } from '../../model/index.js';
import type { Layout } from '../../store/layout.js';
import type { LeaseId, Store, Watch } from '../../store/store.js';
import { methodArgv, resolveMethodPath, runMethod, type NamespaceSpec } from '../method-runner/index.js';
import type { AgentReport, MethodIntent } from './intent.js';
import { readRmsContext, rmsMethodEnv } from './rms-context.js';
import { isScriptIntent, runScriptIntent, type ScriptIntent } from './script-intent.js';
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
  /**
   * Someone else holds this node's membership lease and member key (ferryd's self-fencing lease
   * keeper): the agent then neither grants, renews nor revokes one. Default false.
   */
  readonly externalMembership?: boolean;
  /**
   * Also list this node's intents this often (ms) besides watching them: a watch on an etcd member
   * that was cut off stays silent until the gRPC keep-alive notices. Default: watch only.
   */
  readonly pollIntentsEveryMs?: number;
  /** The node's own network and mount namespaces (embedded cluster): every method runs inside them. */
  readonly namespaces?: NamespaceSpec;
  /**
   * The zones this node hosts (node-zones.ts): where a method for a `node:zone` target runs when its
   * type does not run in the global zone, and the environment it gets there (the zone's own
   * FERRY_AGENT_SOCKET). Undefined for a zone that is not set up on this node: such a method does
   * not run (`not-found`).
   */
  readonly zone?: (zone: string) => ZoneExecution | undefined;
  /**
   * How many methods and scripts run at once on this node (default 64); more intents wait their
   * turn. Bounds the burst when hundreds of groups come online together. Stops run by self-fencing
   * are not counted.
   */
  readonly maxConcurrentMethods?: number;
}

/** How a method runs inside one zone. */
export interface ZoneExecution {
  readonly namespaces: NamespaceSpec;
  readonly env: Readonly<Record<string, string>>;
}

/** Where one method runs: the namespaces, extra environment and FERRY_ZONE, or why it cannot. */
type Placement =
  | { readonly ok: true; readonly namespaces: NamespaceSpec | undefined; readonly env: Readonly<Record<string, string>>; readonly zone: string | undefined; readonly zoneArg: string | undefined }
  | { readonly ok: false; readonly why: string };

/**
 * One node's agent: holds the node's membership lease, carries out the leader's method intents for
 * this node, and reports results back through the store. It decides nothing itself.
 */
export class NodeAgent {
  private lease: LeaseId | undefined;
  private renewTimer: NodeJS.Timeout | undefined;
  private pollTimer: NodeJS.Timeout | undefined;
  private watch: Watch | undefined;
  private readonly running = new Map<string, AbortController>();
  /** Target (`node` or `node:zone`) of each intent in `running`, by intent id. */
  private readonly runningTargets = new Map<string, string>();
  private readonly handled = new Set<string>();
  /** Resources whose Start (or Prenet_start) succeeded here and that no Stop has stopped since, by `resource@target`. */
  private readonly started = new Map<string, { readonly intent: MethodIntent; readonly type: ResourceType }>();
  private reportSeq = 0;
  private stopped = false;
  private readonly slots: ReturnType<typeof pLimit>;

  constructor(private readonly o: NodeAgentOptions) {
    this.slots = pLimit(o.maxConcurrentMethods ?? 64);
  }

  get node(): string {
    return this.o.node;
  }

  async start(): Promise<void> {
    this.stopped = false;
    mkdirSync(join(this.o.dataDir, 'logs'), { recursive: true });
    if (this.o.externalMembership !== true) {
      const lease = await this.o.store.grantLease(this.o.leaseTtlMs);
      this.lease = lease;
      await this.o.store.txn({ compare: [], success: [{ kind: 'put', key: this.o.keys.member(this.o.node), value: JSON.stringify({ node: this.o.node, startedAtMs: Date.now() }), lease }] });
      this.renewTimer = setInterval(() => {
        this.o.store.keepAlive(lease).catch((err: Error) => this.o.log(`node ${this.o.node}: lease renewal failed: ${err.message}`));
      }, this.o.renewEveryMs);
    }
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
    if (this.o.pollIntentsEveryMs !== undefined) {
      this.pollTimer = setInterval(() => {
        this.o.store.list(prefix).then(({ items: now }) => {
          for (const kv of now) this.accept(JSON.parse(kv.value) as MethodIntent);
        }, () => undefined);
      }, this.o.pollIntentsEveryMs);
    }
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
      const where = this.placement(t, methodPlacement(type, r, t).zoneArg);
      if (!where.ok) continue;
      const result = await runMethod({
        ...where.namespaces,
        path: resolveMethodPath(type.baseDir, type.methods.Monitor_start ?? ''),
        argv: methodArgv({ resource: r.name, type: type.name, group: r.group, ...(where.zoneArg === undefined ? {} : { zone: where.zoneArg }) }),
        timeoutMs: timeoutS * 1000, name: 'Monitor_start',
        env: { ...this.methodEnv({ resource: r.name, group: r.group, type: type.name, method: 'Monitor_start' }, where.zone), ...where.env },
        logFile: join(this.o.dataDir, 'logs', `${r.name}.log`), binDir: this.o.binDir,
      });
      this.o.log(`node ${this.o.node}: resumed monitoring of ${r.name} after agent restart (${result.execution}${result.exitCode !== undefined ? ` ${result.exitCode}` : ''}; ${killed} orphaned monitor processes ended)`);
    }
  }

  /** Stops the agent; methods in flight finish, services keep running (as when ferryd restarts). */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.pollTimer) clearInterval(this.pollTimer);
    if (this.renewTimer) clearInterval(this.renewTimer);
    await this.watch?.cancel();
    if (this.lease) await this.o.store.revokeLease(this.lease).catch(() => undefined);
  }

  /**
   * Simulates a machine crash of this virtual node: membership is lost at once, methods in flight
   * are abandoned, and every process the node started is SIGKILLed without running Stop.
   */
  async crash(beforeLeaseLoss?: () => Promise<void>): Promise<number> {
    this.stopped = true;
    for (const c of this.running.values()) c.abort();
    if (this.pollTimer) clearInterval(this.pollTimer);
    if (this.renewTimer) clearInterval(this.renewTimer);
    await this.watch?.cancel();
    const killed = await killNodeProcesses(this.o.clusterId, this.o.node);
    // What else dies with the machine (its mounts) goes before the leader learns the node is gone.
    await beforeLeaseLoss?.();
    if (this.lease) await this.o.store.revokeLease(this.lease).catch(() => undefined);
    this.running.clear();
    this.runningTargets.clear();
    this.handled.clear();
    return killed;
  }

  private accept(intent: MethodIntent): void {
    if (this.stopped || this.handled.has(intent.id)) return;
    this.handled.add(intent.id);
    void this.slots(() => this.execute(intent)).catch((err: Error) => this.o.log(`node ${this.o.node}: intent ${intent.id} failed to run: ${err.message}`));
  }

  /**
   * Fencing token check: an intent from an older epoch than the current leader key's is ignored,
   * unless the new leader has already re-stamped it (it does so for every intent it takes over), in
   * which case the re-stamped one runs. Waits while the store cannot answer.
   */
  private async currentIntent(intent: MethodIntent): Promise<MethodIntent | undefined> {
    for (;;) {
      if (this.stopped) return undefined;
      try {
        const leader = await this.o.store.get(this.o.keys.leader);
        if (leader === undefined || typeof intent.epoch !== 'number' || leader.createRevision <= intent.epoch) return intent;
        const kv = await this.o.store.get(this.o.keys.intent(this.o.node, intent.id));
        const now = kv === undefined ? undefined : (JSON.parse(kv.value) as MethodIntent);
        return now !== undefined && now.epoch >= leader.createRevision ? now : undefined;
      } catch (err) {
        this.o.log(`node ${this.o.node}: cannot read the leader key to check intent ${intent.id}: ${(err as Error).message}`);
        await new Promise((r) => setTimeout(r, 200));
      }
    }
  }

  private async execute(offered: MethodIntent): Promise<void> {
    const intent = await this.currentIntent(offered);
    if (intent === undefined) {
      this.handled.delete(offered.id);
      if (!this.stopped) this.o.log(`node ${this.o.node}: ignored intent ${offered.id} of an older leader epoch (${offered.epoch})`);
      return;
    }
    if (isScriptIntent(intent)) return this.executeScript(intent);
    const typeKv = await this.o.store.get(this.o.keys.type(intent.type));
    const type = typeKv ? (JSON.parse(typeKv.value) as ResourceType) : undefined;
    const declared = type?.methods[intent.method];
    const where = this.placement(intent.target, zoneArgOf(intent.args));
    const abort = new AbortController();
    this.running.set(intent.id, abort);
    this.runningTargets.set(intent.id, intent.target);
    const startedAt = Date.now();
    const result = declared === undefined
      ? { execution: 'not-found' as const, durationMs: 0, outputTail: `type ${intent.type} declares no ${intent.method} method` }
      : !where.ok
        ? { execution: 'not-found' as const, durationMs: 0, outputTail: where.why }
        : await runMethod({
          ...where.namespaces,
          path: resolveMethodPath(type?.baseDir, declared),
          argv: methodArgv({
            resource: intent.resource, type: intent.type, group: intent.group,
            ...(where.zoneArg === undefined ? {} : { zone: where.zoneArg }), ...(intent.validate ? { validate: intent.validate } : {}),
          }),
          timeoutMs: intent.timeoutS * 1000,
          env: { ...this.methodEnv(intent, where.zone), ...where.env, ...(await rmsMethodEnv(this.o.store, this.o.keys, intent)) },
          logFile: join(this.o.dataDir, 'logs', `${intent.resource}.log`),
          signal: abort.signal,
          ...(this.o.binDir ? { binDir: this.o.binDir } : {}),
        });
    this.running.delete(intent.id);
    this.runningTargets.delete(intent.id);
    if (this.stopped) return; // a crashed node reports nothing
    if (type !== undefined && result.execution === 'done' && 'exitCode' in result && result.exitCode === 0) {
      // Keyed by target too: a scalable group (or Global_zone Boot) may run one resource in several zones of this node.
      const key = `${intent.resource}@${intent.target}`;
      if (intent.method === 'Start' || intent.method === 'Prenet_start') this.started.set(key, { intent, type });
      if (intent.method === 'Stop' || intent.method === 'Postnet_stop') this.started.delete(key);
    }
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

  /** A userApplication script (RMS): `/bin/sh -c` with the HV_* environment, answered by a script-result. */
  private async executeScript(intent: ScriptIntent): Promise<void> {
    const ctx = await readRmsContext(this.o.store, this.o.keys, intent.group);
    const abort = new AbortController();
    this.running.set(intent.id, abort);
    const zone = parseNodeTarget(intent.target).zone;
    const report = await runScriptIntent(intent, {
      dataDir: this.o.dataDir, binDir: this.o.binDir, status: ctx.status, managed: ctx.managed, signal: abort.signal,
      baseEnv: { ...this.o.methodEnv, FERRY_CLUSTER: this.o.clusterId, FERRY_NODE: this.o.node, FERRY_ZONE: zone ?? 'global' },
    });
    this.running.delete(intent.id);
    if (this.stopped) return; // a crashed node reports nothing
    await this.report(report);
  }

  /**
   * Self-fencing (ferryd can no longer renew its membership lease): accepts no more intents, abandons
   * methods in flight, runs Monitor_stop, Stop and Postnet_stop of every resource it started, all
   * within `stopDeadlineMs`, then SIGKILLs every process of the node that is left. Needs no store, so
   * it works cut off from etcd. Resolves with the number of processes killed.
   */
  async selfFence(stopDeadlineMs: number): Promise<number> {
    this.stopped = true;
    for (const c of this.running.values()) c.abort();
    if (this.pollTimer) clearInterval(this.pollTimer);
    if (this.renewTimer) clearInterval(this.renewTimer);
    void this.watch?.cancel();
    await this.stopStarted([...this.started.values()], stopDeadlineMs);
    const killed = await killNodeProcesses(this.o.clusterId, this.o.node);
    this.running.clear();
    this.runningTargets.clear();
    this.handled.clear();
    this.started.clear();
    return killed;
  }

  /**
   * A zone of this node went away (node-zones.ts): methods in flight for it are abandoned, and the
   * Global_zone resources started for it — they run in the global zone, so the zone's end did not
   * end them — are stopped (Monitor_stop, Stop, Postnet_stop with `-Z zone`) within
   * `stopDeadlineMs`. What ran inside the zone is the caller's to kill. The agent keeps running.
   */
  async zoneLost(zone: string, stopDeadlineMs: number): Promise<void> {
    const target = `${this.o.node}:${zone}`;
    for (const [id, t] of this.runningTargets) if (t === target) this.running.get(id)?.abort();
    const mine = [...this.started.entries()].filter(([, s]) => s.intent.target === target);
    for (const [key] of mine) this.started.delete(key);
    await this.stopStarted(mine.map(([, s]) => s).filter((s) => zoneArgOf(s.intent.args) !== undefined), stopDeadlineMs);
  }

  /** Runs Monitor_stop, Stop and Postnet_stop of each started resource, where each ran, all within `stopDeadlineMs`. */
  private async stopStarted(list: readonly { readonly intent: MethodIntent; readonly type: ResourceType }[], stopDeadlineMs: number): Promise<void> {
    const signal = AbortSignal.timeout(stopDeadlineMs);
    const startedAt = Date.now();
    await Promise.all(list.map(async ({ intent, type }) => {
      const where = this.placement(intent.target, zoneArgOf(intent.args));
      if (!where.ok) return;
      for (const method of ['Monitor_stop', 'Stop', 'Postnet_stop'] as const) {
        const declared = type.methods[method];
        const leftMs = stopDeadlineMs - (Date.now() - startedAt);
        if (declared === undefined || signal.aborted || leftMs <= 0) continue;
        await runMethod({
          ...where.namespaces,
          path: resolveMethodPath(type.baseDir, declared),
          argv: methodArgv({ resource: intent.resource, type: intent.type, group: intent.group, ...(where.zoneArg === undefined ? {} : { zone: where.zoneArg }) }),
          timeoutMs: leftMs, name: method,
          env: { ...this.methodEnv({ ...intent, method }, where.zone), ...where.env },
          logFile: join(this.o.dataDir, 'logs', `${intent.resource}.log`),
          signal, binDir: this.o.binDir,
        }).catch(() => undefined);
      }
    }));
  }

  /**
   * Where a method for `target` runs (spec §3.5): with `zoneArg` (a Global_zone type serving a
   * zone) in the global zone — the node's namespaces and endpoint, FERRY_ZONE=global; for another
   * zone target inside that zone's namespaces with the zone's endpoint; else on the node.
   */
  private placement(target: string, zoneArg: string | undefined): Placement {
    const zone = parseNodeTarget(target).zone;
    if (zone === undefined || zoneArg !== undefined) return { ok: true, namespaces: this.o.namespaces, env: {}, zone: undefined, zoneArg };
    const inZone = this.o.zone?.(zone);
    if (inZone === undefined) return { ok: false, why: `zone ${zone} is not set up on node ${this.o.node}` };
    return { ok: true, namespaces: inZone.namespaces, env: inZone.env, zone, zoneArg: undefined };
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

/** The zone of a `-Z zone` pair in the policy's extra method arguments. */
function zoneArgOf(args: readonly string[] | undefined): string | undefined {
  const i = args?.indexOf('-Z') ?? -1;
  return i < 0 ? undefined : args?.[i + 1];
}
