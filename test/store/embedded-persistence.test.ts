import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { openEmbeddedStore } from '../../src/store/index.js';
import type { EmbeddedStore, Op, WatchEvent } from '../../src/store/index.js';
import { eventually, put, record } from './contract-helpers.js';
import { tempDir } from './temp-dir.js';

/** Everything a reader can see: every key with its metadata, and the revision. */
async function contents(store: EmbeddedStore): Promise<unknown> {
  const { items, revision } = await store.list('');
  return { revision, items: items.map((kv) => ({ ...kv })) };
}

async function replayAll(store: EmbeddedStore, fromRevision: number, count: number): Promise<WatchEvent[]> {
  const rec = record(store, '', fromRevision);
  await rec.untilEvents(count);
  await rec.watch.cancel();
  return rec.events();
}

describe('embedded store persistence', () => {
  for (const snapshotEvery of [1000, 3]) {
    it(`reopening keeps every key, its metadata, the revision and the leases (snapshot every ${snapshotEvery})`, async () => {
      const dir = await tempDir('reopen');
      try {
        let store = await openEmbeddedStore({ dir: dir.path, snapshotEvery });
        for (let i = 0; i < 6; i++) await put(store, `cfg/${i % 3}`, `v${i}`);
        await put(store, 'tmp/a', '1');
        await put(store, 'tmp/b', '2');
        await store.txn({ compare: [], success: [{ kind: 'deletePrefix', prefix: 'tmp/' }, { kind: 'delete', key: 'cfg/0' }] });
        const leased = await store.grantLease(60_000);
        const bare = await store.grantLease(30_000);
        await put(store, 'node/n1', 'alive', leased);
        const before = await contents(store);
        const history = await replayAll(store, 1, 11);
        await store.close();

        store = await openEmbeddedStore({ dir: dir.path, snapshotEvery });
        assert.deepEqual(await contents(store), before);
        assert.deepEqual(await store.keepAlive(leased), { ttlMs: 60_000 });
        assert.deepEqual(await store.keepAlive(bare), { ttlMs: 30_000 });
        if (snapshotEvery === 1000) assert.deepEqual(await replayAll(store, 1, 11), history, 'the WAL brings the watch history back');
        const next = await put(store, 'cfg/9', 'new');
        assert.equal(next, (before as { revision: number }).revision + 1);
        assert.notEqual(await store.grantLease(1000), leased, 'lease ids are not reused');
        await store.close();
      } finally {
        await dir.remove();
      }
    });
  }

  it('a lease outlives a restart with its full TTL, and expires after it unless kept alive', async () => {
    const dir = await tempDir('lease');
    try {
      let store = await openEmbeddedStore({ dir: dir.path });
      const lease = await store.grantLease(300);
      await put(store, 'node/n1', 'alive', lease);
      await store.close();
      store = await openEmbeddedStore({ dir: dir.path });
      assert.equal((await store.get('node/n1'))?.lease, lease, 'the key survives the restart');
      assert.deepEqual(await store.keepAlive(lease), { ttlMs: 300 });
      await eventually('the lease to expire', async () => (await store.get('node/n1')) === undefined);
      await store.close();
      store = await openEmbeddedStore({ dir: dir.path });
      assert.equal(await store.get('node/n1'), undefined, 'the expiry was persisted');
      await assert.rejects(store.keepAlive(lease));
      await store.close();
    } finally {
      await dir.remove();
    }
  });

  it('property: any sequence of txns and lease operations reads back the same after reopen', async () => {
    const key = fc.constantFrom('a', 'a/1', 'a/2', 'b', 'b/1', 'c');
    const op: fc.Arbitrary<Op> = fc.oneof(
      fc.record({ kind: fc.constant('put' as const), key, value: fc.string({ maxLength: 4 }) }),
      fc.record({ kind: fc.constant('delete' as const), key }),
      fc.record({ kind: fc.constant('deletePrefix' as const), prefix: fc.constantFrom('a/', 'b', '') }),
    );
    const step = fc.oneof(
      fc.record({ kind: fc.constant('txn' as const), ops: fc.array(op, { maxLength: 3 }), guardVersion: fc.option(fc.nat(3)) }),
      fc.record({ kind: fc.constant('leasedPut' as const), key }),
      fc.record({ kind: fc.constant('revoke' as const) }),
    );
    await fc.assert(fc.asyncProperty(fc.array(step, { maxLength: 25 }), fc.integer({ min: 1, max: 8 }), async (steps, snapshotEvery) => {
      const dir = await tempDir('property');
      try {
        let store = await openEmbeddedStore({ dir: dir.path, snapshotEvery, fsync: false });
        const leases: string[] = [];
        for (const s of steps) {
          if (s.kind === 'txn') {
            const compare = s.guardVersion === null ? [] : [{ key: 'a', target: 'version' as const, op: '=' as const, value: s.guardVersion }];
            await store.txn({ compare, success: s.ops, failure: s.ops.slice(0, 1) }).catch(() => undefined); // invalid mixes are refused whole
          } else if (s.kind === 'leasedPut') {
            const lease = await store.grantLease(60_000);
            leases.push(lease);
            await put(store, s.key, 'leased', lease);
          } else if (leases.length > 0) {
            await store.revokeLease(leases.shift() as string);
          }
        }
        const before = await contents(store);
        await store.close();
        store = await openEmbeddedStore({ dir: dir.path, snapshotEvery });
        assert.deepEqual(await contents(store), before);
        for (const lease of leases) await store.revokeLease(lease);
        assert.deepEqual((await store.list('')).items.filter((kv) => kv.lease !== undefined), [], 'revoking the surviving leases frees every leased key');
        await store.close();
      } finally {
        await dir.remove();
      }
    }), { numRuns: 40 });
  });
});
