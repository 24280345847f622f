/**
 * The Store port: the cluster's bus for configuration, membership, intents, status and events.
 * Shaped after etcd v3 so that the embedded store and the etcd store are interchangeable and pass
 * the same contract suite (test/store/contract.ts).
 *
 * Guarantees every implementation gives:
 * - One totally ordered revision counter for the whole keyspace; every successful txn that writes
 *   anything increments it by exactly one, and all its writes carry that revision (`modRevision`).
 * - `txn` is atomic: either every compare holds and every success op is applied, or the failure ops
 *   are applied (none by default). Nothing is half-applied.
 * - A txn that resolved (returned) is durable: after a crash (`kill -9`) and reopen it is still there.
 * - `watch(prefix, fromRevision)` delivers every change with revision ≥ fromRevision to keys under
 *   prefix, in revision order, exactly once, then live changes; if fromRevision was compacted away
 *   the watch fails with `CompactedError` instead of silently skipping.
 * - Keys written with a lease are deleted (as one revision) when the lease expires or is revoked.
 */
export type LeaseId = string;

export interface KeyValue {
  readonly key: string;
  readonly value: string;
  /** Revision of the txn that created the key (since its last deletion). */
  readonly createRevision: number;
  /** Revision of the txn that last wrote the key. */
  readonly modRevision: number;
  /** Number of writes since creation (1 after create). */
  readonly version: number;
  readonly lease?: LeaseId;
}

export type Compare =
  | { readonly key: string; readonly target: 'modRevision' | 'createRevision' | 'version'; readonly op: '=' | '!=' | '<' | '>'; readonly value: number }
  | { readonly key: string; readonly target: 'value'; readonly op: '=' | '!='; readonly value: string };

export type Op =
  | { readonly kind: 'put'; readonly key: string; readonly value: string; readonly lease?: LeaseId }
  | { readonly kind: 'delete'; readonly key: string }
  | { readonly kind: 'deletePrefix'; readonly prefix: string };

export interface Txn {
  /**
   * All must hold for `success` to run. A missing key has createRevision/modRevision/version 0 and no
   * value: a `value` compare on a missing key is false for both `=` and `!=` (as in etcd).
   */
  readonly compare: readonly Compare[];
  readonly success: readonly Op[];
  readonly failure?: readonly Op[];
}

export interface TxnResult {
  readonly succeeded: boolean;
  /** Store revision after the txn (unchanged if it wrote nothing). */
  readonly revision: number;
}

export interface WatchEvent {
  readonly kind: 'put' | 'delete';
  readonly key: string;
  /** The new value for put; the last value for delete. */
  readonly value: string;
  readonly revision: number;
}

export interface Watch {
  /** Stops delivery; no callback runs after the returned promise resolves. */
  cancel(): Promise<void>;
}

export interface ListResult {
  readonly items: readonly KeyValue[];
  /** The store revision the listing was read at; watch from `revision + 1` to continue. */
  readonly revision: number;
}

export interface Store {
  get(key: string): Promise<KeyValue | undefined>;
  /** Every key starting with `prefix`, sorted by key, read at one revision. */
  list(prefix: string): Promise<ListResult>;
  txn(txn: Txn): Promise<TxnResult>;
  /**
   * Calls `onEvents` with batches of events (one batch per revision, in order) for keys under prefix,
   * starting at `fromRevision`. `onError` receives `CompactedError` or a transport error; after an
   * error the watch is over and the caller re-lists and re-watches. Callbacks never run synchronously
   * inside `watch()`.
   */
  watch(prefix: string, fromRevision: number, onEvents: (events: readonly WatchEvent[]) => void, onError?: (err: Error) => void): Watch;
  /** Grants a lease that expires `ttlMs` after its last keep-alive. */
  grantLease(ttlMs: number): Promise<LeaseId>;
  /** Renews the lease; rejects with `LeaseNotFoundError` if it already expired. Returns the TTL granted. */
  keepAlive(lease: LeaseId): Promise<{ readonly ttlMs: number }>;
  revokeLease(lease: LeaseId): Promise<void>;
  close(): Promise<void>;
}

/**
 * The watch asked for revisions no longer kept. `compactRevision` is etcd's CompactRevision: the oldest
 * revision still available, so a watch from `compactRevision` works and anything earlier is gone.
 */
export class CompactedError extends Error {
  constructor(readonly requestedRevision: number, readonly compactRevision: number) {
    super(`watch from revision ${requestedRevision} is no longer available (compacted; the oldest revision kept is ${compactRevision})`);
    this.name = 'CompactedError';
  }
}

export class LeaseNotFoundError extends Error {
  constructor(readonly lease: LeaseId) {
    super(`lease ${lease} not found or expired`);
    this.name = 'LeaseNotFoundError';
  }
}

/** The store was closed: the operation was not applied. Watches still open at close receive it. */
export class StoreClosedError extends Error {
  constructor() {
    super('store is closed');
    this.name = 'StoreClosedError';
  }
}

/**
 * The txn is malformed and was not applied: an empty key, a non-string value, or (as in etcd) the same
 * key written twice by one branch (two puts, or a put inside a delete / deletePrefix of that branch).
 */
export class InvalidTxnError extends Error {
  constructor(readonly reason: string) {
    super(`invalid txn: ${reason}`);
    this.name = 'InvalidTxnError';
  }
}
