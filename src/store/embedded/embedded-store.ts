import { LeaseNotFoundError, StoreClosedError } from '../store.js';
import type { KeyValue, LeaseId, ListResult, Store, Txn, TxnResult, Watch, WatchEvent } from '../store.js';
import { deferred } from './deferred.js';
import type { Deferred } from './deferred.js';
import type { Entry } from './entry.js';
import type { WatchHistory } from './history.js';
import type { Journal } from './journal.js';
import { compareKeys } from './key-order.js';
import type { Keyspace } from './keyspace.js';
import { LeaseClock, StallFreeClock } from './lease-clock.js';
import { evaluateTxn } from './txn-eval.js';
import { Watcher } from './watcher.js';

/** The embedded store: the `Store` port plus what only an in-process store can offer. */
export interface EmbeddedStore extends Store {
  /** The data directory, or undefined for a memory store. */
  readonly dir: string | undefined;
  /**
   * Forgets watch history before `revision` (capped at the current revision), as etcd's compaction
   * does: a later watch from an earlier revision fails with `CompactedError`; a watch from `revision`
   * still works. Keys are not affected.
   */
  compact(revision: number): Promise<void>;
}

type Work =
  | { readonly kind: 'txn'; readonly txn: Txn; readonly done: Deferred<TxnResult> }
  | { readonly kind: 'grant'; readonly ttlMs: number; readonly done: Deferred<LeaseId> }
  /** Without `done` it is an expiry, which finds the lease gone if it was revoked meanwhile. */
  | { readonly kind: 'revoke'; readonly lease: LeaseId; readonly done?: Deferred<void> };

/**
 * One commit loop owns every change: it takes all queued work as a batch, evaluates and applies each
 * item in order (so a txn sees the ones before it), makes the batch durable with one journal append
 * (group commit), then publishes: watch events, txn results, and the reads that waited. Reads never
 * see a write before it is durable: while a batch is unpublished they wait for it.
 */
export class EmbeddedStoreImpl implements EmbeddedStore {
  private readonly queue: Work[] = [];
  /** The batch being committed; rejected as a whole if the commit fails. */
  private inFlight: Work[] = [];
  private readonly waitingReads: (() => void)[] = [];
  private readonly idleWaiters: (() => void)[] = [];
  private readonly watchers = new Set<Watcher>();
  private readonly clock: LeaseClock;
  private readonly stallFree = new StallFreeClock();
  private isCommitting = false;
  private hasUnpublished = false;
  private publishedRevision: number;
  private failure: Error | undefined;
  private isClosed = false;
  private closing: Promise<void> | undefined;

  constructor(
    private readonly ks: Keyspace,
    private readonly history: WatchHistory,
    private readonly journal: Journal,
    readonly dir: string | undefined,
  ) {
    this.publishedRevision = ks.revision;
    // Lease holders of the embedded store share its process: a stall of the process is not their failure.
    this.clock = new LeaseClock((lease) => this.enqueue({ kind: 'revoke', lease }), this.stallFree.now);
    // After a restart every lease gets its full TTL again: its holder must resume keep-alives.
    for (const id of ks.leaseIds()) this.clock.start(id, ks.lease(id)?.ttlMs ?? 0);
  }

  get(key: string): Promise<KeyValue | undefined> {
    return this.read(() => this.ks.get(key));
  }

  list(prefix: string): Promise<ListResult> {
    return this.read(() => ({ items: this.ks.list(prefix), revision: this.ks.revision }));
  }

  txn(txn: Txn): Promise<TxnResult> {
    return this.submit<TxnResult>((done) => ({ kind: 'txn', txn, done }));
  }

  grantLease(ttlMs: number): Promise<LeaseId> {
    if (!Number.isFinite(ttlMs) || ttlMs <= 0) return Promise.reject(new RangeError(`lease TTL must be a positive number of ms, got ${ttlMs}`));
    return this.submit<LeaseId>((done) => ({ kind: 'grant', ttlMs: Math.ceil(ttlMs), done }));
  }

  keepAlive(lease: LeaseId): Promise<{ readonly ttlMs: number }> {
    return this.read(() => {
      const ttlMs = this.ks.lease(lease) === undefined ? undefined : this.clock.renew(lease);
      if (ttlMs === undefined) throw new LeaseNotFoundError(lease);
      return { ttlMs };
    });
  }

  revokeLease(lease: LeaseId): Promise<void> {
    return this.submit<void>((done) => ({ kind: 'revoke', lease, done }));
  }

  /** `fromRevision` ≤ 0 means "from the next revision" (etcd's meaning of 0). */
  watch(prefix: string, fromRevision: number, onEvents: (events: readonly WatchEvent[]) => void, onError?: (err: Error) => void): Watch {
    const from = fromRevision > 0 ? fromRevision : this.publishedRevision + 1;
    const watcher = new Watcher(prefix, from, onEvents, onError, (w) => this.watchers.delete(w));
    const unavailable = this.unavailable();
    if (unavailable !== undefined) {
      watcher.fail(unavailable);
      return watcher;
    }
    try {
      for (const r of this.history.since(from, prefix)) watcher.offer(r);
    } catch (err) {
      watcher.fail(err as Error);
      return watcher;
    }
    this.watchers.add(watcher);
    return watcher;
  }

