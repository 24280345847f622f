import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, test } from 'node:test';
import { labMissing, startFerryLab, type FerryLab, type LabStatus } from '../support/netns/ferry-lab.js';
import { OnlineChecker } from '../support/netns/online-checker.js';

/**
 * Three machines on one host: each network namespace runs one etcd member and one ferryd, joined
 * by a bridge. Real processes throughout; an independent checker watches the services' pid files
 * and /proc and fails the suite if a failover resource ever ran on two nodes at once.
 */
const missing = labMissing();
const TTL_MS = 2000;

async function waitFor<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(100);
  }
}

const groupOnline = (s: LabStatus | undefined, group: string): string[] =>
  s?.groups.find((g) => g.name === group)?.perNode.filter((p) => p.state === 'ONLINE').map((p) => p.target) ?? [];

describe('several machines: ferryd on etcd, lease membership, one RGM leader, self-fencing', { skip: missing }, () => {
  let lab: FerryLab;
  let checker: OnlineChecker;
  const idx = (node: string): number => lab.nodes.indexOf(node);
  const ok = async (i: number, ...args: string[]): Promise<string> => {
    const r = await lab.ferry(i, args);
    assert.equal(r.code, 0, `ferry ${args.join(' ')} via ${lab.nodes[i]} failed: ${r.stderr}`);
    return r.stdout;
  };
  /** Status through the first machine in `order` that answers. */
  const status = async (order: readonly number[] = [0, 1, 2]): Promise<LabStatus | undefined> => {
    for (const i of order) {
      if (!lab.isFerrydRunning(i)) continue;
      const s = await lab.status(i);
      if (s) return s;
    }
    return undefined;
  };
  /** The single node a resource runs on, per the checker (waits until exactly one). */
  const runsOn = (resource: string, not?: string): Promise<string> => waitFor(`${resource} running on one node${not ? ` other than ${not}` : ''}`, () => {
    const on = checker.onlineNodes(resource);
    return on.length === 1 && on[0] !== not ? on[0] : undefined;
  });
  const selfFences = (i: number): number => lab.ferrydLog(i).split('\n').filter((l) => l.includes('membership: self-fencing')).length;
  const rejoined = (i: number): Promise<boolean> => waitFor(`${lab.nodes[i]} back as a member`, async () => {
    const s = await status();
    return s?.nodes.find((n) => n.name === lab.nodes[i])?.state === 'UP' || undefined;
  }, 40_000);

  before(async () => {
    lab = await startFerryLab({ machines: 3, leaseTtlMs: TTL_MS });
    checker = new OnlineChecker(lab.stateDir).start();
    await ok(0, 'rg', 'create', '-n', 'n1,n2,n3', 'g1');
    await ok(0, 'rs', 'create', '-g', 'g1', '-t', 'ferrytest.mm', 'r1');
    await ok(0, 'rg', 'manage', 'g1');
    await ok(0, 'rg', 'online', 'g1');
    await runsOn('r1');
  });

  after(async () => {
    checker?.stop();
    await lab?.stop();
  });

  test('every ferryd serves the same API: status shows the leader, each node\'s lease age and the etcd members', async () => {
    const leaders = new Set<string>();
    for (let i = 0; i < 3; i++) {
      const text = await ok(i, 'status');
      const leader = /RGM leader: (\S+) \(epoch (\d+)\)/.exec(text);
      assert.ok(leader, `no leader line via ${lab.nodes[i]}:\n${text}`);
      leaders.add(leader[1] ?? '');
      for (const n of lab.nodes) assert.match(text, new RegExp(`^${n}\\s+Online\\s+\\d+\\.\\ds$`, 'm'), `lease age of ${n} via ${lab.nodes[i]}:\n${text}`);
      assert.match(text, /=== etcd Members ===/);
      assert.equal(text.match(/Healthy\s+leader/g)?.length, 1, text);
      assert.equal(text.match(/Healthy\s+follower/g)?.length, 2, text);
      const json = JSON.parse(await ok(i, '--json', 'status')) as LabStatus;
      assert.deepEqual(groupOnline(json, 'g1'), checker.onlineNodes('r1'));
    }
    assert.equal(leaders.size, 1, 'every ferryd names the same leader');
  });

  test('kill -9 of the ferryd hosting a group: the group starts on another node, the node rejoins when restarted', async () => {
    const host = await runsOn('r1');
    const i = idx(host);
    await lab.killFerryd(i);
    const next = await runsOn('r1', host);
    assert.notEqual(next, host);
    assert.deepEqual(checker.onlineNodes('r1'), [next], 'the watchdog ended the service on the dead node');
    await waitFor('g1 ONLINE in the status', async () => (groupOnline(await status(), 'g1')[0] === next) || undefined);
    await lab.startFerryd(i);
    await rejoined(i);
    assert.deepEqual(checker.onlineNodes('r1'), [next], 'a rejoining node starts nothing by itself');
  });

  test('partition: the cut-off node fences itself, the group starts on the majority side, the node rejoins after healing', async () => {
    const host = await runsOn('r1');
    const i = idx(host);
    const fencesBefore = selfFences(i);
    lab.cut(i);
    const next = await runsOn('r1', host);
    assert.notEqual(next, host);
    assert.ok(selfFences(i) > fencesBefore, `${host} fenced itself:\n${lab.ferrydLog(i).slice(-2000)}`);
    assert.ok(lab.isFerrydRunning(i), 'the cut-off ferryd keeps running, waiting to rejoin');
    lab.heal(i);
    await rejoined(i);
    assert.deepEqual(checker.onlineNodes('r1'), [next]);
    assert.match(lab.ferrydLog(i), /joined[\s\S]*self-fencing[\s\S]*joined/);
  });

  test('leader failover in the middle of a Start: no action lost, none repeated', async () => {
    const before = await status();
    const leader = before?.leader?.node;
    assert.ok(leader !== undefined && before?.leader !== undefined);
    const others = lab.nodes.filter((n) => n !== leader);
    await ok(idx(others[0] as string), 'rg', 'create', '-n', others.join(','), 'g2');
    await ok(idx(others[0] as string), 'rs', 'create', '-g', 'g2', '-t', 'ferrytest.mm', 'r2');
    await ok(idx(others[0] as string), 'rg', 'manage', 'g2');
    writeFileSync(join(lab.stateDir, 'r2.start-delay'), '3\n');
    const online = lab.ferry(idx(others[0] as string), ['rg', 'online', 'g2']);
    const startedOn = await waitFor('Start of r2 begun', () => lab.journal().find((e) => e.resource === 'r2' && e.what === 'start-begin')?.node);
    await lab.killFerryd(idx(leader));
    const r = await online;
    assert.equal(r.code, 0, `rg online g2 completed under the new leader: ${r.stderr}`);
    const after = await waitFor('a new leader', async () => {
      const s = await status(others.map(idx));
      return s?.leader && s.leader.node !== leader ? s : undefined;
    });
    assert.ok((after.leader?.epoch ?? 0) > (before?.leader?.epoch ?? 0), 'the new leader has a higher epoch');
    await waitFor('g2 ONLINE', async () => (groupOnline(await status(others.map(idx)), 'g2')[0] === startedOn) || undefined);
    const r2 = lab.journal().filter((e) => e.resource === 'r2');
    assert.deepEqual(r2.map((e) => `${e.node} ${e.what}`), [`${startedOn} start-begin`, `${startedOn} start-end`], 'exactly one Start, no Stop');
    assert.deepEqual(checker.onlineNodes('r2'), [startedOn]);
    await lab.startFerryd(idx(leader));
    await rejoined(idx(leader));
  });

  test('losing one etcd member changes nothing: no self-fence, no move, changes still go through', async () => {
    const s = await status();
    const etcdLeader = s?.etcd?.findIndex((m) => m.isLeader) ?? -1;
    assert.ok(etcdLeader >= 0, 'one etcd member leads');
    const where = { r1: await runsOn('r1'), r2: await runsOn('r2') };
    const fences = lab.nodes.map((_, i) => selfFences(i));
    await lab.killEtcd(etcdLeader);
    await sleep(2 * TTL_MS + 1000);
    assert.deepEqual(lab.nodes.map((_, i) => selfFences(i)), fences, 'no node fenced itself');
    assert.deepEqual(checker.onlineNodes('r1'), [where.r1]);
    assert.deepEqual(checker.onlineNodes('r2'), [where.r2]);
    const text = await ok((etcdLeader + 1) % 3, 'status');
    assert.match(text, /Unhealthy/);
    const target = lab.nodes.find((n) => n !== where.r1 && lab.isFerrydRunning(idx(n))) as string;
    await ok((etcdLeader + 1) % 3, 'rg', 'switch', 'g1', '-n', target);
    assert.equal(await runsOn('r1', where.r1), target);
    await lab.startEtcd(etcdLeader);
    await waitFor('all etcd members healthy', async () => ((await status())?.etcd?.every((m) => m.healthy)) || undefined);
  });

  test('losing the etcd majority freezes changes, leaves services alone until the leases could have expired, then every node fences itself; all comes back with the majority', async () => {
    const where = { r1: await runsOn('r1'), r2: await runsOn('r2') };
    const fences = lab.nodes.map((_, i) => selfFences(i));
    await lab.killEtcd(0);
    await lab.killEtcd(1);
    // Right after the loss nothing has moved: a lease cannot have expired yet.
    assert.deepEqual(checker.onlineNodes('r1'), [where.r1]);
    assert.deepEqual(checker.onlineNodes('r2'), [where.r2]);
    const frozen = await lab.ferry(2, ['rg', 'switch', 'g1', '-n', lab.nodes.find((n) => n !== where.r1) as string]);
    assert.notEqual(frozen.code, 0, 'a change cannot be made without the etcd majority');
    await waitFor('every service stopped', () => (checker.onlineNodes('r1').length + checker.onlineNodes('r2').length === 0) || undefined, 4 * TTL_MS);
    await waitFor('every node fenced itself', () => lab.nodes.every((_, i) => selfFences(i) > (fences[i] ?? 0)) || undefined, 4 * TTL_MS);
    await lab.startEtcd(0);
    await lab.startEtcd(1);
    for (let i = 0; i < 3; i++) await rejoined(i);
    await runsOn('r1');
    await runsOn('r2');
  });

  test('throughout, no failover resource ever ran on two nodes at once', () => {
    assert.ok(checker.sampleCount > 100, 'the checker kept looking');
    assert.deepEqual(checker.overlaps, []);
  });
});
