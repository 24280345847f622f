import { InvalidTxnError, LeaseNotFoundError, StoreClosedError } from '../store.js';
import type { KeyValue, LeaseId, ListResult, Store, Txn, TxnResult, Watch, WatchEvent } from '../store.js';
import { EtcdConnection } from './connection.js';
import { EtcdError, isInvalidTxn, isLeaseNotFound } from './errors.js';
import { EtcdWatch } from './etcd-watch.js';
import { KeyCodec } from './keys.js';
import { grantLease, keepAlive, revokeLease } from './leases.js';
import { resolveOptions } from './options.js';
import type { EtcdStoreOptions, ResolvedOptions } from './options.js';
import { RPC, loadProtocol } from './rpcs.js';
import { leaseOf, toTxnRequest } from './txn-request.js';

/** The Store port on an etcd v3 cluster, plus what only etcd has. */
export interface EtcdStore extends Store {
  /** The key namespace every key is stored under ('' for none). */
  readonly prefix: string;
  /**
   * Discards the history before `revision` (etcd's compaction): watches from an earlier revision
   * then fail with CompactedError. The revision counter is shared by every user of the cluster.
   */
  compact(revision: number): Promise<void>;
}

/**
 * Connects to etcd and checks, with one linearizable read, that a quorum answers and the credentials
 * are accepted; rejects with `EtcdError` (or TypeError / RangeError for bad options) otherwise.
 */
export async function openEtcdStore(options: EtcdStoreOptions): Promise<EtcdStore> {
  const resolved = resolveOptions(options);
  loadProtocol();
  const store = new EtcdStoreImpl(resolved);
  try {
    await store.list('');
  } catch (err) {
    await store.close();
    throw err;
  }
  return store;
}

class EtcdStoreImpl implements EtcdStore {
  private readonly conn: EtcdConnection;
  private readonly keys: KeyCodec;
  private readonly watches = new Set<EtcdWatch>();

  constructor(private readonly options: ResolvedOptions) {
    this.conn = new EtcdConnection(options);
    this.keys = new KeyCodec(options.prefix);
  }

  get prefix(): string {
    return this.options.prefix;
  }

  async get(key: string): Promise<KeyValue | undefined> {
    if (typeof key !== 'string' || key === '') throw new TypeError('get needs a non-empty key');
    const res = await this.conn.unary(RPC.range, { key: this.keys.encode(key) }, { isIdempotent: true });
    const kv = res.kvs[0];
    return kv === undefined ? undefined : this.keys.toKeyValue(kv);
  }

  async list(prefix: string): Promise<ListResult> {
    if (typeof prefix !== 'string') throw new TypeError('list needs a string prefix');
    // One Range is one read at one revision; etcd sorts by key bytes, as the port asks.
    const res = await this.conn.unary(RPC.range, this.keys.range(prefix), { isIdempotent: true });
    return { items: res.kvs.map((kv) => this.keys.toKeyValue(kv)), revision: Number(res.header.revision) };
  }

  async txn(txn: Txn): Promise<TxnResult> {
    const req = toTxnRequest(txn, this.keys);
    const res = await this.conn.unary(RPC.txn, req, {
      isIdempotent: false,
      mapError: (err) => {
        if (isLeaseNotFound(err)) return new LeaseNotFoundError(leaseOf(txn) ?? '?');
        if (isInvalidTxn(err)) return new InvalidTxnError(err.details);
        return undefined;
      },
    });
    return { succeeded: res.succeeded, revision: Number(res.header.revision) };
  }

  /** `fromRevision` ≤ 0 means "from the next revision" (etcd's meaning of 0). */
  watch(prefix: string, fromRevision: number, onEvents: (events: readonly WatchEvent[]) => void, onError?: (err: Error) => void): Watch {
    const w = new EtcdWatch(this.conn, this.keys, prefix, fromRevision, { onEvents, onError, onEnd: (ended) => this.watches.delete(ended) }, this.options.logger);
    this.watches.add(w);
    return w;
  }

  grantLease(ttlMs: number): Promise<LeaseId> {
    return grantLease(this.conn, ttlMs);
  }

  keepAlive(lease: LeaseId): Promise<{ readonly ttlMs: number }> {
    return keepAlive(this.conn, lease);
  }

  revokeLease(lease: LeaseId): Promise<void> {
    return revokeLease(this.conn, lease);
  }

  async compact(revision: number): Promise<void> {
    if (!Number.isSafeInteger(revision) || revision < 1) throw new RangeError(`compact needs a positive revision, got ${revision}`);
    try {
      await this.conn.unary(RPC.compact, { revision: String(revision), physical: false }, { isIdempotent: true });
    } catch (err) {
      // Already compacted that far (by us on a retry, or by someone else): the history is gone either way.
      if (err instanceof EtcdError && err.details.includes('required revision has been compacted')) return;
      throw err;
    }
  }

  /** Ends every watch with StoreClosedError, fails calls in flight with it, and drops the connections. */
  close(): Promise<void> {
    if (!this.conn.closed) {
      this.conn.close();
      for (const w of [...this.watches]) w.fail(new StoreClosedError());
      this.watches.clear();
    }
    return Promise.resolve();
  }
}
