import { join } from 'node:path';
import { NodeAgent } from '../agent/node/node-agent.js';
import type { NodeSandbox } from '../agent/node/node-sandbox.js';
import { NodeZones } from '../agent/node/node-zones.js';
import { serveEndpoint, type Endpoint, type Routes } from '../agent/endpoint/index.js';
import { methodEnv } from '../agent/method-runner/index.js';
import { ProcessMonitor, registerPmfRoutes } from '../agent/pmf/index.js';
import { schaRoutes } from '../api/scha/index.js';
import type { Layout } from '../store/layout.js';
import type { Store } from '../store/store.js';

export interface NodeHostOptions {
  readonly store: Store;
  readonly keys: Layout;
  readonly node: string;
  readonly clusterId: string;
  readonly dataDir: string;
  readonly binDir: string;
  readonly leaseTtlMs: number;
  readonly log: (line: string) => void;
  /** Extra endpoint routes for this node (scha_* answers), given the node's agent. */
  readonly extraRoutes?: (agent: NodeAgent) => Routes;
  /** The membership lease is held by the caller (ferryd's self-fencing lease keeper), not by the agent. */
  readonly externalMembership?: boolean;
  /** Let the agent also list its intents this often (ms); see NodeAgentOptions.pollIntentsEveryMs. */
  readonly pollIntentsEveryMs?: number;
  /** The virtual node's own network / mount namespaces: methods and PMF commands run inside them, crash powers them off. */
  readonly sandbox?: NodeSandbox;
  /**
   * Zones of this node that are existing network namespaces, zone → `ip netns` name (never made or
   * removed by Ferry). Other zones the node declares get a namespace the node makes (NodeZones).
   */
  readonly zoneNetns?: Readonly<Record<string, string>>;
  /** How often the zones' namespaces are checked (ms), default 1000. */
  readonly zoneCheckEveryMs?: number;
}

/** Parses a DSDL-style PMF nametag `RG,RS,instance.svc|mon` into the resource it supervises. */
export function tagResource(tag: string): { group: string; resource: string; kind: 'svc' | 'mon' } | undefined {
  const m = /^([^,]+),([^,]+),[^.]*\.(svc|mon)$/.exec(tag);
  return m ? { group: m[1] ?? '', resource: m[2] ?? '', kind: m[3] as 'svc' | 'mon' } : undefined;
}

/**
 * Everything one (virtual) node runs: its agent, its process monitor (PMF) and the Unix-socket
 * endpoint through which its methods call pmfadm and scha_*.
 */
export class NodeHost {
  agent: NodeAgent;
  private pmf: ProcessMonitor;
  private endpoint: Endpoint | undefined;
  readonly socketPath: string;
  /** The node's zones: their namespaces, endpoints and process monitors (spec §3.5). */
  readonly zones: NodeZones;

  constructor(private readonly o: NodeHostOptions) {
    this.socketPath = join(o.dataDir, 'agent.sock');
    const env = this.env();
    this.pmf = new ProcessMonitor({ baseEnv: { ...methodEnv(), ...env } });
    this.agent = this.newAgent();
    this.zones = this.newZones();
  }

  private newZones(): NodeZones {
    const mountns = this.o.sandbox?.namespaces.mountns;
    return new NodeZones({
      store: this.o.store, keys: this.o.keys, node: this.o.node, clusterId: this.o.clusterId, dataDir: this.o.dataDir, log: this.o.log,
      ...(this.o.zoneNetns === undefined ? {} : { netns: this.o.zoneNetns }),
      ...(mountns === undefined ? {} : { mountns }),
      ...(this.o.zoneCheckEveryMs === undefined ? {} : { checkEveryMs: this.o.zoneCheckEveryMs }),
      pmfFor: (zone, where) => this.watchPmf(new ProcessMonitor({ baseEnv: this.zoneEnv(zone, where.socketPath) }), `${this.o.node}:${zone}`),
      routes: (zone, pmf, where) => ({
        // A zone's methods start PMF commands inside the zone, and scha_* answers for the zone only.
        ...registerPmfRoutes(pmf, { baseEnv: this.zoneEnv(zone, where.socketPath), logDir: join(this.o.dataDir, 'logs'), netns: where.netns, ...(where.mountns === undefined ? {} : { mountns: where.mountns }) }),
        ...schaRoutes({ store: this.o.store, keys: this.o.keys, node: this.o.node, zone, report: (r) => this.agent.report(r) }),
      }),
      report: (r) => this.agent.report(r),
      zoneLost: (zone) => this.agent.zoneLost(zone, 30_000),
    });
  }

  private zoneEnv(zone: string, socketPath: string): Record<string, string> {
    return { ...methodEnv(), ...this.env(), FERRY_ZONE: zone, FERRY_AGENT_SOCKET: socketPath };
  }

