// NodeZones against real network namespaces (root) and an in-memory store: zone boot, the
// level-triggered zone reports, what a replaced namespace does to the processes left in it, and
// zones leaving the configuration.
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readlinkSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openMemoryStore } from '../../store/index.js';
import { layout } from '../../store/layout.js';
import type { Store } from '../../store/store.js';
import { ProcessMonitor } from '../pmf/index.js';
import type { AgentReport } from './intent.js';
import { NodeZones } from './node-zones.js';
import { defaultZoneNetns } from './zone-netns.js';

const isRoot = process.getuid?.() === 0;
const ip = (...args: string[]): void => { execFileSync('ip', args, { stdio: 'ignore' }); };
const netnsId = (name: string): string => `net:[${statSync(`/run/netns/${name}`).ino}]`;

async function until<T>(what: string, check: () => T | undefined | false, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const r = check();
    if (r !== undefined && r !== false) return r;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((x) => setTimeout(x, 20));
  }
}

describe('NodeZones', { skip: isRoot ? false : 'needs root for ip netns' }, () => {
  const run = randomBytes(3).toString('hex');
  const clusterId = `${run}0000-test`;
  const nsA = `ftz${run}-a`;
  const nsB = `ftz${run}-b`;
  const made = defaultZoneNetns(clusterId, 'n1', 'zc');
  const keys = layout();
  let store: Store;
  let dir: string;
  let zones: NodeZones;
  const reports: AgentReport[] = [];
  const lost: string[] = [];
  const setZones = async (names: string[]): Promise<void> => {
    await store.txn({ compare: [], success: [{ kind: 'put', key: keys.node('n1'), value: JSON.stringify({ name: 'n1', id: 1, zones: names }) }] });
  };
  const zoneReports = (target: string): string[] => reports.filter((r) => 'target' in r && r.target === target && r.kind.startsWith('zone-')).map((r) => r.kind);

  before(async () => {
    ip('netns', 'add', nsA);
    dir = mkdtempSync(join(tmpdir(), 'ferry-zones-unit-'));
    store = await openMemoryStore();
    await setZones(['za', 'zb', 'zc']);
    zones = new NodeZones({
      store, keys, node: 'n1', clusterId, dataDir: dir, log: () => undefined, checkEveryMs: 50,
      netns: { za: nsA, zb: nsB },
      pmfFor: () => new ProcessMonitor(),
      routes: () => ({}),
      report: async (r) => { reports.push(r); },
      zoneLost: async (zone) => { lost.push(zone); },
    });
    await zones.boot();
    await zones.watch();
  });

  after(async () => {
    await zones?.stop();
    await zones?.removeOwnedNamespaces();
    for (const ns of [nsA, nsB, made]) if (existsSync(`/run/netns/${ns}`)) ip('netns', 'del', ns);
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('boots zones: a named namespace is used as is, a zone without a name gets one it makes', () => {
    assert.equal(zones.netnsOf('za'), nsA);
    assert.equal(zones.netnsOf('zc'), made);
    assert.ok(existsSync(`/run/netns/${made}`));
    assert.equal(readFileSync(join(dir, 'zones', 'zc', 'netns'), 'utf8'), `${made}\n`);
    assert.deepEqual(zones.execution('za'), { namespaces: { netns: nsA }, env: { FERRY_AGENT_SOCKET: join(dir, 'zones', 'za', 'agent.sock'), FERRY_ZONE: 'za' } });
    assert.equal(zones.execution('nope'), undefined);
    for (const z of ['za', 'zb', 'zc']) assert.ok(existsSync(join(dir, 'zones', z, 'agent.sock')), z);
  });

  it('reports a zone whose named namespace does not exist as down, and up once it appears', async () => {
    await until('zone-down n1:zb', () => zoneReports('n1:zb').includes('zone-down'));
    assert.deepEqual(zoneReports('n1:za'), [], 'a zone that is there and shown up needs no report');
    ip('netns', 'add', nsB);
    await until('zone-up n1:zb', () => zoneReports('n1:zb').includes('zone-up'));
  });

  it('a replaced namespace is a lost zone: the processes left in the old one are killed, then down and up are reported', async () => {
    const old = netnsId(nsA);
    const sleeper = spawn('ip', ['netns', 'exec', nsA, 'sleep', '1000'], { env: { ...process.env, FERRY_CLUSTER: clusterId, FERRY_NODE: 'n1' }, stdio: 'ignore' });
    await until('sleeper in the zone', () => {
      try { return readlinkSync(`/proc/${sleeper.pid ?? 0}/ns/net`) === old; } catch { return false; }
    });
    const exited = new Promise<string | null>((r) => sleeper.once('exit', (_c, sig) => r(sig)));
    ip('netns', 'del', nsA);
    ip('netns', 'add', nsA);
    assert.equal(await exited, 'SIGKILL');
    await until('zone-down then zone-up of n1:za', () => zoneReports('n1:za').join(',') === 'zone-down,zone-up');
    assert.deepEqual(lost, ['za']);
  });

  it('a zone that leaves the configuration loses its endpoint and the namespace made for it', async () => {
    await setZones(['za', 'zb']);
    await until('zc gone', () => !existsSync(join(dir, 'zones', 'zc', 'agent.sock')) && !existsSync(`/run/netns/${made}`));
    assert.equal(zones.execution('zc'), undefined);
    assert.ok(existsSync(`/run/netns/${nsB}`), 'a named namespace is never removed');
  });
});
