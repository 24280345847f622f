import assert from 'node:assert/strict';
import { it } from 'node:test';
import { setImmediate as setImmediateP } from 'node:timers/promises';
import { InvalidTxnError, LeaseNotFoundError } from '../../src/store/index.js';
import type { Compare, Store } from '../../src/store/index.js';
import type { WithStore } from './contract.js';
import { byteOrder, currentRevision, put, uniquePrefix } from './contract-helpers.js';

/** Revisions, key metadata, compare-and-swap, atomicity, list. */
export function registerKeyTests<S extends Store>(withStore: WithStore<S>): void {
  it('a put increments the revision by one and stamps the key with it', () => withStore(async (store) => {
    const p = uniquePrefix();
    const r0 = await currentRevision(store);
    const first = await store.txn({ compare: [], success: [{ kind: 'put', key: `${p}k`, value: 'v1' }] });
    assert.deepEqual(first, { succeeded: true, revision: r0 + 1 });
    const kv1 = await store.get(`${p}k`);
    assert.deepEqual(kv1 && { ...kv1 }, { key: `${p}k`, value: 'v1', createRevision: r0 + 1, modRevision: r0 + 1, version: 1 });
    assert.equal(await put(store, `${p}k`, 'v2'), r0 + 2);
    const kv2 = await store.get(`${p}k`);
    assert.deepEqual(kv2 && [kv2.value, kv2.createRevision, kv2.modRevision, kv2.version], ['v2', r0 + 1, r0 + 2, 2]);
    assert.equal((await store.list(p)).revision, r0 + 2);
    assert.equal(await store.get(`${p}missing`), undefined);
  }));

  it('a txn writing several keys is one revision, and all its writes carry it', () => withStore(async (store) => {
    const p = uniquePrefix();
    await put(store, `${p}c`, 'old');
    const r0 = await currentRevision(store);
    const r = await store.txn({ compare: [], success: [{ kind: 'put', key: `${p}a`, value: '1' }, { kind: 'put', key: `${p}b`, value: '2' }, { kind: 'delete', key: `${p}c` }] });
    assert.equal(r.revision, r0 + 1);
    const { items, revision } = await store.list(p);
    assert.equal(revision, r0 + 1);
    assert.deepEqual(items.map((kv) => [kv.key.slice(p.length), kv.modRevision]), [['a', r0 + 1], ['b', r0 + 1]]);
  }));

  it('a txn that writes nothing leaves the revision unchanged', () => withStore(async (store) => {
    const p = uniquePrefix();
    await put(store, `${p}k`, 'v');
    const r0 = await currentRevision(store);
    assert.deepEqual(await store.txn({ compare: [{ key: `${p}k`, target: 'value', op: '=', value: 'other' }], success: [{ kind: 'put', key: `${p}k`, value: 'x' }] }), { succeeded: false, revision: r0 });
    assert.deepEqual(await store.txn({ compare: [], success: [{ kind: 'delete', key: `${p}missing` }, { kind: 'deletePrefix', prefix: `${p}nothing/` }] }), { succeeded: true, revision: r0 });
    assert.deepEqual(await store.txn({ compare: [{ key: `${p}k`, target: 'version', op: '=', value: 1 }], success: [] }), { succeeded: true, revision: r0 });
    assert.equal(await currentRevision(store), r0);
  }));

  it('deleting a key and creating it again restarts its createRevision and version', () => withStore(async (store) => {
    const key = `${uniquePrefix()}k`;
    await put(store, key, 'a');
    await put(store, key, 'b');
    await store.txn({ compare: [], success: [{ kind: 'delete', key }] });
    assert.equal(await store.get(key), undefined);
    const r = await put(store, key, 'c');
    const kv = await store.get(key);
    assert.deepEqual(kv && [kv.value, kv.createRevision, kv.modRevision, kv.version], ['c', r, r, 1]);
  }));

  it('compares every target with = != < >, a missing key having 0s and no value', () => withStore(async (store) => {
    const p = uniquePrefix();
    const k = `${p}k`;
    const m = `${p}missing`;
    const created = await put(store, k, 'v1');
    const mod = await put(store, k, 'v2');
    const cases: [Compare, boolean][] = [
      [{ key: k, target: 'modRevision', op: '=', value: mod }, true],
      [{ key: k, target: 'modRevision', op: '!=', value: mod }, false],
      [{ key: k, target: 'modRevision', op: '<', value: mod + 1 }, true],
      [{ key: k, target: 'modRevision', op: '<', value: mod }, false],
      [{ key: k, target: 'modRevision', op: '>', value: mod - 1 }, true],
      [{ key: k, target: 'modRevision', op: '>', value: mod }, false],
      [{ key: k, target: 'createRevision', op: '=', value: created }, true],
      [{ key: k, target: 'createRevision', op: '<', value: created }, false],
      [{ key: k, target: 'version', op: '=', value: 2 }, true],
      [{ key: k, target: 'version', op: '!=', value: 2 }, false],
      [{ key: k, target: 'version', op: '>', value: 1 }, true],
      [{ key: k, target: 'version', op: '<', value: 2 }, false],
      [{ key: k, target: 'value', op: '=', value: 'v2' }, true],
      [{ key: k, target: 'value', op: '=', value: 'v1' }, false],
      [{ key: k, target: 'value', op: '!=', value: 'v1' }, true],
      [{ key: k, target: 'value', op: '!=', value: 'v2' }, false],
      [{ key: m, target: 'modRevision', op: '=', value: 0 }, true],
      [{ key: m, target: 'createRevision', op: '=', value: 0 }, true],
      [{ key: m, target: 'version', op: '=', value: 0 }, true],
      [{ key: m, target: 'version', op: '>', value: 0 }, false],
      [{ key: m, target: 'value', op: '=', value: '' }, false],
      [{ key: m, target: 'value', op: '!=', value: 'anything' }, false],
    ];
    for (const [compare, expected] of cases) {
      const r = await store.txn({ compare: [compare], success: [] });
      assert.equal(r.succeeded, expected, `${compare.key.slice(p.length)} ${compare.target} ${compare.op} ${compare.value}`);
    }
    const both = await store.txn({ compare: [cases[0]![0], cases[1]![0]], success: [] });
    assert.equal(both.succeeded, false, 'every compare must hold');
  }));

  it('a failed compare applies the failure ops and none of the success ops', () => withStore(async (store) => {
    const p = uniquePrefix();
    const r0 = await currentRevision(store);
    const r = await store.txn({
      compare: [{ key: `${p}guard`, target: 'version', op: '>', value: 0 }],
      success: [{ kind: 'put', key: `${p}ok`, value: 'yes' }],
      failure: [{ kind: 'put', key: `${p}failed`, value: 'yes' }],
    });
    assert.deepEqual(r, { succeeded: false, revision: r0 + 1 });
    assert.deepEqual((await store.list(p)).items.map((kv) => kv.key.slice(p.length)), ['failed']);
  }));

  it('a refused txn applies nothing: unknown lease, key written twice', () => withStore(async (store) => {
    const p = uniquePrefix();
    const r0 = await currentRevision(store);
    await assert.rejects(
      store.txn({ compare: [], success: [{ kind: 'put', key: `${p}a`, value: '1' }, { kind: 'put', key: `${p}b`, value: '2', lease: '987654321' }] }),
      LeaseNotFoundError,
    );
    await assert.rejects(
      store.txn({ compare: [], success: [{ kind: 'put', key: `${p}a`, value: '1' }, { kind: 'put', key: `${p}a`, value: '2' }] }),
      InvalidTxnError,
    );
    await assert.rejects(
      store.txn({ compare: [], success: [{ kind: 'put', key: `${p}a`, value: '1' }, { kind: 'deletePrefix', prefix: p }] }),
      InvalidTxnError,
    );
    assert.deepEqual(await store.list(p), { items: [], revision: r0 });
  }));

  it('racing compare-and-swap writers on one revision: exactly one wins', () => withStore(async (store) => {
    const key = `${uniquePrefix()}leader`;
    const seen = await put(store, key, 'nobody');
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) => store.txn({
      compare: [{ key, target: 'modRevision', op: '=', value: seen }],
      success: [{ kind: 'put', key, value: `writer-${i}` }],
    })));
    const winners = results.flatMap((r, i) => (r.succeeded ? [i] : []));
    assert.equal(winners.length, 1, `winners: ${winners.join(', ')}`);
    const kv = await store.get(key);
    assert.ok(kv);
    assert.equal(kv.value, `writer-${winners[0]}`);
    assert.equal(kv.modRevision, seen + 1);
  }));

  it('compare-and-swap increments from concurrent workers lose no update', () => withStore(async (store) => {
    const key = `${uniquePrefix()}counter`;
    await put(store, key, '0');
    const increment = async (): Promise<void> => {
      for (;;) {
        const kv = await store.get(key);
        const next = String(Number(kv?.value) + 1);
        const r = await store.txn({ compare: [{ key, target: 'modRevision', op: '=', value: kv?.modRevision ?? 0 }], success: [{ kind: 'put', key, value: next }] });
        if (r.succeeded) return;
      }
    };
    await Promise.all(Array.from({ length: 5 }, async () => {
      for (let i = 0; i < 10; i++) await increment();
    }));
    assert.equal((await store.get(key))?.value, '50');
  }));

  it('list returns exactly the keys under the prefix, in byte order', () => withStore(async (store) => {
    const p = uniquePrefix();
    const names = ['b', 'a/x', 'a', 'ab', 'a/', 'Z', 'é', '\u{1F600}', '\uFFFD', 'a/x/y', '0'];
    for (const name of [...names].reverse()) await put(store, `${p}${name}`, name);
    await put(store, `${p.slice(0, -1)}-sibling/a`, 'not under the prefix');
    const { items, revision } = await store.list(p);
    assert.deepEqual(items.map((kv) => kv.key.slice(p.length)), [...names].sort(byteOrder));
    assert.ok(items.every((kv) => kv.value === kv.key.slice(p.length)));
    assert.equal(revision, await currentRevision(store));
    assert.deepEqual((await store.list(`${p}a/`)).items.map((kv) => kv.key.slice(p.length)), ['a/', 'a/x', 'a/x/y']);
  }));

  it('list reads one revision: it never shows half of a txn', () => withStore(async (store) => {
    const p = uniquePrefix();
    let isWriting = true;
    const writer = (async () => {
      for (let i = 0; i < 40; i++) {
        await store.txn({ compare: [], success: [{ kind: 'put', key: `${p}a`, value: String(i) }, { kind: 'put', key: `${p}b`, value: String(i) }] });
      }
      isWriting = false;
    })();
    let listings = 0;
    while (isWriting) {
      await setImmediateP(); // let the writer's I/O run between listings
      const { items, revision } = await store.list(p);
      listings++;
      if (items.length > 0) {
        assert.equal(items.length, 2);
        assert.equal(items[0]!.value, items[1]!.value, 'a and b were written by one txn');
        assert.ok(items.every((kv) => kv.modRevision <= revision), 'no item is newer than the listing');
      }
    }
    await writer;
    assert.ok(listings > 0);
  }));

  it('deletePrefix deletes only the keys under the prefix, in one revision', () => withStore(async (store) => {
    const p = uniquePrefix();
    for (const name of ['g/1', 'g/2', 'g/3/x', 'gx', 'h']) await put(store, `${p}${name}`, 'v');
    const r0 = await currentRevision(store);
    const r = await store.txn({ compare: [], success: [{ kind: 'deletePrefix', prefix: `${p}g/` }] });
    assert.equal(r.revision, r0 + 1);
    assert.deepEqual((await store.list(p)).items.map((kv) => kv.key.slice(p.length)), ['gx', 'h']);
  }));
}
