import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CompactedError, StoreClosedError, openEmbeddedStore, openMemoryStore } from '../../src/store/index.js';
import type { EmbeddedStore } from '../../src/store/index.js';
import { eventually, put, record } from './contract-helpers.js';
import { runStoreContract } from './contract.js';
import { tempDir } from './temp-dir.js';

const compact = (store: EmbeddedStore, revision: number): Promise<void> => store.compact(revision);

runStoreContract('memory store', async () => {
  const store = await openMemoryStore();
  return { store, close: () => store.close() };
}, { compact });

runStoreContract('embedded store (data directory, fsync)', async () => {
  const dir = await tempDir('contract');
  // A small snapshotEvery so the contract also runs across snapshots and WAL segment changes.
  const store = await openEmbeddedStore({ dir: dir.path, snapshotEvery: 7 });
  return { store, close: async () => { await store.close(); await dir.remove(); } };
}, { compact });

describe('embedded store', () => {
  it('keeps the last historyRevisions revisions for watches; older ones are compacted', async () => {
    const store = await openMemoryStore({ historyRevisions: 5 });
    const revisions: number[] = [];
    for (let i = 1; i <= 10; i++) revisions.push(await put(store, 'k', String(i)));
    const gone = record(store, '', revisions[4]!);
    await eventually('CompactedError', () => gone.errors.length > 0);
    assert.ok(gone.errors[0] instanceof CompactedError);
    assert.equal(gone.errors[0].compactRevision, revisions[5], 'the oldest revision still kept');
    const kept = record(store, '', revisions[5]!);
    await kept.untilEvents(5);
    assert.deepEqual(kept.events().map((e) => e.value), ['6', '7', '8', '9', '10']);
    await store.close();
  });

  it('after close, calls reject with StoreClosedError and open watches end with it', async () => {
    const store = await openMemoryStore();
    const rec = record(store, '', 1);
    const pending = put(store, 'queued', 'before close');
    await store.close();
    assert.equal(typeof (await pending), 'number', 'work queued before close still completes');
    await assert.rejects(put(store, 'k', 'v'), StoreClosedError);
    await assert.rejects(store.get('k'), StoreClosedError);
    await assert.rejects(store.grantLease(1000), StoreClosedError);
    await eventually('the watch to end', () => rec.errors.length > 0);
    assert.ok(rec.errors[0] instanceof StoreClosedError);
    await store.close(); // idempotent
  });

  it('a watch callback that throws ends that watch with the thrown error', async () => {
    const store = await openMemoryStore();
    const errors: Error[] = [];
    let calls = 0;
    store.watch('', 1, () => {
      calls++;
      throw new Error('callback broke');
    }, (err) => errors.push(err));
    await put(store, 'a', '1');
    await put(store, 'b', '2');
    await eventually('the watch to end', () => errors.length > 0);
    assert.equal(errors[0]?.message, 'callback broke');
    assert.equal(calls, 1);
    await store.close();
  });

  it('refuses bad options and bad txns with errors naming the problem', async () => {
    await assert.rejects(openEmbeddedStore({ dir: '' }), /dir must be a non-empty path/);
    await assert.rejects(openEmbeddedStore({ dir: '/tmp/x', snapshotEvery: 0 }), /snapshotEvery must be a positive integer/);
    await assert.rejects(openMemoryStore({ historyRevisions: 1.5 }), /historyRevisions must be a positive integer/);
    const store = await openMemoryStore();
    await assert.rejects(store.grantLease(0), /lease TTL must be a positive number/);
    await assert.rejects(store.txn({ compare: [], success: [{ kind: 'put', key: '', value: 'v' }] }), /a put needs a non-empty key/);
    await assert.rejects(store.txn({ compare: [{ key: 'k', target: 'value', op: '<', value: 'v' } as never], success: [] }), /bad value for value </);
    await assert.rejects(store.txn({ compare: [], success: [{ kind: 'move', key: 'k' } as never] }), /unknown op kind move/);
    await store.close();
  });
});

describe('embedded store leases and a stalled process', () => {
  const stall = (ms: number): void => {
    const until = performance.now() + ms;
    while (performance.now() < until) { /* a long synchronous job: no timer or keep-alive can run */ }
  };

  it('keeps a lease alive across a stall longer than its TTL (its holder could not renew either)', async () => {
    const store = await openMemoryStore();
    try {
      // The first half second of a stall still counts as time (hiccups do); the TTL is above that.
      const lease = await store.grantLease(900);
      await store.txn({ compare: [], success: [{ kind: 'put', key: 'member', value: 'n1', lease }] });
      stall(2500);
      await new Promise((r) => setTimeout(r, 20));
      await store.keepAlive(lease);
      assert.equal((await store.get('member'))?.value, 'n1');
    } finally {
      await store.close();
    }
  });

  it('still expires a lease whose holder stops renewing while the process runs', async () => {
    const store = await openMemoryStore();
    try {
      const lease = await store.grantLease(300);
      await store.txn({ compare: [], success: [{ kind: 'put', key: 'member', value: 'n1', lease }] });
      await eventually('the member key to go with its lease', async () => (await store.get('member')) === undefined, 3000);
      await assert.rejects(store.keepAlive(lease), { name: 'LeaseNotFoundError' });
    } finally {
      await store.close();
    }
  });
});
