import type { KeyValue, LeaseId, WatchEvent } from '../store.js';
import type { Entry } from './entry.js';
import { SortedKeys } from './sorted-keys.js';

/** A lease as persisted: the TTL it was granted with and the keys attached to it. */
export interface LeaseState {
  readonly ttlMs: number;
  readonly keys: Set<string>;
}

/** The state persisted in a snapshot (see snapshot.ts for the file format). */
export interface KeyspaceImage {
  readonly seq: number;
  readonly revision: number;
  readonly nextLeaseId: number;
  readonly keys: readonly KeyValue[];
  readonly leases: readonly { readonly id: LeaseId; readonly ttlMs: number }[];
}

/** An entry that does not follow the keyspace it is applied to: a corrupt log, or a bug. */
export class EntryMismatchError extends Error {
  constructor(readonly seq: number, reason: string) {
    super(`log entry ${seq} does not apply: ${reason}`);
    this.name = 'EntryMismatchError';
  }
}

/**
 * The deterministic state machine behind the embedded store: keys with their revisions, leases with
 * their attached keys, the revision counter and the log position. It knows nothing of time, files or
 * watchers; `apply` is the only way it changes.
 */
export class Keyspace {
  private revisionValue = 0;
  private seqValue = 0;
  private nextLease = 1;
  private readonly kvs = new Map<string, KeyValue>();
  private readonly index = new SortedKeys();
  private readonly leaseTable = new Map<LeaseId, LeaseState>();

  get revision(): number {
    return this.revisionValue;
  }

  /** Seq of the last applied entry. */
  get seq(): number {
    return this.seqValue;
  }

  /** The id the next granted lease gets; ids are never reused within one data directory. */
  get nextLeaseId(): LeaseId {
    return String(this.nextLease);
  }

  get(key: string): KeyValue | undefined {
    return this.kvs.get(key);
  }

  /** Keys under `prefix` in etcd byte order. */
  keysWithPrefix(prefix: string): string[] {
    return this.index.withPrefix(prefix);
  }

  list(prefix: string): KeyValue[] {
    return this.index.withPrefix(prefix).map((key) => this.kvs.get(key) as KeyValue);
  }

  lease(id: LeaseId): LeaseState | undefined {
    return this.leaseTable.get(id);
  }

  leaseIds(): LeaseId[] {
    return [...this.leaseTable.keys()];
  }

  /** Applies the next entry and returns the watch events it produced (empty if it wrote no key). */
  apply(entry: Entry): WatchEvent[] {
    if (entry.seq !== this.seqValue + 1) throw new EntryMismatchError(entry.seq, `expected seq ${this.seqValue + 1}`);
    const revision = this.revisionValue + (entry.changes.length > 0 ? 1 : 0);
    if (entry.revision !== revision) throw new EntryMismatchError(entry.seq, `revision ${entry.revision}, expected ${revision}`);
    if (entry.leaseGranted !== undefined) {
      const { id, ttlMs } = entry.leaseGranted;
      if (this.leaseTable.has(id)) throw new EntryMismatchError(entry.seq, `lease ${id} granted twice`);
      this.leaseTable.set(id, { ttlMs, keys: new Set() });
      const n = Number(id);
      if (Number.isSafeInteger(n) && n >= this.nextLease) this.nextLease = n + 1;
    }
    const events: WatchEvent[] = [];
    for (const change of entry.changes) {
      if (change.kind === 'put') events.push(this.put(entry.seq, change.kv));
      else events.push(this.delete(entry.seq, change.key, revision));
    }
    if (entry.leaseRemoved !== undefined) {
      const lease = this.leaseTable.get(entry.leaseRemoved);
      if (lease === undefined) throw new EntryMismatchError(entry.seq, `lease ${entry.leaseRemoved} is not granted`);
      if (lease.keys.size > 0) throw new EntryMismatchError(entry.seq, `lease ${entry.leaseRemoved} still has keys`);
      this.leaseTable.delete(entry.leaseRemoved);
    }
    this.revisionValue = revision;
    this.seqValue = entry.seq;
    return events;
  }

  private put(seq: number, kv: KeyValue): WatchEvent {
    const previous = this.kvs.get(kv.key);
    if (previous?.lease !== undefined) this.leaseTable.get(previous.lease)?.keys.delete(kv.key);
    if (kv.lease !== undefined) {
      const lease = this.leaseTable.get(kv.lease);
      if (lease === undefined) throw new EntryMismatchError(seq, `key ${kv.key} attached to unknown lease ${kv.lease}`);
      lease.keys.add(kv.key);
    }
    this.kvs.set(kv.key, Object.freeze({ ...kv }));
    this.index.add(kv.key);
    return { kind: 'put', key: kv.key, value: kv.value, revision: kv.modRevision };
  }

  private delete(seq: number, key: string, revision: number): WatchEvent {
    const previous = this.kvs.get(key);
    if (previous === undefined) throw new EntryMismatchError(seq, `deletes missing key ${key}`);
    if (previous.lease !== undefined) this.leaseTable.get(previous.lease)?.keys.delete(key);
    this.kvs.delete(key);
    this.index.delete(key);
    return { kind: 'delete', key, value: previous.value, revision };
  }

  toImage(): KeyspaceImage {
    return {
      seq: this.seqValue,
      revision: this.revisionValue,
      nextLeaseId: this.nextLease,
      keys: this.list(''),
      leases: [...this.leaseTable].map(([id, lease]) => ({ id, ttlMs: lease.ttlMs })),
    };
  }

  static fromImage(image: KeyspaceImage): Keyspace {
    const ks = new Keyspace();
    ks.revisionValue = image.revision;
    ks.seqValue = image.seq;
    ks.nextLease = image.nextLeaseId;
    for (const { id, ttlMs } of image.leases) ks.leaseTable.set(id, { ttlMs, keys: new Set() });
    for (const kv of image.keys) ks.put(image.seq, kv);
    return ks;
  }
}
