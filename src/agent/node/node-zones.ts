import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ClusterNode, ClusterStatus } from '../../model/index.js';
import type { Layout } from '../../store/layout.js';
import type { Store } from '../../store/store.js';
import { serveEndpoint, type Endpoint, type Routes } from '../endpoint/index.js';
import type { NamespaceSpec } from '../method-runner/index.js';
import type { ProcessMonitor } from '../pmf/index.js';
import type { AgentReport } from './intent.js';
import type { ZoneExecution } from './node-agent.js';
import { createNetns, defaultZoneNetns, deleteNetns, killProcessesInNetns, netnsInode } from './zone-netns.js';

export interface NodeZonesOptions {
  readonly store: Store;
  readonly keys: Layout;
  readonly node: string;
  /** The process mark of the cluster (FERRY_CLUSTER); also names the namespaces this makes. */
  readonly clusterId: string;
  /** The node's data directory: zone endpoints are `<dataDir>/zones/<zone>/agent.sock`. */
  readonly dataDir: string;
  readonly log: (line: string) => void;
  /**
   * Zones that are existing `ip netns` namespaces, zone → name: used as they are, never made or
   * removed here. Other zones get a namespace this makes at start (defaultZoneNetns).
   */
  readonly netns?: Readonly<Record<string, string>>;
  /** The node's own persistent mount namespace, if it has one: methods in its zones run in it too. */
  readonly mountns?: string;
  /** A process monitor for one zone: what `pmfadm` through the zone's endpoint starts, in the zone. */
  readonly pmfFor: (zone: string, where: ZoneEndpointInfo) => ProcessMonitor;
  /** The routes of one zone's endpoint (PMF in the zone, scha_* answering for the zone). */
  readonly routes: (zone: string, pmf: ProcessMonitor, where: ZoneEndpointInfo) => Routes;
  /** Writes a report for the RGM (NodeAgent.report). */
  readonly report: (r: AgentReport) => Promise<void>;
  /** A zone went away: stop what the agent runs for it in the global zone (NodeAgent.zoneLost). */
  readonly zoneLost: (zone: string) => Promise<void>;
  /** How often the zones' namespaces and the node's configured zones are checked (ms), default 1000. */
  readonly checkEveryMs?: number;
}

/** Where one zone's methods and PMF commands run, and the endpoint they are given. */
export interface ZoneEndpointInfo {
  readonly netns: string;
  readonly mountns?: string;
  readonly socketPath: string;
}

interface Zone {
  readonly name: string;
  readonly netns: string;
  /** Made by this agent (and removed by removeOwnedNamespaces), not an existing named one. */
  readonly owned: boolean;
  readonly socketPath: string;
  readonly pmf: ProcessMonitor;
  readonly where: ZoneEndpointInfo;
  endpoint: Endpoint | undefined;
  /** Inode of the namespace while it exists; undefined while the zone is down. */
  inode: number | undefined;
  lastReport?: { readonly state: 'UP' | 'DOWN'; readonly atMs: number };
}

/** A disagreement with the stored status is reported again after this long (the RGM may have missed nothing, but was slow). */
const REREPORT_AFTER_MS = 5000;

/**
 * The zones of one node (spec §3.5, docs/zones.md): each zone is a Linux network namespace on
 * the node, addressed as `node:zone`. For every zone the node declares this
 *
 * - boots it at start: makes its namespace (`ip netns add`, loopback up) unless it is an existing
 *   named one or already there;
 * - serves its own endpoint socket `<dataDir>/zones/<zone>/agent.sock`, the only one the zone's
 *   methods and PMF processes are given (FERRY_AGENT_SOCKET), whose scha_* routes answer for the
 *   zone and refuse everything about groups not configured in it;
 * - runs a process monitor whose commands start inside the zone;
 * - watches the namespace every second: a zone whose namespace is gone (or was replaced by another
 *   one of the same name) has failed. Its PMF supervision ends, the processes of this node still in
 *   the old namespace are SIGKILLed (deleting a namespace's name does not end them), the Global_zone
 *   resources the agent started for it are stopped, and then `zone-down` is reported, so the RGM
 *   fails its groups over only once nothing of them runs here. A namespace that comes back (an
 *   administrator's `ip netns add`, or a restart of the node) is reported `zone-up`.
 *
 * Reports are level-triggered: each check also compares with the zone states in the stored status
 * and reports again where they disagree (a node that rejoins has its zones reset to up).
 *
 * What a network namespace does not isolate: the filesystem. A process in a zone can still open
 * the node's socket or another zone's by path; the zone endpoint's refusals (SCHA_ERR_ACCESS) hold
 * for whoever calls that endpoint, and only a mount namespace per zone would hide the other sockets.
 */
