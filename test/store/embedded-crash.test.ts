import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { openEmbeddedStore } from '../../src/store/index.js';
import type { Store } from '../../src/store/index.js';
import { spawnChild } from './child.js';
import { tempDir } from './temp-dir.js';

/** What the killed writers acknowledged, from their stdout. */
interface Acknowledged {
  /** Writer → the highest N acknowledged. */
  readonly lastByWriter: Map<number, number>;
  maxRevision: number;
  readonly leases: string[];
}

function readAcks(lines: readonly string[], into: Acknowledged): number {
  let acks = 0;
  for (const line of lines) {
    const [word, a, b, c] = line.split(' ');
    if (word === 'ack') {
      acks++;
      into.lastByWriter.set(Number(a), Math.max(into.lastByWriter.get(Number(a)) ?? 0, Number(b)));
      into.maxRevision = Math.max(into.maxRevision, Number(c));
    } else if (word === 'lease' && a !== undefined) {
      into.leases.push(a);
      into.maxRevision = Math.max(into.maxRevision, Number(b));
    }
  }
  return acks;
}

/** Every acknowledged write is there, every txn is whole, and the revision counts exactly the txns present. */
async function assertConsistent(store: Store, acked: Acknowledged): Promise<void> {
  const keys = await store.list('k/');
  const byWriter = new Map<number, number[]>();
  for (const kv of keys.items) {
    const [, w, n] = kv.key.split('/');
    assert.equal(kv.value, n);
    byWriter.set(Number(w), [...(byWriter.get(Number(w)) ?? []), Number(n)]);
  }
  for (const [w, ackedN] of acked.lastByWriter) {
    const last = await store.get(`last/${w}`);
    assert.ok(last, `last/${w} exists`);
    const lastN = Number(last.value);
    assert.ok(lastN >= ackedN, `writer ${w}: acknowledged ${ackedN}, store has ${lastN}`);
    const ns = (byWriter.get(w) ?? []).sort((x, y) => x - y);
    assert.deepEqual(ns, Array.from({ length: lastN }, (_, i) => i + 1), `writer ${w}: k/${w}/1..${lastN} and nothing after`);
    assert.equal((await store.get(`k/${w}/${lastN}`))?.modRevision, last.modRevision, `writer ${w}: the last txn is whole`);
  }
  const leaseKeys = await store.list('lease/');
  assert.equal(keys.revision, keys.items.length + leaseKeys.items.length, 'one revision per txn present, no more, no less');
  assert.ok(keys.revision >= acked.maxRevision, `revision ${keys.revision} ≥ acknowledged ${acked.maxRevision}`);
  for (const lease of acked.leases) {
    assert.equal((await store.get(`lease/${lease}`))?.lease, lease, `lease ${lease} and its key survived`);
    assert.deepEqual(await store.keepAlive(lease), { ttlMs: 60_000 });
  }
}

describe('embedded store crash safety', () => {
  it('every acknowledged txn survives kill -9, across repeated crashes, snapshots and restarts', async () => {
    const dir = await tempDir('crash');
    const acked: Acknowledged = { lastByWriter: new Map(), maxRevision: 0, leases: [] };
    const warnings: string[] = [];
    try {
      for (const killAfterAcks of [40, 250, 120]) {
        const child = spawnChild('write', dir.path);
        await child.until(`${killAfterAcks} acknowledgements`, (lines) => lines.filter((l) => l.startsWith('ack ')).length >= killAfterAcks);
        const exit = await child.kill9();
        assert.equal(exit.signal, 'SIGKILL');
        assert.ok(readAcks(child.lines, acked) >= killAfterAcks);
        const store = await openEmbeddedStore({ dir: dir.path, logger: (level, message) => level === 'warn' && warnings.push(message) });
        try {
          await assertConsistent(store, acked);
        } finally {
          await store.close();
        }
      }
      // A killed write may leave a torn record; nothing else is worth a warning.
      assert.ok(warnings.every((w) => /dropped \d+ bytes after the last intact record/.test(w)), warnings.join('\n'));
    } finally {
      await dir.remove();
    }
  });
});
