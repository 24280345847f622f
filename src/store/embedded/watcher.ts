import type { Watch, WatchEvent } from '../store.js';
import type { RevisionEvents } from './history.js';

/**
 * One watch: a queue of revisions drained to the caller's callback on a microtask, never inside the
 * call that queued them, so replayed history and live revisions reach the caller in one ordered stream.
 * If `onEvents` throws, the watch ends and `onError` receives what it threw.
 */
export class Watcher implements Watch {
  private readonly queue: (readonly WatchEvent[])[] = [];
  private error: Error | undefined;
  private isDraining = false;
  private isOver = false;

  constructor(
    readonly prefix: string,
    /** Live revisions below this one are not delivered (they were replayed, or the caller did not ask). */
    private readonly fromRevision: number,
    private readonly onEvents: (events: readonly WatchEvent[]) => void,
    private readonly onError: ((err: Error) => void) | undefined,
    private readonly onCancel: (w: Watcher) => void,
  ) {}

  get isActive(): boolean {
    return !this.isOver;
  }

  offer(r: RevisionEvents): void {
    if (this.isOver || this.error !== undefined || r.revision < this.fromRevision) return;
    const events = r.events.filter((e) => e.key.startsWith(this.prefix));
    if (events.length === 0) return;
    this.queue.push(events);
    this.schedule();
  }

  /** Ends the watch with `err` after the revisions already queued. */
  fail(err: Error): void {
    if (this.isOver || this.error !== undefined) return;
    this.error = err;
    this.schedule();
  }

  cancel(): Promise<void> {
    this.end();
    return Promise.resolve();
  }

  private end(): void {
    if (this.isOver) return;
    this.isOver = true;
    this.queue.length = 0;
    this.onCancel(this);
  }

  private schedule(): void {
    if (this.isDraining) return;
    this.isDraining = true;
    queueMicrotask(() => this.drain());
  }

  private drain(): void {
    this.isDraining = false;
    while (!this.isOver && this.queue.length > 0) {
      const events = this.queue.shift() as readonly WatchEvent[];
      try {
        this.onEvents(events);
      } catch (err) {
        this.error = err instanceof Error ? err : new Error(String(err));
        this.queue.length = 0;
      }
    }
    if (!this.isOver && this.error !== undefined) {
      const err = this.error;
      this.end();
      this.onError?.(err);
    }
  }
}