export class NodeZones {
  private readonly zones = new Map<string, Zone>();
  private timer: NodeJS.Timeout | undefined;
  private checking: Promise<void> | undefined;
  private stopped = true;

  constructor(private readonly o: NodeZonesOptions) {}

  /** How a method for `zone` runs inside it (NodeAgentOptions.zone), or undefined when this node has no such zone. */
  execution(zone: string): ZoneExecution | undefined {
    const z = this.zones.get(zone);
    if (z === undefined) return undefined;
    return { namespaces: this.namespacesOf(z), env: { FERRY_AGENT_SOCKET: z.socketPath, FERRY_ZONE: zone } };
  }

  /** The namespace name of a zone this node has set up. */
  netnsOf(zone: string): string | undefined {
    return this.zones.get(zone)?.netns;
  }

  /** Sets up the zones the node declares (namespaces, endpoints): before the agent takes intents. */
  async boot(): Promise<void> {
    this.stopped = false;
    await this.sync(await this.configuredZones());
  }

  /** Starts watching the zones (after the node's membership is announced: reports follow it). */
  async watch(): Promise<void> {
    await this.check();
    if (this.stopped) return;
    this.timer = setInterval(() => {
      if (this.checking !== undefined) return;
      this.checking = this.tick().finally(() => { this.checking = undefined; });
    }, this.o.checkEveryMs ?? 1000);
  }

