import type { ClientDuplexStream, ServiceError } from '@grpc/grpc-js';
import { CompactedError, StoreClosedError } from '../store.js';
import type { Watch, WatchEvent } from '../store.js';
import type { EtcdConnection } from './connection.js';
import { EtcdError, isServiceError } from './errors.js';
import type { KeyCodec } from './keys.js';
import type { MvccEvent, WatchRequest, WatchResponse } from './messages.js';
import type { EtcdStoreLogger } from './options.js';
import { RPC } from './rpcs.js';

/** Pauses before re-establishing a broken watch stream, by consecutive failure. */
const RECONNECT_BACKOFF_MS = [50, 100, 200, 400, 800, 1000];

export interface WatchCallbacks {
  readonly onEvents: (events: readonly WatchEvent[]) => void;
  readonly onError: ((err: Error) => void) | undefined;
  /** The watch is over (cancelled or failed): the store forgets it. */
  readonly onEnd: (w: EtcdWatch) => void;
}

/**
 * One Store watch on its own etcd Watch stream. It remembers the next revision it owes the caller and,
 * when the stream breaks (member killed, frozen past the keep-alive timeout, lost its leader), opens a
 * new one on a working member from that revision: the caller sees neither a gap nor a repeat. Only
 * compaction (`CompactedError`), a cancellation by etcd (permissions), an exception thrown by
 * `onEvents`, or the store closing end it through `onError`.
 */
export class EtcdWatch implements Watch {
  /** The next revision to deliver; 0 until resolved for a watch "from now". */
  private nextRevision: number;
  private call: ClientDuplexStream<WatchRequest, WatchResponse> | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private failures = 0;
  private isOver = false;

  constructor(
    private readonly conn: EtcdConnection,
    private readonly keys: KeyCodec,
    readonly prefix: string,
    fromRevision: number,
    private readonly callbacks: WatchCallbacks,
    private readonly logger: EtcdStoreLogger | undefined,
  ) {
    this.nextRevision = fromRevision > 0 ? Math.floor(fromRevision) : 0;
    // Connecting is asynchronous, so no callback can run inside the store's watch() call.
    queueMicrotask(() => void this.connect());
  }

  cancel(): Promise<void> {
    this.end();
    return Promise.resolve();
  }

  /** Ends the watch with `err` delivered to onError (at most once, never after cancel). */
  fail(err: Error): void {
    if (this.isOver) return;
    this.end();
    this.callbacks.onError?.(err);
  }

  private end(): void {
    if (this.isOver) return;
    this.isOver = true;
    clearTimeout(this.retryTimer);
    const call = this.call;
    this.call = undefined;
    call?.cancel();
    this.callbacks.onEnd(this);
  }

  private async connect(): Promise<void> {
    if (this.isOver) return;
    if (this.conn.closed) return this.fail(new StoreClosedError());
    const idx = this.conn.pick();
    let call: ClientDuplexStream<WatchRequest, WatchResponse>;
    try {
      // etcd's start_revision 0 means "after the revision the member has now", which would be
      // ambiguous on a resume: fix the starting point with a linearizable read instead.
      if (this.nextRevision === 0) {
        const head = await this.conn.unary(RPC.range, { ...this.keys.range(this.prefix), count_only: true }, { isIdempotent: true });
        this.nextRevision = Number(head.header.revision) + 1;
      }
      call = await this.conn.stream(RPC.watch, idx);
    } catch (err) {
      return this.retry(idx, err);
    }
    const startRevision = this.nextRevision;
    // Listeners first: a stream cancelled without an 'error' listener would throw.
    call.on('data', (res: WatchResponse) => {
      if (call === this.call) this.onResponse(res, startRevision);
    });
    call.on('error', (err: Error) => {
      if (call === this.call) this.retry(idx, err);
    });
    call.on('end', () => {
      if (call === this.call) this.retry(idx, new Error('etcd ended the watch stream'));
    });
    if (this.isOver) {
      call.cancel();
      return;
    }
    this.call = call;
    call.write({ create_request: { ...this.keys.range(this.prefix), start_revision: String(startRevision), progress_notify: true, prev_kv: true } });
  }

  private onResponse(res: WatchResponse, startRevision: number): void {
    const compactRevision = Number(res.compact_revision);
    if (compactRevision > 0) return this.fail(new CompactedError(startRevision, compactRevision));
    if (res.canceled) return this.fail(new EtcdError('Watch', 1, res.cancel_reason || 'canceled', `etcd cancelled the watch on ${JSON.stringify(this.prefix)}: ${res.cancel_reason || 'no reason given'}`));
    if (res.created) {
      this.failures = 0;
      return;
    }
    if (res.events.length === 0) {
      // A progress notification: etcd sends it only once every event up to that revision was sent.
      const revision = Number(res.header?.revision ?? 0);
      if (revision >= this.nextRevision) this.nextRevision = revision + 1;
      return;
    }
    // etcd never splits one revision's events across responses (we do not ask for fragments), but a
    // response may hold several revisions: the caller gets one batch per revision.
    let batch: WatchEvent[] = [];
    for (const e of res.events) {
      const event = this.toEvent(e);
      if (event === undefined || event.revision < this.nextRevision) continue;
      if (batch.length > 0 && (batch[0] as WatchEvent).revision !== event.revision) {
        if (!this.deliver(batch)) return;
        batch = [];
      }
      batch.push(event);
    }
    if (batch.length > 0) this.deliver(batch);
  }

  private deliver(batch: WatchEvent[]): boolean {
    if (this.isOver) return false;
    this.nextRevision = (batch[0] as WatchEvent).revision + 1;
    try {
      this.callbacks.onEvents(batch);
    } catch (err) {
      this.fail(err instanceof Error ? err : new Error(String(err)));
    }
    return !this.isOver;
  }

  private toEvent(e: MvccEvent): WatchEvent | undefined {
    if (e.kv === null) return undefined;
    const key = this.keys.decode(e.kv.key);
    const revision = Number(e.kv.mod_revision);
    if (e.type === 'DELETE') return { kind: 'delete', key, value: e.prev_kv?.value.toString('utf8') ?? '', revision };
    return { kind: 'put', key, value: e.kv.value.toString('utf8'), revision };
  }

  /** The stream to member `idx` broke: open another one from the next revision owed, after a pause. */
  private retry(idx: number, err: unknown): void {
    if (this.isOver) return;
    this.call?.cancel();
    this.call = undefined;
    if (this.conn.closed) return this.fail(new StoreClosedError());
    if (err instanceof StoreClosedError) return this.fail(err);
    if (isServiceError(err) && this.conn.isAuthError(err)) this.conn.dropToken();
    this.conn.markFailed(idx);
    const pauseMs = RECONNECT_BACKOFF_MS[Math.min(this.failures, RECONNECT_BACKOFF_MS.length - 1)] as number;
    this.failures++;
    this.logger?.('warn', `etcd watch on ${JSON.stringify(this.prefix)} via ${this.conn.endpointUrl(idx)} broke (${describe(err)}); resuming from revision ${this.nextRevision} in ${pauseMs} ms`);
    this.retryTimer = setTimeout(() => void this.connect(), pauseMs);
  }
}

function describe(err: unknown): string {
  if (isServiceError(err)) return (err as ServiceError).details || err.message;
  return err instanceof Error ? err.message : String(err);
}
