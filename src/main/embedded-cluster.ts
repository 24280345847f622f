import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { ConfigService } from '../api/config-service.js';
import { loadClusterFile, planApply } from '../api/declarative/index.js';
import { ApiError } from '../api/http/errors.js';
import { buildApiServer } from '../api/http/server.js';
import { CliError } from '../cli/errors.js';
import { Rgm, validateChange } from '../control/index.js';
import type { ConfigChange } from '../model/index.js';
import { openEmbeddedStore } from '../store/index.js';
import { layout } from '../store/layout.js';
import { NodeHost } from './node-host.js';
import { registerWebRoutes } from '../web/index.js';
import { detectorRoutes } from '../agent/node/detector-routes.js';
import { NodeSandbox } from '../agent/node/node-sandbox.js';
import { killNodeProcesses } from '../agent/node/process-scan.js';
import type { Store } from '../store/store.js';
import { loadBuiltinTypes } from '../types/index.js';
import type { ListenAddress } from './options.js';

export interface EmbeddedClusterOptions {
  readonly nodes: readonly string[];
  readonly dataDir: string;
  readonly listen: ListenAddress;
  readonly configFile?: string;
  /** Membership lease of each virtual node, default 3000 ms. */
  readonly leaseTtlMs?: number;
  readonly log?: (line: string) => void;
  /** Network namespace (`ip netns` name) per virtual node: its methods and PMF commands run there. */
  readonly nodeNetns?: Readonly<Record<string, string>>;
  /** Give every virtual node its own mount namespace (files under `<data>/mntns/`); needs root. */
  readonly privateMounts?: boolean;
  /**
   * Zones that are existing network namespaces, node → zone → `ip netns` name. The other zones a
   * node declares get a namespace the node makes at start (see NodeZones); needs root.
   */
  readonly zoneNetns?: Readonly<Record<string, Readonly<Record<string, string>>>>;
}

export interface EmbeddedCluster {
  readonly endpoint: string;
  readonly store: Store;
  readonly hosts: ReadonlyMap<string, NodeHost>;
  /** Stops the cluster process's parts; services started by methods keep running (as after a restart). */
  close(): Promise<void>;
  /** Ends every process the virtual nodes started (demo clean-up): like crashing every node. */
  stopServices(): Promise<void>;
}

/** The repository's bin/ directory: scha_*, pmfadm and hatimerun for methods' PATH. */
export const BIN_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../../bin');

/** A stable id marking every process this cluster's nodes start (kept across restarts of `ferry up`). */
function clusterId(dataDir: string): string {
  const file = join(dataDir, 'cluster-id');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const id = randomUUID();
  writeFileSync(file, `${id}\n`);
  return id;
}

