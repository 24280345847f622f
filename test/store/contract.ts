import { describe } from 'node:test';
import type { Store } from '../../src/store/index.js';
import { registerKeyTests } from './contract-keys.js';
import { registerLeaseTests } from './contract-leases.js';
import { registerWatchTests } from './contract-watch.js';

/** A store under test and how to dispose of it. */
export interface StoreHandle<S extends Store = Store> {
  readonly store: S;
  close(): Promise<void>;
}

export interface StoreContractOptions<S extends Store> {
  /**
   * Makes every revision before `revision` unavailable to watches (etcd's compaction). Omit it if
   * the implementation cannot force compaction; the compaction test is then skipped.
   */
  readonly compact?: (store: S, revision: number) => Promise<void>;
}

/** What each group of contract tests gets: a fresh store per test, released afterwards. */
export type WithStore<S extends Store> = (fn: (store: S) => Promise<void>) => Promise<void>;

/**
 * Registers `node:test` tests for every guarantee stated in src/store/store.ts, run against stores
 * from `open` (a fresh one per test). Uses only the `Store` port, unique key prefixes and relative
 * revisions, so the same suite runs against the embedded store and against a shared etcd.
 */
export function runStoreContract<S extends Store>(name: string, open: () => Promise<StoreHandle<S>>, options: StoreContractOptions<S> = {}): void {
  const withStore: WithStore<S> = async (fn) => {
    const handle = await open();
    try {
      await fn(handle.store);
    } finally {
      await handle.close();
    }
  };
  describe(`Store contract: ${name}`, () => {
    describe('keys, revisions and txns', () => registerKeyTests(withStore));
    describe('watch', () => registerWatchTests(withStore, options.compact));
    describe('leases', () => registerLeaseTests(withStore));
  });
}
