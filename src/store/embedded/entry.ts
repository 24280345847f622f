import type { KeyValue, LeaseId } from '../store.js';

/** One key mutation of an entry; a put carries the complete resulting key, so replay is a plain set. */
export type Change =
  | { readonly kind: 'put'; readonly kv: KeyValue }
  | { readonly kind: 'delete'; readonly key: string };

/**
 * One state-machine step: what a txn, a lease grant or a lease revoke/expiry did. Entries are the
 * write-ahead log records; applying them in `seq` order to an empty keyspace (or to a snapshot taken
 * after `seq` n, starting at n + 1) rebuilds the store exactly.
 */
export interface Entry {
  /** Position in the log: the previous entry's seq + 1. Every entry has one, writing keys or not. */
  readonly seq: number;
  /** Store revision after the entry: the previous revision + 1 when `changes` is non-empty, else unchanged. */
  readonly revision: number;
  readonly changes: readonly Change[];
  readonly leaseGranted?: { readonly id: LeaseId; readonly ttlMs: number };
  /** A lease revoked or expired; its keys are deleted by `changes` of the same entry. */
  readonly leaseRemoved?: LeaseId;
}