/** One process holding the embedded store, the API, the RGM and one agent per virtual node. */
export async function startEmbeddedCluster(o: EmbeddedClusterOptions): Promise<EmbeddedCluster> {
  mkdirSync(o.dataDir, { recursive: true });
  const log = o.log ?? ((line: string) => process.stderr.write(`${new Date().toISOString()} ${line}\n`));
  const store = await openEmbeddedStore({ dir: join(o.dataDir, 'store') });
  const keys = layout();
  const configs = new ConfigService(store, keys, { validator: (before, after, changes) => validateChange(store, keys, before, after, changes) });
  try {
    await ensureNodes(configs, o.nodes);
    if (o.configFile) await applyFile(configs, o.configFile);
  } catch (err) {
    await store.close();
    throw err;
  }
  const id = clusterId(o.dataDir);
  const leaseTtlMs = o.leaseTtlMs ?? 3000;
  const hosts = new Map<string, NodeHost>();
  for (const node of o.nodes) {
    const netns = o.nodeNetns?.[node];
    const sandbox = netns === undefined && o.privateMounts !== true ? undefined : new NodeSandbox({
      node, log, ...(netns === undefined ? {} : { netns }), ...(o.privateMounts === true ? { mountNamespaceDir: resolve(o.dataDir, 'mntns') } : {}),
    });
    hosts.set(node, new NodeHost({ store, keys, node, clusterId: id, dataDir: join(o.dataDir, 'nodes', node), binDir: BIN_DIR, leaseTtlMs, log, extraRoutes: (agent) => detectorRoutes(agent), ...(sandbox ? { sandbox } : {}), ...(o.zoneNetns?.[node] === undefined ? {} : { zoneNetns: o.zoneNetns[node] }) }));
  }
  for (const h of hosts.values()) await h.start();
  // Fencing in the embedded cluster: the virtual node is crashed, which is as off as it gets.
  const rgm = new Rgm({ store, keys, identity: 'embedded', leaseTtlMs, log, fence: async (node) => {
    const h = hosts.get(node);
    if (!h) return false;
    if (h.running) await h.crash();
    return true;
  } });
  await rgm.start(true);
  const app = buildApiServer({ store, keys, configs, extend: (a) => { nodeRoutes(a, hosts); registerWebRoutes(a, store, keys); } });
  try {
    await app.listen({ host: o.listen.host, port: o.listen.port });
  } catch (err) {
    await rgm.stop();
    for (const h of hosts.values()) await h.stop();
    await store.close();
    throw new CliError(`cannot listen on ${o.listen.host}:${o.listen.port}: ${(err as Error).message}`);
  }
  return {
    endpoint: `http://${o.listen.host}:${o.listen.port}`,
    store,
    hosts,
    stopServices: async () => {
      for (const [node, h] of hosts) {
        await killNodeProcesses(id, node);
        await h.discardNamespaces();
      }
    },
    close: async () => {
      await app.close();
      await rgm.stop();
      for (const h of hosts.values()) if (h.running) await h.stop();
      await store.close();
    },
  };
}

/** Embedded-only routes: crash, stop and start a virtual node. */
function nodeRoutes(app: FastifyInstance, hosts: ReadonlyMap<string, NodeHost>): void {
  const host = (name: string): NodeHost => {
    const h = hosts.get(name);
    if (!h) throw new ApiError(404, `node ${name}: no such virtual node in this embedded cluster (nodes: ${[...hosts.keys()].join(', ')})`);
    return h;
  };
  app.post<{ Params: { node: string } }>('/v1/nodes/:node/crash', async (req) => {
    const h = host(req.params.node);
    if (!h.running) throw new ApiError(409, `node ${req.params.node} is already down`);
    const killed = await h.crash();
    return { node: req.params.node, crashed: true, killedProcesses: killed, atMs: Date.now() };
  });
  // An orderly stop of the node's agent (RMS `hvshut` once its applications are offline): no process is killed.
  app.post<{ Params: { node: string } }>('/v1/nodes/:node/stop', async (req) => {
    const h = host(req.params.node);
    if (!h.running) throw new ApiError(409, `node ${req.params.node} is already down`);
    await h.stop();
    return { node: req.params.node, stopped: true };
  });
  app.post<{ Params: { node: string } }>('/v1/nodes/:node/start', async (req) => {
    const h = host(req.params.node);
    if (h.running) throw new ApiError(409, `node ${req.params.node} is already up`);
    await h.start();
    return { node: req.params.node, started: true };
  });
}

/** Adds missing nodes and registers (or refreshes) the built-in resource types. */
export async function ensureNodes(configs: ConfigService, nodes: readonly string[]): Promise<void> {
  const { config } = await configs.read();
  const changes: ConfigChange[] = nodes.filter((n) => !config.nodes.some((x) => x.name === n)).map((name) => ({ kind: 'add-node', name }));
  for (const t of loadBuiltinTypes()) {
    const have = config.types.find((x) => x.name === t.name);
    if (!have) changes.push({ kind: 'register-type', type: t, trustGlobalZone: true });
  }
  if (changes.length > 0) await configs.change(changes);
}

async function applyFile(configs: ConfigService, file: string): Promise<void> {
  const loaded = await loadClusterFile(file, (p: string) => readFile(p, 'utf8'));
  if (!loaded.ok) throw new CliError(loaded.errors.map((e) => e.message).join('\n'));
  const plan = planApply((await configs.read()).config, loaded.value, { builtinTypes: loadBuiltinTypes() });
  if (!plan.ok) throw new CliError(plan.errors.map((e) => e.message).join('\n'));
  if (plan.value.changes.length > 0) await configs.change(plan.value.changes);
}
