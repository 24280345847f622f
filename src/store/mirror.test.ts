import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { openMemoryStore } from './embedded/open.js';
import { StoreMirror } from './mirror.js';

describe('StoreMirror', () => {
  it('holds what the store holds, as of one revision, with create revisions and versions', async () => {
    const store = await openMemoryStore();
    await store.txn({ compare: [], success: [{ kind: 'put', key: '/f/a', value: '1' }] });
    const mirror = new StoreMirror(store, '/f/', { skip: ['/f/events/'] });
    await mirror.start();
    try {
      const first = await store.txn({ compare: [], success: [{ kind: 'put', key: '/f/a', value: '2' }, { kind: 'put', key: '/f/b', value: 'x' }, { kind: 'put', key: '/f/events/1', value: 'e' }] });
      await mirror.caughtUp(first.revision);
      assert.equal(mirror.revision, first.revision);
      const want = await store.get('/f/a');
      assert.deepEqual({ ...mirror.get('/f/a') }, { key: '/f/a', value: '2', createRevision: want?.createRevision, modRevision: want?.modRevision, version: want?.version });
      assert.equal(mirror.get('/f/events/1'), undefined, 'skipped prefixes are not kept');
      const second = await store.txn({ compare: [], success: [{ kind: 'delete', key: '/f/b' }] });
      await mirror.caughtUp(second.revision);
      assert.deepEqual(mirror.list('/f/').map((kv) => kv.key), ['/f/a']);
    } finally {
      await mirror.stop();
      await store.close();
    }
  });

  it('changes versionOf(prefix) only when a key under the prefix changes', async () => {
    const store = await openMemoryStore();
    const mirror = new StoreMirror(store, '/f/');
    await mirror.start();
    try {
      const before = mirror.versionOf('/f/config/');
      const other = await store.txn({ compare: [], success: [{ kind: 'put', key: '/f/status', value: 's' }] });
      await mirror.caughtUp(other.revision);
      assert.equal(mirror.versionOf('/f/config/'), before);
      const config = await store.txn({ compare: [], success: [{ kind: 'put', key: '/f/config/meta', value: 'm' }] });
      await mirror.caughtUp(config.revision);
      assert.notEqual(mirror.versionOf('/f/config/'), before);
    } finally {
      await mirror.stop();
      await store.close();
    }
  });

  it('lists again when its watch fails, and tells its owner', async () => {
    const store = await openMemoryStore();
    let relisted = 0;
    const mirror = new StoreMirror(store, '/f/', { retryMs: 10, onChange: (batch) => { if (batch.length === 0) relisted++; } });
    await mirror.start();
    try {
      // Closing the watch from the store side (as a compaction or a lost connection would) ...
      const hidden = mirror as unknown as { watch: { cancel(): Promise<void> }; restart(err: Error): Promise<void> };
      await hidden.watch.cancel();
      await store.txn({ compare: [], success: [{ kind: 'put', key: '/f/missed', value: 'm' }] });
      await hidden.restart(new Error('watch lost'));
      assert.equal(mirror.get('/f/missed')?.value, 'm', 'a change made while the watch was down is found by the listing');
      assert.equal(relisted, 1);
    } finally {
      await mirror.stop();
      await store.close();
    }
  });

  it('lists again when a write it waits for does not arrive in time (a watch gone silent)', async () => {
    const store = await openMemoryStore();
    const mirror = new StoreMirror(store, '/f/');
    await mirror.start();
    try {
      await (mirror as unknown as { watch: { cancel(): Promise<void> } }).watch.cancel();
      const w = await store.txn({ compare: [], success: [{ kind: 'put', key: '/f/late', value: 'l' }] });
      await mirror.caughtUpWithin(w.revision, 50);
      assert.equal(mirror.get('/f/late')?.value, 'l');
      assert.ok(mirror.revision >= w.revision);
    } finally {
      await mirror.stop();
      await store.close();
    }
  });

  it('releases callers waiting for a revision when it stops', async () => {
    const store = await openMemoryStore();
    const mirror = new StoreMirror(store, '/f/');
    await mirror.start();
    const waiting = mirror.caughtUp(mirror.revision + 100);
    await mirror.stop();
    await waiting;
    await store.close();
  });
});