  /** PMF giving up on a tag is a monitor failure of its resource on `target`. */
  private watchPmf(pmf: ProcessMonitor, target: string): ProcessMonitor {
    pmf.on('exhausted', (tag: string, info: { reason: string; detail?: string }) => {
      const r = tagResource(tag);
      if (!r) return;
      void this.agent.report({
        kind: 'monitor-failed', resource: r.resource, target,
        reason: `PMF gave up on ${tag} (${info.reason}${info.detail ? `: ${info.detail}` : ''})`,
        ...(r.kind === 'mon' ? { cause: 'monitor-died' } : { cause: 'probe' }),
      } as Parameters<NodeAgent['report']>[0]);
    });
    return pmf;
  }

  private env(): Record<string, string> {
    return { FERRY_CLUSTER: this.o.clusterId, FERRY_NODE: this.o.node, FERRY_AGENT_SOCKET: this.socketPath, PATH: `${this.o.binDir}:/usr/bin:/bin:/usr/sbin:/sbin` };
  }

  private newAgent(): NodeAgent {
    return new NodeAgent({
      store: this.o.store, keys: this.o.keys, node: this.o.node, clusterId: this.o.clusterId,
      dataDir: this.o.dataDir, binDir: this.o.binDir, leaseTtlMs: this.o.leaseTtlMs,
      renewEveryMs: Math.max(100, Math.floor(this.o.leaseTtlMs / 3)), log: this.o.log,
      methodEnv: { FERRY_AGENT_SOCKET: this.socketPath },
      ...(this.o.externalMembership === true ? { externalMembership: true } : {}),
      ...(this.o.pollIntentsEveryMs !== undefined ? { pollIntentsEveryMs: this.o.pollIntentsEveryMs } : {}),
      ...(this.o.sandbox === undefined ? {} : { namespaces: this.o.sandbox.namespaces }),
      zone: (zone) => this.zones.execution(zone),
    });
  }

  get running(): boolean {
    return this.endpoint !== undefined;
  }

  async start(): Promise<void> {
    await this.o.sandbox?.boot();
    this.pmf = this.watchPmf(new ProcessMonitor({ baseEnv: { ...methodEnv(), ...this.env() } }), this.o.node);
    this.agent = this.newAgent();
    const routes: Routes = {
      ...registerPmfRoutes(this.pmf, { baseEnv: { ...methodEnv(), ...this.env() }, logDir: join(this.o.dataDir, 'logs'), ...this.o.sandbox?.namespaces }),
      // scha_* answers for this node's methods (the node's endpoint is the global zone).
      ...schaRoutes({ store: this.o.store, keys: this.o.keys, node: this.o.node, report: (r) => this.agent.report(r) }),
      ...(this.o.extraRoutes ? this.o.extraRoutes(this.agent) : {}),
    };
    this.endpoint = await serveEndpoint(this.socketPath, routes);
    await this.zones.boot();
    await this.agent.start();
    await this.zones.watch();
  }

  /** Orderly stop of the agent; services and monitors keep running (like stopping ferryd). */
  async stop(): Promise<void> {
    await this.zones.stop();
    await this.agent.stop();
    await this.endpoint?.close();
    this.endpoint = undefined;
    this.pmf.detach();
  }

  /**
   * Self-fencing (ferryd lost its membership lease): PMF supervision ends, Stop methods run locally
   * within `stopDeadlineMs`, then every process of the node left is SIGKILLed. Needs no store.
   */
  async selfFence(stopDeadlineMs: number): Promise<number> {
    const stopping = Promise.all([this.pmf.stopAll().catch(() => undefined), this.zones.crash()]);
    const killed = await this.agent.selfFence(stopDeadlineMs);
    await stopping;
    await this.endpoint?.close();
    this.endpoint = undefined;
    return killed;
  }

  /** A machine crash: membership gone, every process of the node SIGKILLed, nothing stopped cleanly. */
  async crash(): Promise<number> {
    // The machine's network goes dark first, its mounts with its processes, both before the lease.
    await this.o.sandbox?.powerOffNetwork();
    const stopping = Promise.all([this.pmf.stopAll().catch(() => undefined), this.zones.crash()]);
    const killed = await this.agent.crash(async () => {
      await this.o.sandbox?.killInside();
      await this.o.sandbox?.discardMounts();
    });
    await stopping;
    await this.endpoint?.close();
    this.endpoint = undefined;
    return killed;
  }

  /** Drops the node's mount namespace (clean-up after its processes were ended); its network namespace is its owner's. */
  async discardNamespaces(): Promise<void> {
    await this.o.sandbox?.discardMounts();
    await this.zones.removeOwnedNamespaces();
  }
}
