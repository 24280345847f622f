import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, test } from 'node:test';
import { membershipTiming } from '../../src/control/membership-timing.js';
import { MembershipLease } from '../../src/control/self-fence.js';
import { openEtcdStore, type EtcdStore } from '../../src/store/etcd/index.js';
import { layout } from '../../src/store/layout.js';
import { etcdMissing, startEtcdCluster, type EtcdCluster } from '../support/etcd/etcd-cluster.js';

/** The node side of membership against a real etcd: joining, self-fencing when etcd stops answering, rejoining. */
describe('MembershipLease on etcd', { skip: etcdMissing() }, () => {
  let cluster: EtcdCluster;
  let store: EtcdStore;
  let observer: EtcdStore;
  const keys = layout();
  const timing = membershipTiming(1000);

  before(async () => {
    cluster = await startEtcdCluster({ members: 1 });
    store = await openEtcdStore({ endpoints: cluster.endpoints, callTimeoutMs: timing.renewCallTimeoutMs, prefix: '/t' });
    observer = await openEtcdStore({ endpoints: cluster.endpoints, prefix: '/t' });
  });
  after(async () => {
    await store?.close();
    await observer?.close();
    await cluster?.stop();
  });

  const waitFor = async (what: string, probe: () => boolean | Promise<boolean>): Promise<void> => {
    const deadline = Date.now() + 15_000;
    while (!(await probe())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await sleep(20);
    }
  };

  test('joins with a member key on its lease, fences itself when etcd freezes, and rejoins as a new member', async () => {
    const calls: string[] = [];
    const deadlines: (number | undefined)[] = [];
    const m = new MembershipLease({
      store, keys, node: 'n1', timing, log: () => undefined,
      memberValue: () => ({ api: 'http://n1:7400' }),
      onJoined: () => { calls.push('joined'); return Promise.resolve(); },
      selfFence: (reason) => { calls.push(`fenced: ${reason}`); return Promise.resolve(); },
      onFenceDeadline: (d) => deadlines.push(d),
    });
    m.start();
    await waitFor('joined', () => calls.includes('joined'));
    const first = await observer.get(keys.member('n1'));
    assert.ok(first?.lease, 'the member key is attached to a lease');
    assert.equal((JSON.parse(first.value) as { api: string }).api, 'http://n1:7400');
    assert.equal(m.info().state, 'member');
    assert.ok(deadlines.some((d) => d !== undefined), 'the watchdog deadline is armed');

    cluster.members[0]?.pause();
    await waitFor('self-fence', () => calls.some((c) => c.startsWith('fenced')));
    assert.match(calls.find((c) => c.startsWith('fenced')) ?? '', /no acknowledged lease renewal for \d+ ms \(limit 600 ms/);
    assert.equal(deadlines.at(-1), undefined, 'the watchdog is disarmed once fenced');
    cluster.members[0]?.resume();

    await waitFor('rejoined', () => calls.filter((c) => c === 'joined').length === 2);
    const second = await observer.get(keys.member('n1'));
    assert.ok(second?.lease && second.lease !== first.lease, 'the new membership has a new lease');
    assert.ok(second.createRevision > first.createRevision);
    assert.equal(m.info().selfFences, 1);
    await m.stop();
    await waitFor('member key gone after stop', async () => (await observer.get(keys.member('n1'))) === undefined);
  });

  test('does not join while an earlier incarnation is still a member, nor while the status shows it UP', async () => {
    const other = await observer.grantLease(5000);
    await observer.txn({ compare: [], success: [{ kind: 'put', key: keys.member('n2'), value: '{"node":"n2"}', lease: other }] });
    await observer.txn({ compare: [], success: [{ kind: 'put', key: keys.status, value: JSON.stringify({ nodes: { n2: { state: 'UP' } } }) }] });
    let joined = false;
    const m = new MembershipLease({
      store, keys, node: 'n2', timing, log: () => undefined,
      onJoined: () => { joined = true; return Promise.resolve(); },
      selfFence: () => Promise.resolve(),
    });
    m.start();
    await waitFor('waiting for the old member key', () => /member key of an earlier incarnation/.test(m.info().waitingFor ?? ''));
    await observer.revokeLease(other);
    await waitFor('waiting for the leader', () => /declare the earlier incarnation of this node down/.test(m.info().waitingFor ?? ''));
    assert.equal(joined, false);
    await observer.txn({ compare: [], success: [{ kind: 'put', key: keys.status, value: JSON.stringify({ nodes: { n2: { state: 'DOWN' } } }) }] });
    await waitFor('joined', () => joined);
    await m.stop();
  });
});
