import { setTimeout as sleep } from 'node:timers/promises';
import type { Store } from '../../../src/store/store.js';

export interface Written {
  readonly key: string;
  readonly value: string;
  readonly revision: number;
}

/**
 * Writes `count` new keys `<prefix>k0000…` one after the other, riding out member restarts and
 * failovers, and returns exactly what was written at which revision, in revision order. Each key is
 * create-only (compare createRevision = 0), so a write whose outcome was unknown (the call failed
 * after etcd may have applied it) is settled by reading the key back: nothing is written twice and
 * nothing written goes unrecorded.
 */
export async function writeDistinctKeys(store: Store, prefix: string, count: number, pauseMs = 10, giveUpMs = 30_000): Promise<Written[]> {
  const written: Written[] = [];
  for (let i = 0; i < count; i++) {
    const key = `${prefix}k${String(i).padStart(4, '0')}`;
    const value = `v${i}`;
    const deadline = Date.now() + giveUpMs;
    for (;;) {
      try {
        const r = await store.txn({ compare: [{ key, target: 'createRevision', op: '=', value: 0 }], success: [{ kind: 'put', key, value }] });
        if (r.succeeded) {
          written.push({ key, value, revision: r.revision });
        } else {
          const kv = await store.get(key);
          if (kv === undefined) throw new Error(`${key} neither created nor present`);
          written.push({ key, value: kv.value, revision: kv.modRevision });
        }
        break;
      } catch (err) {
        if (Date.now() > deadline) throw err;
        await sleep(50);
      }
    }
    await sleep(pauseMs);
  }
  return written;
}