  compact(revision: number): Promise<void> {
    return this.read(() => this.history.compact(Math.min(revision - 1, this.publishedRevision)));
  }

  close(): Promise<void> {
    this.closing ??= this.shutdown();
    return this.closing;
  }

  private async shutdown(): Promise<void> {
    this.isClosed = true;
    if (this.isCommitting) await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
    this.clock.stop();
    this.stallFree.stop();
    for (const w of this.watchers) w.fail(new StoreClosedError());
    this.watchers.clear();
    await this.journal.close();
  }

  private unavailable(): Error | undefined {
    return this.failure ?? (this.isClosed ? new StoreClosedError() : undefined);
  }

  /** Runs `fn` against published (durable) state: now, or after the batch being made durable. */
  private read<T>(fn: () => T): Promise<T> {
    const unavailable = this.unavailable();
    if (unavailable !== undefined) return Promise.reject(unavailable);
    return new Promise<T>((resolve, reject) => {
      const run = (): void => {
        const failed = this.failure;
        if (failed !== undefined) return reject(failed);
        try {
          resolve(fn());
        } catch (err) {
          reject(err);
        }
      };
      if (this.hasUnpublished) this.waitingReads.push(run);
      else run();
    });
  }

  private submit<T>(make: (done: Deferred<T>) => Work): Promise<T> {
    const unavailable = this.unavailable();
    if (unavailable !== undefined) return Promise.reject(unavailable);
    const done = deferred<T>();
    this.enqueue(make(done));
    return done.promise;
  }

  private enqueue(work: Work): void {
    if (this.isClosed && work.done === undefined) return; // a lease expiring during close: restart re-grants it
    this.queue.push(work);
    if (!this.isCommitting) void this.commitLoop();
  }

  private async commitLoop(): Promise<void> {
    this.isCommitting = true;
    try {
      while (this.queue.length > 0 && this.failure === undefined) {
        const batch = this.queue.splice(0);
        this.inFlight = batch;
        const entries: Entry[] = [];
        const published: { revision: number; events: WatchEvent[] }[] = [];
        const settles: (() => void)[] = [];
        for (const work of batch) {
          let prepared: { entry?: Entry; settle: () => void };
          try {
            prepared = this.prepare(work);
          } catch (err) {
            work.done?.reject(err);
            continue;
          }
          if (prepared.entry !== undefined) {
            this.hasUnpublished = true;
            const events = this.ks.apply(prepared.entry);
            entries.push(prepared.entry);
            if (events.length > 0) published.push({ revision: prepared.entry.revision, events });
          }
          settles.push(prepared.settle);
        }
        if (entries.length > 0) await this.journal.append(entries);
        for (const r of published) {
          this.history.push(r.revision, r.events);
          for (const w of this.watchers) w.offer(r);
        }
        this.publishedRevision = this.ks.revision;
        this.hasUnpublished = false;
        for (const settle of settles) settle();
        this.inFlight = [];
        this.waitingReads.splice(0).forEach((run) => run());
        await this.journal.afterCommit(this.ks);
      }
    } catch (err) {
      this.fail(err as Error);
    } finally {
      this.isCommitting = false;
      this.idleWaiters.splice(0).forEach((resolve) => resolve());
    }
  }

  /**
   * The journal or the state machine failed: memory may now be ahead of disk, so the store stops.
   * Everything pending is rejected with the cause; reopening recovers from the data directory.
   */
  private fail(err: Error): void {
    this.failure ??= err;
    this.hasUnpublished = false;
    for (const work of [...this.inFlight, ...this.queue.splice(0)]) work.done?.reject(err);
    this.inFlight = [];
    this.waitingReads.splice(0).forEach((run) => run());
    for (const w of this.watchers) w.fail(err);
    this.watchers.clear();
  }

  /** Evaluates one work item against the current keyspace; throws if it is refused. */
  private prepare(work: Work): { entry?: Entry; settle: () => void } {
    const seq = this.ks.seq + 1;
    const revision = this.ks.revision;
    switch (work.kind) {
      case 'txn': {
        const outcome = evaluateTxn(this.ks, work.txn, (lease) => this.ks.lease(lease) !== undefined && this.clock.isLive(lease));
        if (outcome.changes.length === 0) return { settle: () => work.done.resolve({ succeeded: outcome.succeeded, revision }) };
        const entry: Entry = { seq, revision: revision + 1, changes: outcome.changes };
        return { entry, settle: () => work.done.resolve({ succeeded: outcome.succeeded, revision: entry.revision }) };
      }
      case 'grant': {
        const id = this.ks.nextLeaseId;
        return {
          entry: { seq, revision, changes: [], leaseGranted: { id, ttlMs: work.ttlMs } },
          settle: () => {
            this.clock.start(id, work.ttlMs);
            work.done.resolve(id);
          },
        };
      }
      case 'revoke': {
        const lease = this.ks.lease(work.lease);
        if (lease === undefined) {
          if (work.done === undefined) return { settle: () => undefined };
          throw new LeaseNotFoundError(work.lease);
        }
        const keys = [...lease.keys].sort(compareKeys);
        return {
          entry: { seq, revision: revision + (keys.length > 0 ? 1 : 0), changes: keys.map((key) => ({ kind: 'delete', key })), leaseRemoved: work.lease },
          settle: () => {
            this.clock.forget(work.lease);
            work.done?.resolve();
          },
        };
      }
    }
  }
}
