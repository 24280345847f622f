/**
 * Embedded store benchmark (not a test): txn throughput with fsync on and off, one writer at a time
 * and with many concurrent writers (group commit), and watch delivery latency. `run()` returns rows;
 * run directly (`node dist/bench/store.bench.js`) it prints them as a table.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { openEmbeddedStore, openMemoryStore } from '../src/store/index.js';
import type { Store } from '../src/store/index.js';

export interface BenchRow {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
}

const MEASURE_MS = 1000;
const CONCURRENT_WRITERS = 64;

/** Runs `writers` loops of single-put txns for about MEASURE_MS and returns txns per second. */
async function txnsPerSecond(store: Store, writers: number): Promise<number> {
  let count = 0;
  const start = performance.now();
  const until = start + MEASURE_MS;
  await Promise.all(Array.from({ length: writers }, async (_, w) => {
    for (let i = 0; performance.now() < until; i++) {
      await store.txn({ compare: [], success: [{ kind: 'put', key: `bench/${w}/${i % 100}`, value: String(i) }] });
      count++;
    }
  }));
  return count / ((performance.now() - start) / 1000);
}

/** Time from calling txn() to the watch callback receiving that revision, one txn at a time. */
async function watchLatencyUs(store: Store, samples: number): Promise<{ p50: number; p99: number }> {
  const latencies: number[] = [];
  let pending: { readonly startMs: number; readonly done: () => void } | undefined;
  const startRevision = (await store.list('latency/')).revision + 1;
  const watch = store.watch('latency/', startRevision, () => {
    if (pending === undefined) return;
    latencies.push((performance.now() - pending.startMs) * 1000);
    pending.done();
    pending = undefined;
  });
  for (let i = 0; i < samples; i++) {
    await new Promise<void>((resolve) => {
      pending = { startMs: performance.now(), done: resolve };
      void store.txn({ compare: [], success: [{ kind: 'put', key: 'latency/k', value: String(i) }] });
    });
  }
  await watch.cancel();
  latencies.sort((a, b) => a - b);
  const at = (q: number): number => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? NaN;
  return { p50: at(0.5), p99: at(0.99) };
}

async function withDiskStore<T>(fsync: boolean, fn: (store: Store) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'ferry-store-bench-'));
  const store = await openEmbeddedStore({ dir, fsync });
  try {
    return await fn(store);
  } finally {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  }
}

async function withMemoryStore<T>(fn: (store: Store) => Promise<T>): Promise<T> {
  const store = await openMemoryStore();
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

export async function run(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const stores: [string, <T>(fn: (store: Store) => Promise<T>) => Promise<T>][] = [
    ['fsync on', (fn) => withDiskStore(true, fn)],
    ['fsync off', (fn) => withDiskStore(false, fn)],
    ['memory', withMemoryStore],
  ];
  for (const [label, withStore] of stores) {
    rows.push({ name: `store txn, 1 writer (${label})`, value: await withStore((s) => txnsPerSecond(s, 1)), unit: 'txn/s' });
    rows.push({ name: `store txn, ${CONCURRENT_WRITERS} writers (${label})`, value: await withStore((s) => txnsPerSecond(s, CONCURRENT_WRITERS)), unit: 'txn/s' });
    const latency = await withStore((s) => watchLatencyUs(s, 300));
    rows.push({ name: `store watch latency p50 (${label})`, value: latency.p50, unit: 'µs' });
    rows.push({ name: `store watch latency p99 (${label})`, value: latency.p99, unit: 'µs' });
  }
  return rows;
}

function printTable(rows: readonly BenchRow[]): void {
  const nameWidth = Math.max(...rows.map((r) => r.name.length));
  const values = rows.map((r) => r.value.toFixed(r.value < 100 ? 1 : 0));
  const valueWidth = Math.max(...values.map((v) => v.length));
  rows.forEach((r, i) => console.log(`${r.name.padEnd(nameWidth)}  ${(values[i] as string).padStart(valueWidth)} ${r.unit}`));
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  printTable(await run());
}
