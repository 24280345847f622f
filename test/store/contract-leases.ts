import assert from 'node:assert/strict';
import { it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { LeaseNotFoundError } from '../../src/store/index.js';
import type { Store } from '../../src/store/index.js';
import type { WithStore } from './contract.js';
import { currentRevision, eventually, put, record, uniquePrefix } from './contract-helpers.js';

/**
 * Leases: expiry and revoke delete the attached keys in one revision; keepAlive extends; a dead lease
 * is refused. Expiry is awaited by polling with a generous deadline, never timed.
 */
export function registerLeaseTests<S extends Store>(withStore: WithStore<S>): void {
  it('keys put with a lease carry it and are deleted, in one revision, when it expires', () => withStore(async (store) => {
    const p = uniquePrefix();
    const lease = await store.grantLease(300);
    await put(store, `${p}a`, '1', lease);
    await put(store, `${p}b`, '2', lease);
    await put(store, `${p}plain`, '3');
    assert.equal((await store.get(`${p}a`))?.lease, lease);
    assert.equal((await store.get(`${p}plain`))?.lease, undefined);
    const rec = record(store, p, (await currentRevision(store)) + 1, p);
    await eventually('the leased keys to be deleted', async () => (await store.list(p)).items.length === 1);
    assert.equal((await store.get(`${p}plain`))?.value, '3');
    await rec.untilEvents(2);
    assert.equal(rec.batches.length, 1, 'both keys go in one revision');
    assert.deepEqual(rec.events().map((e) => `${e.kind} ${e.key.slice(p.length)}=${e.value}`), ['delete a=1', 'delete b=2']);
    await rec.watch.cancel();
  }));

  it('keepAlive keeps the lease and its keys for as long as it is called', () => withStore(async (store) => {
    const key = `${uniquePrefix()}held`;
    const lease = await store.grantLease(600);
    await put(store, key, 'v', lease);
    const { ttlMs } = await store.keepAlive(lease);
    assert.ok(ttlMs >= 600, `granted ${ttlMs} ms`);
    // Renew every sixth of the TTL for three TTLs: without the renewals the key would be gone.
    for (let i = 0; i < 18; i++) {
      await sleep(ttlMs / 6);
      await store.keepAlive(lease);
    }
    assert.equal((await store.get(key))?.value, 'v');
    await eventually('the key to go once keep-alives stop', async () => (await store.get(key)) === undefined, 5000 + ttlMs);
  }));

  it('keepAlive on an expired lease rejects with LeaseNotFoundError', () => withStore(async (store) => {
    const key = `${uniquePrefix()}k`;
    const lease = await store.grantLease(300);
    await put(store, key, 'v', lease);
    await eventually('the lease to expire', async () => (await store.get(key)) === undefined);
    await assert.rejects(store.keepAlive(lease), LeaseNotFoundError);
    await assert.rejects(put(store, `${key}2`, 'v', lease), LeaseNotFoundError);
  }));

  it('revoke deletes the lease\'s keys at once, in one revision, and ends the lease', () => withStore(async (store) => {
    const p = uniquePrefix();
    const lease = await store.grantLease(60_000);
    await put(store, `${p}a`, '1', lease);
    await put(store, `${p}b`, '2', lease);
    const r0 = await currentRevision(store);
    await store.revokeLease(lease);
    assert.deepEqual(await store.list(p), { items: [], revision: r0 + 1 });
    await assert.rejects(store.keepAlive(lease), LeaseNotFoundError);
    await assert.rejects(store.revokeLease(lease), LeaseNotFoundError);
    await assert.rejects(put(store, `${p}c`, '3', lease), LeaseNotFoundError);
    assert.equal(await currentRevision(store), r0 + 1);
  }));

  it('a lease with no keys can be granted, kept alive and revoked without writing a revision', () => withStore(async (store) => {
    const r0 = await currentRevision(store);
    const lease = await store.grantLease(60_000);
    assert.ok((await store.keepAlive(lease)).ttlMs >= 60_000);
    await store.revokeLease(lease);
    assert.equal(await currentRevision(store), r0);
  }));

  it('putting a leased key again without the lease detaches it from the lease', () => withStore(async (store) => {
    const p = uniquePrefix();
    const lease = await store.grantLease(300);
    await put(store, `${p}kept`, 'leased', lease);
    await put(store, `${p}kept`, 'plain');
    await put(store, `${p}witness`, 'leased', lease);
    assert.equal((await store.get(`${p}kept`))?.lease, undefined);
    await eventually('the lease to expire', async () => (await store.get(`${p}witness`)) === undefined);
    assert.equal((await store.get(`${p}kept`))?.value, 'plain');
  }));

  it('keepAlive and revoke of a lease that never existed reject with LeaseNotFoundError', () => withStore(async (store) => {
    await assert.rejects(store.keepAlive('987654321'), LeaseNotFoundError);
    await assert.rejects(store.revokeLease('987654321'), LeaseNotFoundError);
  }));
}