  /** Stops watching and closes the endpoints; what runs in the zones keeps running (as the node's own services do). */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.checking;
    for (const z of this.zones.values()) {
      await this.close(z);
      z.pmf.detach();
    }
  }

  /** The node crashed or fenced itself: PMF supervision in every zone ends too (its processes are the node's to kill). */
  async crash(): Promise<void> {
    await Promise.all([...this.zones.values()].map((z) => z.pmf.stopAll().catch(() => undefined)));
    await this.stop();
  }

  /** Removes the namespaces this node made (after every process of the node has ended). */
  async removeOwnedNamespaces(): Promise<void> {
    for (const z of this.zones.values()) if (z.owned) await deleteNetns(z.netns).catch((err: Error) => this.o.log(`node ${this.o.node}: cannot remove zone ${z.name}'s namespace ${z.netns}: ${err.message}`));
  }

  private namespacesOf(z: Zone): NamespaceSpec {
    return { netns: z.netns, ...(this.o.mountns === undefined ? {} : { mountns: this.o.mountns }) };
  }

  private async tick(): Promise<void> {
    try {
      await this.sync(await this.configuredZones());
      await this.check();
    } catch (err) {
      this.o.log(`node ${this.o.node}: zone check failed: ${(err as Error).message}`);
    }
  }

  private async configuredZones(): Promise<readonly string[]> {
    const kv = await this.o.store.get(this.o.keys.node(this.o.node));
    return kv === undefined ? [] : (JSON.parse(kv.value) as ClusterNode).zones;
  }

  /** Sets up zones the node now declares and drops the ones it no longer does. */
  private async sync(wanted: readonly string[]): Promise<void> {
    for (const name of wanted) {
      if (this.stopped) return;
      const known = this.zones.get(name);
      if (known !== undefined) {
        if (known.endpoint === undefined) await this.bootZone(known);
        continue;
      }
      const netns = this.o.netns?.[name] ?? defaultZoneNetns(this.o.clusterId, this.o.node, name);
      const dir = join(this.o.dataDir, 'zones', name);
      const where: ZoneEndpointInfo = { netns, socketPath: join(dir, 'agent.sock'), ...(this.o.mountns === undefined ? {} : { mountns: this.o.mountns }) };
      const z: Zone = { name, netns, owned: this.o.netns?.[name] === undefined, socketPath: where.socketPath, pmf: this.o.pmfFor(name, where), where, endpoint: undefined, inode: undefined };
      this.zones.set(name, z);
      await this.bootZone(z);
    }
    for (const z of [...this.zones.values()]) {
      if (wanted.includes(z.name)) continue;
      this.zones.delete(z.name);
      await this.close(z);
      await z.pmf.stopAll().catch(() => undefined);
      if (z.owned) await deleteNetns(z.netns).catch(() => undefined);
      this.o.log(`node ${this.o.node}: zone ${z.name} is no longer configured; its endpoint is closed`);
    }
  }

  /** Zone boot (node start, or a zone newly declared): its namespace if this node makes it, its endpoint. */
  private async bootZone(z: Zone): Promise<void> {
    mkdirSync(join(this.o.dataDir, 'zones', z.name), { recursive: true });
    writeFileSync(join(this.o.dataDir, 'zones', z.name, 'netns'), `${z.netns}\n`);
    if (z.owned && (await netnsInode(z.netns).catch(() => -1)) === undefined) {
      try {
        await createNetns(z.netns);
        this.o.log(`node ${this.o.node}: zone ${z.name} booted (network namespace ${z.netns})`);
      } catch (err) {
        this.o.log(`node ${this.o.node}: cannot make zone ${z.name}'s namespace ${z.netns}: ${(err as Error).message.trim()}`);
      }
    }
    // Seen at boot, not yet reported: the status check reports whatever the RGM does not know.
    z.inode = await netnsInode(z.netns).catch(() => undefined);
    z.endpoint = await serveEndpoint(z.socketPath, this.o.routes(z.name, z.pmf, z.where));
  }

  private async close(z: Zone): Promise<void> {
    await z.endpoint?.close();
    z.endpoint = undefined;
  }

  /** Looks at every zone's namespace; handles losses, then reports what the status does not show yet. */
  private async check(): Promise<void> {
    const nowMs = Date.now();
    for (const z of this.zones.values()) {
      let inode: number | undefined;
      try {
        inode = await netnsInode(z.netns);
      } catch (err) {
        this.o.log(`node ${this.o.node}: cannot look at zone ${z.name}'s namespace ${z.netns}: ${(err as Error).message}`);
        continue;
      }
      if (z.inode !== undefined && inode !== z.inode) {
        await this.lose(z, z.inode, inode === undefined ? `its network namespace ${z.netns} is gone` : `its network namespace ${z.netns} was replaced`);
        z.inode = undefined;
      }
      if (z.inode === undefined && inode !== undefined) {
        z.inode = inode;
        await this.send(z, 'UP', `network namespace ${z.netns} is there`, nowMs);
      }
    }
    if (this.stopped || this.zones.size === 0) return;
    const kv = await this.o.store.get(this.o.keys.status);
    const status = kv === undefined ? undefined : (JSON.parse(kv.value) as ClusterStatus);
    const nodeUp = status?.nodes[this.o.node]?.state === 'UP';
    for (const z of this.zones.values()) {
      const want = z.inode === undefined ? 'DOWN' : 'UP';
      // A node not (yet) up in the status has its zones reset to up when it joins: only DOWN needs saying.
      const shown = nodeUp ? status?.zones[`${this.o.node}:${z.name}`]?.state ?? 'UP' : undefined;
      if (shown === want || (shown === undefined && want === 'UP')) continue;
      if (z.lastReport?.state === want && nowMs - z.lastReport.atMs < REREPORT_AFTER_MS) continue;
      await this.send(z, want, want === 'UP' ? `network namespace ${z.netns} is there` : `network namespace ${z.netns} does not exist`, nowMs);
    }
  }

  /** The zone's namespace went away: nothing of it may keep running here before the RGM hears of it. */
  private async lose(z: Zone, oldInode: number, why: string): Promise<void> {
    this.o.log(`node ${this.o.node}: zone ${z.name} failed: ${why}`);
    await z.pmf.stopAll().catch(() => undefined);
    const killed = await killProcessesInNetns(this.o.clusterId, this.o.node, oldInode);
    await this.o.zoneLost(z.name).catch((err: Error) => this.o.log(`node ${this.o.node}: stopping zone ${z.name}'s global-zone resources failed: ${err.message}`));
    await this.send(z, 'DOWN', `${why}${killed > 0 ? `; ${killed} process(es) left in it were killed` : ''}`, Date.now());
  }

  private async send(z: Zone, state: 'UP' | 'DOWN', reason: string, atMs: number): Promise<void> {
    if (this.stopped) return;
    z.lastReport = { state, atMs };
    await this.o.report({ kind: state === 'UP' ? 'zone-up' : 'zone-down', target: `${this.o.node}:${z.name}`, reason });
  }
}
