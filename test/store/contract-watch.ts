import assert from 'node:assert/strict';
import { it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { CompactedError } from '../../src/store/index.js';
import type { Store } from '../../src/store/index.js';
import type { WithStore } from './contract.js';
import { currentRevision, eventually, put, record, uniquePrefix } from './contract-helpers.js';

/** Watch: replay from history, ordering, exactly-once, prefixes, several watchers, cancel, compaction. */
export function registerWatchTests<S extends Store>(withStore: WithStore<S>, compact: ((store: S, revision: number) => Promise<void>) | undefined): void {
  it('a watch from a past revision replays each change once, in order, one batch per revision, then continues live', () => withStore(async (store) => {
    const p = uniquePrefix();
    const r1 = await put(store, `${p}a`, '1');
    const r2 = await put(store, `${p}b`, '1');
    const r3 = (await store.txn({ compare: [], success: [{ kind: 'delete', key: `${p}a` }] })).revision;
    const rec = record(store, p, r1, p);
    await rec.untilEvents(3);
    const r4 = await put(store, `${p}c`, '1');
    const r5 = (await store.txn({ compare: [], success: [{ kind: 'put', key: `${p}a`, value: '2' }, { kind: 'put', key: `${p}b`, value: '2' }] })).revision;
    await rec.untilEvents(6);
    // A sentinel: anything delivered twice would show up before it.
    const r6 = await put(store, `${p}z`, 'end');
    await rec.untilEvents(7);
    assert.deepEqual(rec.lines(), [`put a=1@${r1}`, `put b=1@${r2}`, `delete a=1@${r3}`, `put c=1@${r4}`, `put a=2@${r5}`, `put b=2@${r5}`, `put z=end@${r6}`]);
    assert.deepEqual(rec.batches.map((b) => b.map((e) => e.revision)), [[r1], [r2], [r3], [r4], [r5, r5], [r6]]);
    assert.deepEqual(rec.errors, []);
    await rec.watch.cancel();
  }));

  it('a watch from the middle of history starts at that revision', () => withStore(async (store) => {
    const p = uniquePrefix();
    await put(store, `${p}a`, '1');
    const r2 = await put(store, `${p}a`, '2');
    const r3 = await put(store, `${p}a`, '3');
    const rec = record(store, p, r2, p);
    await rec.untilEvents(2);
    const r4 = await put(store, `${p}a`, '4');
    await rec.untilEvents(3);
    assert.deepEqual(rec.lines(), [`put a=2@${r2}`, `put a=3@${r3}`, `put a=4@${r4}`]);
    await rec.watch.cancel();
  }));

  it('a watch from the listing revision + 1 sees exactly the changes after the listing', () => withStore(async (store) => {
    const p = uniquePrefix();
    await put(store, `${p}before`, 'x');
    const { revision } = await store.list(p);
    const rec = record(store, p, revision + 1, p);
    const r = await put(store, `${p}after`, 'y');
    await rec.untilEvents(1);
    assert.deepEqual(rec.lines(), [`put after=y@${r}`]);
    await rec.watch.cancel();
  }));

  it('callbacks never run inside the watch() call', () => withStore(async (store) => {
    const p = uniquePrefix();
    const r = await put(store, `${p}a`, '1');
    let hasReturned = false;
    let ranInside = false;
    let received = 0;
    const watch = store.watch(p, r, () => {
      ranInside ||= !hasReturned;
      received++;
    });
    hasReturned = true;
    await eventually('the replayed event', () => received === 1);
    assert.equal(ranInside, false);
    await watch.cancel();
  }));

  it('a watch sees only keys under its prefix', () => withStore(async (store) => {
    const p = uniquePrefix();
    const rec = record(store, `${p}in/`, (await currentRevision(store)) + 1, p);
    await put(store, `${p}out/x`, '1');
    await put(store, `${p}inx`, '1');
    const r = await put(store, `${p}in/x`, '1');
    await store.txn({ compare: [], success: [{ kind: 'put', key: `${p}out/y`, value: '2' }, { kind: 'put', key: `${p}in/y`, value: '2' }] });
    const end = await put(store, `${p}in/zz`, 'end');
    await rec.untilEvents(3);
    assert.deepEqual(rec.lines(), [`put in/x=1@${r}`, `put in/y=2@${r + 1}`, `put in/zz=end@${end}`]);
    await rec.watch.cancel();
  }));

  it('a delete event carries the last value, and a deletePrefix arrives as one batch', () => withStore(async (store) => {
    const p = uniquePrefix();
    await put(store, `${p}g/1`, 'one');
    await put(store, `${p}g/2`, 'two');
    await put(store, `${p}g/2`, 'two-b');
    const rec = record(store, p, (await currentRevision(store)) + 1, p);
    const r = (await store.txn({ compare: [], success: [{ kind: 'deletePrefix', prefix: `${p}g/` }] })).revision;
    await rec.untilEvents(2);
    assert.deepEqual(rec.batches.map((b) => b.length), [2]);
    assert.deepEqual(rec.lines(), [`delete g/1=one@${r}`, `delete g/2=two-b@${r}`]);
    await rec.watch.cancel();
  }));

  it('several watchers each receive every change', () => withStore(async (store) => {
    const p = uniquePrefix();
    const from = (await currentRevision(store)) + 1;
    const recs = [record(store, p, from, p), record(store, p, from, p), record(store, `${p}k`, from, p)];
    const expected: string[] = [];
    for (let i = 0; i < 5; i++) expected.push(`put k=${i}@${await put(store, `${p}k`, String(i))}`);
    for (const rec of recs) {
      await rec.untilEvents(5);
      assert.deepEqual(rec.lines(), expected);
      await rec.watch.cancel();
    }
  }));

  it('cancel stops delivery', () => withStore(async (store) => {
    const p = uniquePrefix();
    const from = (await currentRevision(store)) + 1;
    const cancelled = record(store, p, from, p);
    const witness = record(store, p, from, p);
    const r1 = await put(store, `${p}k`, '1');
    await cancelled.untilEvents(1);
    await cancelled.watch.cancel();
    await put(store, `${p}k`, '2');
    await put(store, `${p}k`, '3');
    await witness.untilEvents(3);
    await sleep(100); // a late delivery to the cancelled watch would have had its chance
    assert.deepEqual(cancelled.lines(), [`put k=1@${r1}`]);
    assert.deepEqual(cancelled.errors, []);
    await witness.watch.cancel();
  }));

  it('a watch from a compacted revision fails with CompactedError', { skip: compact === undefined ? 'this store cannot force compaction' : false }, () => withStore(async (store) => {
    const p = uniquePrefix();
    const revisions: number[] = [];
    for (let i = 1; i <= 5; i++) revisions.push(await put(store, `${p}k`, String(i)));
    const [r1, , , r4, r5] = revisions as [number, number, number, number, number];
    await compact?.(store, r4);
    const gone = record(store, p, r1, p);
    await eventually('CompactedError', () => gone.errors.length > 0);
    assert.ok(gone.errors[0] instanceof CompactedError, `got ${String(gone.errors[0])}`);
    assert.equal(gone.errors[0].requestedRevision, r1);
    assert.deepEqual(gone.events(), []);
    const kept = record(store, p, r4, p);
    await kept.untilEvents(2);
    assert.deepEqual(kept.lines(), [`put k=4@${r4}`, `put k=5@${r5}`]);
    await kept.watch.cancel();
  }));
}
