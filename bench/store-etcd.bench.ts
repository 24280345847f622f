import { pathToFileURL } from 'node:url';
import { openEtcdStore } from '../src/store/etcd/index.js';
import type { EtcdStore } from '../src/store/etcd/index.js';
import { startEtcdCluster } from '../test/support/etcd/etcd-cluster.js';

/**
 * The etcd store against a local single-member etcd (Debian's etcd-server, data on the OS temp
 * directory, so every txn waits for etcd's fsync): latency of one compare-and-swap txn at a time, and
 * throughput with 16 txns in flight. Numbers depend on the disk; compare runs on one machine only.
 */
export interface BenchRow {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
}

const SEQUENTIAL_TXNS = 500;
const CONCURRENT_TXNS = 3000;
const CONCURRENCY = 16;

export async function run(): Promise<BenchRow[]> {
  const cluster = await startEtcdCluster();
  const store = await openEtcdStore({ endpoints: cluster.endpoints, prefix: '/bench' });
  try {
    for (let i = 0; i < 50; i++) await casPut(store, '/warmup');
    const latenciesMs: number[] = [];
    for (let i = 0; i < SEQUENTIAL_TXNS; i++) latenciesMs.push(await casPut(store, '/seq'));
    const getMs: number[] = [];
    for (let i = 0; i < 200; i++) {
      const t0 = performance.now();
      await store.get('/seq');
      getMs.push(performance.now() - t0);
    }
    let next = 0;
    const t0 = performance.now();
    await Promise.all(Array.from({ length: CONCURRENCY }, async (_, w) => {
      while (next < CONCURRENT_TXNS) {
        next++;
        await store.txn({ compare: [], success: [{ kind: 'put', key: `/par/${w}`, value: String(next) }] });
      }
    }));
    const elapsedS = (performance.now() - t0) / 1000;
    latenciesMs.sort((a, b) => a - b);
    getMs.sort((a, b) => a - b);
    return [
      { name: 'CAS txn latency p50 (1 in flight)', value: percentile(latenciesMs, 0.5), unit: 'ms' },
      { name: 'CAS txn latency p99 (1 in flight)', value: percentile(latenciesMs, 0.99), unit: 'ms' },
      { name: 'CAS txns/s (1 in flight, txn time only)', value: SEQUENTIAL_TXNS / (latenciesMs.reduce((a, b) => a + b, 0) / 1000), unit: 'txn/s' },
      { name: `put txns/s (${CONCURRENCY} in flight)`, value: CONCURRENT_TXNS / elapsedS, unit: 'txn/s' },
      { name: 'linearizable get p50', value: percentile(getMs, 0.5), unit: 'ms' },
    ];
  } finally {
    await store.close();
    await cluster.stop();
  }
}

/** A read-modify-write as the RGM does it: read the key, write it guarded by its modRevision. Returns the txn's ms. */
async function casPut(store: EtcdStore, key: string): Promise<number> {
  const kv = await store.get(key);
  const t0 = performance.now();
  const r = await store.txn({ compare: [{ key, target: 'modRevision', op: '=', value: kv?.modRevision ?? 0 }], success: [{ kind: 'put', key, value: String(Number(kv?.value ?? 0) + 1) }] });
  const ms = performance.now() - t0;
  if (!r.succeeded) throw new Error(`${key} changed under the benchmark`);
  return ms;
}

function percentile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const rows = await run();
  const width = Math.max(...rows.map((r) => r.name.length));
  for (const r of rows) console.log(`${r.name.padEnd(width)}  ${r.value.toFixed(2).padStart(9)} ${r.unit}`);
}
