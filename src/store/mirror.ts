import type { KeyValue, Store, Watch, WatchEvent } from './store.js';

export interface MirrorOptions {
  /** Keys under these prefixes are not kept (the event log: written often, never read by the RGM). */
  readonly skip?: readonly string[];
  /** Called after each applied batch with the keys it changed (also for skipped keys). */
  readonly onChange?: (events: readonly WatchEvent[]) => void;
  readonly log?: (line: string) => void;
  /** Wait before re-listing after the watch failed (ms, default 200). */
  readonly retryMs?: number;
}

/**
 * An in-memory copy of every key under a prefix, kept current by one watch: the RGM reads its
 * passes from here instead of listing the store each time. Batches are applied whole, so the copy is
 * always the store as of one revision (`revision`). createRevision and version are tracked as the
 * store tracks them. When the watch fails (compaction, transport) the copy is re-listed.
 */
export class StoreMirror {
  private readonly kvs = new Map<string, KeyValue>();
  private watch: Watch | undefined;
  private rev = 0;
  private closed = false;
  private waiters: { readonly revision: number; readonly resolve: () => void }[] = [];
  /** Bumped whenever a key under a tracked prefix changes (see `versionOf`). */
  private readonly versions = new Map<string, number>();

  constructor(private readonly store: Store, private readonly prefix: string, private readonly o: MirrorOptions = {}) {}

  /** The store revision the copy reflects. */
  get revision(): number {
    return this.rev;
  }

  async start(): Promise<void> {
    const { items, revision } = await this.store.list(this.prefix);
    this.kvs.clear();
    for (const kv of items) if (!this.skipped(kv.key)) this.kvs.set(kv.key, kv);
    this.rev = revision;
    for (const p of this.versions.keys()) this.versions.set(p, (this.versions.get(p) ?? 0) + 1);
    this.settle();
    this.watch = this.store.watch(this.prefix, revision + 1, (batch) => this.apply(batch), (err) => void this.restart(err));
  }

  async stop(): Promise<void> {
    this.closed = true;
    await this.watch?.cancel();
    for (const w of this.waiters) w.resolve();
    this.waiters = [];
  }

  get(key: string): KeyValue | undefined {
    return this.kvs.get(key);
  }

  /** Every key under `prefix`, in no particular order. */
  list(prefix: string): KeyValue[] {
    const out: KeyValue[] = [];
    for (const [key, kv] of this.kvs) if (key.startsWith(prefix)) out.push(kv);
    return out;
  }

  /**
   * A number that changes whenever any key under `prefix` changes (or the copy is re-listed), so a
   * reader can cache what it derives from those keys. `prefix` is registered on first use.
   */
  versionOf(prefix: string): number {
    if (!this.versions.has(prefix)) this.versions.set(prefix, 0);
    return this.versions.get(prefix) ?? 0;
  }

  /**
   * Resolves once the copy reflects `revision` (a write this process made) or the mirror stopped.
   * A watch can stay silent without failing (an etcd member cut off, until gRPC keep-alive notices):
   * with `withinMs`, a copy still behind by then is listed again instead of waiting on.
   */
  async caughtUpWithin(revision: number, withinMs: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<boolean>((resolve) => { timer = setTimeout(() => resolve(true), withinMs); });
    const behind = await Promise.race([this.caughtUp(revision).then(() => false), late]);
    clearTimeout(timer);
    if (!behind || this.closed) return;
    this.o.log?.(`store mirror of ${this.prefix}: revision ${revision} not seen within ${withinMs} ms; listing again`);
    await this.watch?.cancel();
    await this.start();
    this.o.onChange?.([]);
  }

  /** Resolves once the copy reflects `revision` (a write this process made) or the mirror stopped. */
  caughtUp(revision: number): Promise<void> {
    if (this.rev >= revision || this.closed) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ revision, resolve }));
  }

  private skipped(key: string): boolean {
    return this.o.skip?.some((p) => key.startsWith(p)) ?? false;
  }

  private apply(batch: readonly WatchEvent[]): void {
    for (const e of batch) {
      this.rev = Math.max(this.rev, e.revision);
      if (this.skipped(e.key)) continue;
      for (const p of this.versions.keys()) if (e.key.startsWith(p)) this.versions.set(p, (this.versions.get(p) ?? 0) + 1);
      if (e.kind === 'delete') {
        this.kvs.delete(e.key);
        continue;
      }
      const prior = this.kvs.get(e.key);
      this.kvs.set(e.key, {
        key: e.key, value: e.value, modRevision: e.revision,
        createRevision: prior?.createRevision ?? e.revision, version: (prior?.version ?? 0) + 1,
      });
    }
    this.settle();
    this.o.onChange?.(batch);
  }

  private settle(): void {
    if (this.waiters.length === 0) return;
    const ready = this.waiters.filter((w) => w.revision <= this.rev);
    this.waiters = this.waiters.filter((w) => w.revision > this.rev);
    for (const w of ready) w.resolve();
  }

  private async restart(err: Error): Promise<void> {
    if (this.closed) return;
    this.o.log?.(`store mirror of ${this.prefix}: watch ended (${err.message}); listing again`);
    await new Promise((r) => setTimeout(r, this.o.retryMs ?? 200));
    if (this.closed) return;
    try {
      await this.start();
      this.o.onChange?.([]);
    } catch (e) {
      void this.restart(e as Error);
    }
  }
}
