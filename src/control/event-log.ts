import type { Op } from '../store/store.js';
import type { Layout } from '../store/layout.js';

/** One line of the event log: what happened or was decided, and why. */
export interface LoggedEvent {
  readonly seq: number;
  readonly atMs: number;
  /** fact (something reported), action (something the RGM did), reason (why something did not happen), refusal. */
  readonly kind: 'fact' | 'action' | 'reason' | 'refusal';
  readonly subject: string;
  readonly message: string;
}

/** Appends events with consecutive sequence numbers and trims the log to the last `keep` entries. */
export class EventLog {
  private pending: LoggedEvent[] = [];
  constructor(private readonly keys: Layout, private nextSeq: number, private readonly keep = 5000) {}

  add(atMs: number, kind: LoggedEvent['kind'], subject: string, message: string): void {
    this.pending.push({ seq: this.nextSeq++, atMs, kind, subject, message });
  }

  /** Ops writing the buffered events (and deleting the ones that fell out of the window); clears the buffer. */
  drain(): Op[] {
    const ops: Op[] = [];
    for (const e of this.pending) {
      ops.push({ kind: 'put', key: this.keys.event(e.seq), value: JSON.stringify(e) });
      if (e.seq > this.keep) ops.push({ kind: 'delete', key: this.keys.event(e.seq - this.keep) });
    }
    this.pending = [];
    return ops;
  }

  /** Puts drained events back (their txn failed) so they are written with the next one. */
  restore(events: readonly LoggedEvent[]): void {
    this.pending = [...events, ...this.pending];
  }

  get buffered(): readonly LoggedEvent[] {
    return this.pending;
  }

  static nextSeqAfter(lastKey: string | undefined): number {
    if (!lastKey) return 1;
    return Number(lastKey.slice(lastKey.lastIndexOf('/') + 1)) + 1;
  }
}
