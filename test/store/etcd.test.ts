import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { CompactedError, InvalidTxnError, LeaseNotFoundError, StoreClosedError } from '../../src/store/store.js';
import { EtcdError, openEtcdStore } from '../../src/store/etcd/index.js';
import type { EtcdStore } from '../../src/store/etcd/index.js';
import { etcdMissing, startEtcdCluster } from '../support/etcd/etcd-cluster.js';
import type { EtcdCluster } from '../support/etcd/etcd-cluster.js';
import { runStoreContract } from './contract.js';
import { currentRevision, eventually, put, record, uniquePrefix } from './contract-helpers.js';
import { writeDistinctKeys } from '../support/etcd/distinct-writer.js';

const missing = etcdMissing();
if (missing !== undefined) {
  // Not a skip: a machine without etcd cannot say whether the etcd store works.
  it('etcd is installed', () => assert.fail(missing));
} else {
  let cluster: EtcdCluster;
  before(async () => {
    cluster = await startEtcdCluster();
  });
  after(async () => {
    await cluster?.stop();
  });

  const open = async (prefix?: string): Promise<{ store: EtcdStore; close: () => Promise<void> }> => {
    const store = await openEtcdStore({ endpoints: cluster.endpoints, ...(prefix === undefined ? {} : { prefix }) });
    return { store, close: () => store.close() };
  };

  runStoreContract('etcd', () => open(), { compact: (store, revision) => store.compact(revision) });
  runStoreContract('etcd with a key prefix', () => open('/contract-ns'), { compact: (store, revision) => store.compact(revision) });

  describe('etcd store', () => {
    it('namespaces every key under its prefix and hides the prefix from callers', async () => {
      const ns = `/ns-${uniquePrefix().slice(1, -1).replace(/\//g, '-')}`;
      const scoped = await openEtcdStore({ endpoints: cluster.endpoints, prefix: ns });
      const raw = await openEtcdStore({ endpoints: cluster.endpoints });
      try {
        const rec = record(scoped, '/ferry/', (await currentRevision(scoped)) + 1);
        const r = await put(scoped, '/ferry/config/meta', '{"generation":1}');
        assert.deepEqual((await raw.get(`${ns}/ferry/config/meta`))?.value, '{"generation":1}');
        assert.equal(await raw.get('/ferry/config/meta'), undefined, 'nothing outside the namespace');
        assert.deepEqual((await scoped.list('/ferry/')).items.map((kv) => kv.key), ['/ferry/config/meta']);
        await rec.untilEvents(1);
        assert.deepEqual(rec.lines(), [`put /ferry/config/meta={"generation":1}@${r}`]);
        // A key written outside the namespace is invisible to the scoped store, even under its prefix.
        await put(raw, '/ferry/config/meta', 'other cluster');
        assert.equal((await scoped.get('/ferry/config/meta'))?.value, '{"generation":1}');
        await scoped.txn({ compare: [], success: [{ kind: 'deletePrefix', prefix: '' }] });
        assert.equal((await raw.get('/ferry/config/meta'))?.value, 'other cluster', 'deletePrefix("") stays inside the namespace');
        assert.deepEqual((await scoped.list('')).items, []);
        await rec.watch.cancel();
      } finally {
        await raw.txn({ compare: [], success: [{ kind: 'delete', key: '/ferry/config/meta' }] });
        await scoped.close();
        await raw.close();
      }
    });

    it('a watch from a compacted revision reports etcd\'s compact revision', async () => {
      const { store, close } = await open();
      try {
        const p = uniquePrefix();
        const r1 = await put(store, `${p}k`, '1');
        const r2 = await put(store, `${p}k`, '2');
        await store.compact(r2);
        await store.compact(r2); // compacting again to the same revision is not an error
        const rec = record(store, p, r1, p);
        await eventually('the watch to fail', () => rec.errors.length > 0);
        const err = rec.errors[0];
        assert.ok(err instanceof CompactedError, String(err));
        assert.equal(err.requestedRevision, r1);
        assert.equal(err.compactRevision, r2);
      } finally {
        await close();
      }
    });

    it('close ends open watches with StoreClosedError and refuses later calls', async () => {
      const { store } = await open();
      const p = uniquePrefix();
      const rec = record(store, p, (await currentRevision(store)) + 1, p);
      await put(store, `${p}k`, 'v');
      await rec.untilEvents(1);
      await store.close();
      assert.equal(rec.errors.length, 1);
      assert.ok(rec.errors[0] instanceof StoreClosedError);
      await assert.rejects(store.get(`${p}k`), StoreClosedError);
      await assert.rejects(put(store, `${p}k`, 'w'), StoreClosedError);
    });

    it('a watch whose onEvents throws ends, handing the exception to onError', async () => {
      const { store, close } = await open();
      try {
        const p = uniquePrefix();
        const seen: number[] = [];
        const errors: Error[] = [];
        const from = (await currentRevision(store)) + 1;
        store.watch(p, from, (events) => {
          seen.push(events[0]!.revision);
          throw new Error('consumer bug');
        }, (err) => errors.push(err));
        const r1 = await put(store, `${p}a`, '1');
        await eventually('the error', () => errors.length > 0);
        const r2 = await put(store, `${p}a`, '2');
        await sleep(100); // a late delivery would have had its chance
        assert.deepEqual(errors.map((e) => e.message), ['consumer bug']);
        assert.deepEqual(seen, [r1], `no delivery after the failure (r2 = ${r2})`);
      } finally {
        await close();
      }
    });

    it('rejects bad options, bad keys and bad lease IDs with clear errors', async () => {
      await assert.rejects(openEtcdStore({ endpoints: [] }), /endpoints must be a non-empty list/);
      await assert.rejects(openEtcdStore({ endpoints: ['ftp://127.0.0.1:2379'] }), /scheme ftp/);
      await assert.rejects(openEtcdStore({ endpoints: ['http://127.0.0.1:2379/v3'] }), /only scheme:\/\/host:port/);
      await assert.rejects(openEtcdStore({ endpoints: ['http://a:1', 'https://b:1'] }), /all use TLS/);
      await assert.rejects(openEtcdStore({ endpoints: cluster.endpoints, callTimeoutMs: 0 }), /callTimeoutMs must be a positive/);
      await assert.rejects(openEtcdStore({ endpoints: cluster.endpoints, auth: { username: '', password: 'x' } }), /username/);
      const { store, close } = await open();
      try {
        await assert.rejects(store.txn({ compare: [], success: [{ kind: 'put', key: '', value: 'v' }] }), InvalidTxnError);
        await assert.rejects(store.txn({ compare: [{ key: 'k', target: 'version', op: '=', value: 1.5 }], success: [] }), InvalidTxnError);
        await assert.rejects(store.txn({ compare: [], success: [{ kind: 'put', key: 'k', value: 3 as unknown as string }] }), InvalidTxnError);
        await assert.rejects(store.grantLease(0), RangeError);
        await assert.rejects(store.grantLease(Number.NaN), RangeError);
        for (const bad of ['', 'abc', '-5', '0', '99999999999999999999']) {
          await assert.rejects(store.keepAlive(bad), LeaseNotFoundError, `keepAlive(${JSON.stringify(bad)})`);
          await assert.rejects(store.revokeLease(bad), LeaseNotFoundError, `revokeLease(${JSON.stringify(bad)})`);
        }
        const p = uniquePrefix();
        await assert.rejects(put(store, `${p}k`, 'v', 'not-a-lease'), LeaseNotFoundError);
        assert.deepEqual((await store.list(p)).items, []);
        // A lease ID that cannot exist only matters in the branch that runs, as for an expired lease.
        const r = await store.txn({ compare: [{ key: `${p}k`, target: 'version', op: '>', value: 0 }], success: [{ kind: 'put', key: `${p}k`, value: 'v', lease: 'nope' }] });
        assert.equal(r.succeeded, false);
      } finally {
        await close();
      }
    });

    it('rounds lease TTLs up to whole seconds', async () => {
      const { store, close } = await open();
      try {
        const lease = await store.grantLease(1200);
        assert.equal((await store.keepAlive(lease)).ttlMs, 2000);
        await store.revokeLease(lease);
      } finally {
        await close();
      }
    });

    it('an unreachable cluster fails open within the call deadline', async () => {
      await assert.rejects(openEtcdStore({ endpoints: ['http://127.0.0.1:1'], callTimeoutMs: 300 }), EtcdError);
    });

    it('a watch resumes across a restart of the only member without missing or repeating an event', async () => {
      const solo = await startEtcdCluster();
      const writer = await openEtcdStore({ endpoints: solo.endpoints, callTimeoutMs: 1000 });
      const logs: string[] = [];
      const watcher = await openEtcdStore({ endpoints: solo.endpoints, keepaliveMs: 1000, keepaliveTimeoutMs: 1000, logger: (_level, message) => logs.push(message) });
      try {
        const p = uniquePrefix();
        const rec = record(watcher, p, (await currentRevision(watcher)) + 1, p);
        const writes = writeDistinctKeys(writer, p, 60);
        await eventually('some events before the restart', () => rec.events().length >= 15, 10_000);
        await solo.members[0]!.kill();
        await solo.members[0]!.restart();
        const written = await writes;
        await rec.untilEvents(written.length);
        assert.deepEqual(rec.errors, []);
        assert.deepEqual(rec.lines(), written.map((w) => `put ${w.key.slice(p.length)}=${w.value}@${w.revision}`));
        assert.ok(logs.some((m) => m.includes('resuming from revision')), 'the watch stream was re-established');
      } finally {
        await writer.close();
        await watcher.close();
        await solo.stop();
      }
    });
  });
}
