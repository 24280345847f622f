import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { ConfigService } from '../../api/config-service.js';
import { buildApiServer } from '../../api/http/server.js';
import { detectorRoutes } from '../../agent/node/detector-routes.js';
import { CliError } from '../../cli/errors.js';
import { validateChange } from '../../control/index.js';
import { MembershipLease } from '../../control/self-fence.js';
import type { ConfigChange } from '../../model/index.js';
import { openEtcdStore, type EtcdStore, type EtcdStoreOptions } from '../../store/etcd/index.js';
import { layout } from '../../store/layout.js';
import { registerWebRoutes } from '../../web/index.js';
import { BIN_DIR, ensureNodes } from '../embedded-cluster.js';
import { NodeHost } from '../node-host.js';
import { runFenceAgent } from './fence-agent.js';
import { killNodeProcessesNow } from './kill-node.js';
import { LeaderLoop } from './leader-loop.js';
import type { FerrydOptions } from './options.js';
import { registerStatusExtras } from './status-extras.js';
import { Watchdog } from './watchdog.js';

export interface Ferryd {
  readonly endpoint: string;
  /** Orderly leave: stops the RGM (if leading), the node's resources, the membership, the API. */
  close(): Promise<void>;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** A stable id marking every process this node starts (FERRY_CLUSTER), kept in the data directory. */
function processMark(dataDir: string): string {
  const file = join(dataDir, 'cluster-id');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const id = randomUUID();
  writeFileSync(file, `${id}\n`);
  return id;
}

/** Opens the etcd store, waiting (with a log line) while no quorum answers. */
async function openStore(options: EtcdStoreOptions, log: (line: string) => void): Promise<EtcdStore> {
  let last = '';
  for (;;) {
    try {
      return await openEtcdStore(options);
    } catch (err) {
      if (err instanceof TypeError || err instanceof RangeError) throw new CliError(`etcd: ${err.message}`);
      if ((err as Error).message !== last) log(`waiting for etcd at ${options.endpoints.join(',')}: ${(err as Error).message}`);
      last = (err as Error).message;
      await sleep(1000);
    }
  }
}

/**
 * One machine of a cluster on etcd: the node's membership lease with self-fencing (and its
 * watchdog), the node agent (started once the node is a member), a campaigner for the RGM
 * leadership, and the same HTTP API as `ferry up`.
 */
export async function startFerryd(o: FerrydOptions, log: (line: string) => void): Promise<Ferryd> {
  mkdirSync(o.dataDir, { recursive: true });
  const keys = layout();
  const base: EtcdStoreOptions = {
    endpoints: o.etcd,
    prefix: o.etcdPrefix,
    ...(o.tls ? { tls: o.tls } : {}),
    ...(o.auth ? { auth: o.auth } : {}),
    keepaliveMs: o.etcdKeepaliveMs,
    keepaliveTimeoutMs: Math.max(1000, Math.min(o.etcdKeepaliveMs, 5000)),
    logger: (level, message) => log(`etcd ${level}: ${message}`),
  };
  const store = await openStore({ ...base, callTimeoutMs: o.etcdCallTimeoutMs }, log);
  // Renewals get their own connections and a deadline shorter than the self-fence time.
  const leaseStore = await openStore({ ...base, callTimeoutMs: o.timing.renewCallTimeoutMs }, log);
  const configs = new ConfigService(store, keys, { validator: (before, after, changes) => validateChange(store, keys, before, after, changes) });
  await registerNode(configs, o.node, o.zones);

  const mark = processMark(o.dataDir);
  const host = new NodeHost({
    store, keys, node: o.node, clusterId: mark, dataDir: join(o.dataDir, 'node'), binDir: BIN_DIR,
    leaseTtlMs: o.timing.ttlMs, log, externalMembership: true, pollIntentsEveryMs: 500,
    extraRoutes: (agent) => detectorRoutes(agent),
  });
  const watchdog = o.watchdog ? new Watchdog(mark, o.node, join(o.dataDir, 'watchdog.log'), log) : undefined;
  let draining: Promise<unknown> = Promise.resolve();
  const membership = new MembershipLease({
    store: leaseStore, keys, node: o.node, timing: o.timing, log,
    memberValue: () => ({ api: o.advertise, pid: process.pid }),
    onJoined: async () => {
      // The agent of the previous membership must be quite done (its own sweep of the node's
      // processes would hit the new agent's).
      await draining;
      await host.start();
    },
    selfFence: async () => {
      // Stop methods for at most stopDeadlineMs; then whatever is left goes at once.
      const agentDone = host.selfFence(o.timing.stopDeadlineMs).catch(() => undefined);
      draining = Promise.race([agentDone, sleep(10_000)]);
      await Promise.race([agentDone, sleep(o.timing.stopDeadlineMs)]);
      const killed = killNodeProcessesNow(mark, o.node);
      if (killed > 0) log(`membership: SIGKILLed ${killed} process(es) of ${o.node} left after Stop`);
    },
    onFenceDeadline: (deadlineMs) => {
      if (deadlineMs === undefined) watchdog?.disarm();
      else watchdog?.arm(deadlineMs);
    },
  });

  const fenceAgent = o.fenceAgent;
  const leaders = new LeaderLoop({
    store, keys, identity: o.node, leaseTtlMs: o.timing.ttlMs, log,
    renewEveryMs: o.timing.renewEveryMs, campaignEveryMs: 100, nodeDownGraceMs: o.timing.graceMs,
    membershipPollMs: Math.max(50, Math.floor(o.timing.renewEveryMs / 2)),
    ...(fenceAgent !== undefined ? {
      fenceOnNodeLoss: true,
      fence: async (node: string) => {
        const r = await runFenceAgent(fenceAgent, node, o.fenceAction, o.fenceTimeoutMs);
        log(`fencing agent ${o.fenceAction} ${node}: ${r.ok ? 'confirmed' : `failed (exit ${r.exitCode ?? 'none'})`} in ${r.durationMs} ms${r.output ? `: ${r.output.split('\n').slice(-3).join(' | ')}` : ''}`);
        return r.ok;
      },
    } : {}),
  });

  const app = buildApiServer({
    store, keys, configs,
    extend: (a: FastifyInstance) => {
      registerStatusExtras(a, {
        store, keys, etcd: o.etcd, tls: o.tls,
        local: () => ({ node: o.node, membership: membership.info(), isLeader: leaders.epoch !== undefined, ...(leaders.epoch !== undefined ? { epoch: leaders.epoch } : {}) }),
      });
      registerWebRoutes(a, store, keys);
    },
  });
  try {
    await app.listen({ host: o.listen.host, port: o.listen.port });
  } catch (err) {
    await watchdog?.close();
    await store.close();
    await leaseStore.close();
    throw new CliError(`cannot listen on ${o.listen.host}:${o.listen.port}: ${(err as Error).message}`);
  }
  membership.start();
  leaders.start();
  const endpoint = `http://${o.listen.host}:${o.listen.port}`;
  log(`ferryd ${o.node}: API on ${endpoint}; etcd ${o.etcd.join(',')}; lease TTL ${o.timing.ttlMs} ms, renewal every ${o.timing.renewEveryMs} ms, self-fence after ${o.timing.selfFenceAfterMs} ms, grace ${o.timing.graceMs} ms${fenceAgent ? `; fencing agent: ${fenceAgent}` : ''}${watchdog ? `; watchdog pid ${watchdog.pid ?? '?'}` : ''}`);
  return {
    endpoint,
    close: async () => {
      await leaders.stop();
      // A node that leaves runs nothing: stop its resources (Stop methods, then SIGKILL) first.
      if (host.running) await Promise.race([host.selfFence(Math.max(o.timing.stopDeadlineMs, 10_000)).catch(() => undefined), sleep(12_000)]);
      killNodeProcessesNow(mark, o.node);
      await membership.stop();
      await watchdog?.close();
      await app.close();
      await store.close();
      await leaseStore.close();
    },
  };
}

/** Adds this node (with its zones) to the configuration if needed, and the built-in types. */
async function registerNode(configs: ConfigService, node: string, zones: readonly string[] | undefined): Promise<void> {
  await ensureNodes(configs, [node]);
  if (zones === undefined) return;
  const { config } = await configs.read();
  const have = config.nodes.find((n) => n.name === node);
  if (have && JSON.stringify(have.zones) !== JSON.stringify(zones)) {
    const change: ConfigChange = { kind: 'set-node-zones', name: node, zones };
    await configs.change([change]);
  }
}
