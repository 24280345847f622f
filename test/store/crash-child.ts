/**
 * A child process for the persistence tests (not a test itself). Usage:
 *   node crash-child.js write DIR   open the store, grant a lease, then write forever from 4
 *                                   concurrent writers, printing `ack WRITER N REVISION` for every
 *                                   txn that resolved; the test kills it with SIGKILL mid-stream
 *   node crash-child.js hold DIR    open the store, print `ready`, and wait to be killed
 * Each write txn puts `k/WRITER/N` and `last/WRITER` = N together, so a reopened store is consistent
 * only if every txn is there whole or not at all. Writers resume after what the directory holds.
 */
import { openEmbeddedStore } from '../../src/store/index.js';
import type { Store } from '../../src/store/index.js';

const WRITERS = 4;

async function write(store: Store): Promise<never> {
  const lease = await store.grantLease(60_000);
  const leased = await store.txn({ compare: [], success: [{ kind: 'put', key: `lease/${lease}`, value: 'held', lease }] });
  process.stdout.write(`lease ${lease} ${leased.revision}\n`);
  const writer = async (w: number): Promise<never> => {
    let n = Number((await store.get(`last/${w}`))?.value ?? '0');
    for (;;) {
      n++;
      const r = await store.txn({ compare: [], success: [{ kind: 'put', key: `k/${w}/${n}`, value: String(n) }, { kind: 'put', key: `last/${w}`, value: String(n) }] });
      process.stdout.write(`ack ${w} ${n} ${r.revision}\n`);
    }
  };
  return Promise.race(Array.from({ length: WRITERS }, (_, w) => writer(w)));
}

async function main(): Promise<void> {
  const [mode, dir] = process.argv.slice(2);
  if (mode === undefined && process.env['NODE_TEST_CONTEXT'] !== undefined) return; // picked up by `node --test dist/test`
  if ((mode !== 'write' && mode !== 'hold') || dir === undefined) {
    process.stderr.write('usage: crash-child.js write|hold DIR\n');
    process.exitCode = 2;
    return;
  }
  const store = await openEmbeddedStore({ dir, snapshotEvery: 25 });
  if (mode === 'hold') {
    process.stdout.write('ready\n');
    setInterval(() => undefined, 60_000); // the store keeps no timer alive; wait for the kill
    return;
  }
  await write(store);
}

main().catch((err: unknown) => {
  process.stderr.write(`crash-child: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
