import { join } from 'node:path';
import { NodeAgent } from '../agent/node/node-agent.js';
import { serveEndpoint, type Endpoint, type Routes } from '../agent/endpoint/index.js';
import { methodEnv } from '../agent/method-runner/index.js';
import { ProcessMonitor, registerPmfRoutes } from '../agent/pmf/index.js';
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

  constructor(private readonly o: NodeHostOptions) {
    this.socketPath = join(o.dataDir, 'agent.sock');
    const env = this.env();
    this.pmf = new ProcessMonitor({ baseEnv: { ...methodEnv(), ...env } });
    this.agent = this.newAgent();
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
    });
  }

  get running(): boolean {
    return this.endpoint !== undefined;
  }

  async start(): Promise<void> {
    this.pmf = new ProcessMonitor({ baseEnv: { ...methodEnv(), ...this.env() } });
    this.pmf.on('exhausted', (tag: string, info: { reason: string; detail?: string }) => {
      const r = tagResource(tag);
      if (!r) return;
      void this.agent.report({
        kind: 'monitor-failed', resource: r.resource, target: this.o.node,
        reason: `PMF gave up on ${tag} (${info.reason}${info.detail ? `: ${info.detail}` : ''})`,
        ...(r.kind === 'mon' ? { cause: 'monitor-died' } : { cause: 'probe' }),
      } as Parameters<NodeAgent['report']>[0]);
    });
    this.agent = this.newAgent();
    const routes: Routes = {
      ...registerPmfRoutes(this.pmf, { baseEnv: { ...methodEnv(), ...this.env() }, logDir: join(this.o.dataDir, 'logs') }),
      ...(this.o.extraRoutes ? this.o.extraRoutes(this.agent) : {}),
    };
    this.endpoint = await serveEndpoint(this.socketPath, routes);
    await this.agent.start();
  }

  /** Orderly stop of the agent; services and monitors keep running (like stopping ferryd). */
  async stop(): Promise<void> {
    await this.agent.stop();
    await this.endpoint?.close();
    this.endpoint = undefined;
  }

  /** A machine crash: membership gone, every process of the node SIGKILLed, nothing stopped cleanly. */
  async crash(): Promise<number> {
    const stopping = this.pmf.stopAll().catch(() => undefined);
    const killed = await this.agent.crash();
    await stopping;
    await this.endpoint?.close();
    this.endpoint = undefined;
    return killed;
  }
}
