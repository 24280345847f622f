import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { EtcdError, openEtcdStore } from '../../src/store/etcd/index.js';
import type { EtcdStore, EtcdStoreOptions } from '../../src/store/etcd/index.js';
import { etcdMissing, startEtcdCluster } from '../support/etcd/etcd-cluster.js';
import type { EtcdCluster } from '../support/etcd/etcd-cluster.js';
import { writeDistinctKeys } from '../support/etcd/distinct-writer.js';
import { currentRevision, eventually, put, record, uniquePrefix } from './contract-helpers.js';

/** Failures of a 3-member etcd cluster as the store's users see them. */
const missing = etcdMissing();
if (missing !== undefined) {
  it('etcd is installed', () => assert.fail(missing));
} else {
  describe('etcd store on a 3-member cluster', () => {
    let cluster: EtcdCluster;
    const stores: EtcdStore[] = [];
    beforeEach(async () => {
      cluster = await startEtcdCluster({ members: 3 });
    });
    afterEach(async () => {
      for (const s of stores.splice(0)) await s.close();
      await cluster.stop();
    });
    const open = async (order: readonly number[], extra: Partial<EtcdStoreOptions> = {}): Promise<EtcdStore> => {
      const store = await openEtcdStore({ endpoints: order.map((i) => cluster.endpoints[i] as string), ...extra });
      stores.push(store);
      return store;
    };

    // The watcher lists member 0 first, so its watch runs there; the writer prefers member 1.
    for (const [what, fault] of [
      ['killed', (c: EtcdCluster) => c.members[0]!.kill()],
      ['frozen (SIGSTOP)', (c: EtcdCluster) => Promise.resolve(c.members[0]!.pause())],
    ] as const) {
      it(`a watch moves on when the member serving it is ${what}, without missing or repeating an event`, async () => {
        const logs: string[] = [];
        const watcher = await open([0, 1, 2], { keepaliveMs: 1000, keepaliveTimeoutMs: 1000, logger: (_level, message) => logs.push(message) });
        const writer = await open([1, 2, 0], { callTimeoutMs: 1000 });
        const p = uniquePrefix();
        const rec = record(watcher, p, (await currentRevision(watcher)) + 1, p);
        const writes = writeDistinctKeys(writer, p, 50);
        await eventually('some events before the fault', () => rec.events().length >= 15, 10_000);
        await fault(cluster);
        const written = await writes;
        await rec.untilEvents(written.length);
        assert.deepEqual(rec.errors, []);
        assert.deepEqual(rec.lines(), written.map((w) => `put ${w.key.slice(p.length)}=${w.value}@${w.revision}`));
        assert.ok(logs.some((m) => m.includes(cluster.endpoints[0]!) && m.includes('resuming from revision')), `the watch left member 0:\n${logs.join('\n')}`);
        if (process.env.ETCD_TEST_DEBUG) console.log(logs.join('\n'));
        cluster.members[0]!.resume();
      });
    }

    it('a read moves on from a frozen member within its deadline, and later writes go elsewhere', async () => {
      const store = await open([0, 1, 2], { callTimeoutMs: 2000 });
      const p = uniquePrefix();
      const r = await put(store, `${p}k`, 'v');
      cluster.members[0]!.pause();
      assert.equal((await store.get(`${p}k`))?.modRevision, r);
      assert.equal(await put(store, `${p}k`, 'w'), r + 1);
      cluster.members[0]!.resume();
    });

    it('calls fail with EtcdError instead of hanging when the cluster has lost quorum, and work again once it is back', async () => {
      const store = await open([0, 1, 2], { callTimeoutMs: 1000 });
      const p = uniquePrefix();
      const rec = record(store, p, (await currentRevision(store)) + 1, p);
      const before = await put(store, `${p}k`, 'before');
      await rec.untilEvents(1);
      await Promise.all([cluster.members[1]!.stop(), cluster.members[2]!.stop()]);
      await assert.rejects(put(store, `${p}k`, 'during'), EtcdError);
      await assert.rejects(store.get(`${p}k`), EtcdError);
      await assert.rejects(store.list(p), EtcdError);
      await Promise.all([cluster.members[1]!.restart(), cluster.members[2]!.restart()]);
      const after = await put(store, `${p}k`, 'after');
      await eventually('the write after recovery to be watched', () => rec.lines().includes(`put k=after@${after}`) || rec.errors.length > 0);
      // A write refused for lack of quorum may still commit later, once a leader is back: etcd keeps
      // the proposal. Either way the watch reports what happened, once.
      const lines = rec.lines();
      assert.equal(lines[0], `put k=before@${before}`);
      assert.equal(lines.at(-1), `put k=after@${after}`);
      assert.ok(lines.length === 2 || (lines.length === 3 && lines[1]!.startsWith('put k=during@')), lines.join('\n'));
      assert.deepEqual(rec.errors, []);
    });
  });
}
