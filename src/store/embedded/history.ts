import { CompactedError } from '../store.js';
import type { WatchEvent } from '../store.js';

/** The events of one revision, as delivered to a watcher. */
export interface RevisionEvents {
  readonly revision: number;
  readonly events: readonly WatchEvent[];
}

/**
 * The recent revisions kept in memory so a watch can start in the past. Holds every revision in
 * (compactRevision, latest] — revisions are contiguous, since each one wrote something — and at most
 * `limit` of them; older ones are dropped (compacted) as new ones arrive.
 */
export class WatchHistory {
  private readonly revisions: RevisionEvents[] = [];
  private head = 0;

  constructor(private readonly limit: number, private compacted: number) {
    if (!Number.isSafeInteger(limit) || limit < 1) throw new RangeError(`history limit must be a positive integer, got ${limit}`);
  }

  /** Revisions up to and including this one are no longer available. */
  get compactRevision(): number {
    return this.compacted;
  }

  push(revision: number, events: readonly WatchEvent[]): void {
    const expected = this.compacted + this.length + 1;
    if (revision !== expected) throw new Error(`watch history: revision ${revision} pushed, expected ${expected}`);
    this.revisions.push({ revision, events });
    if (this.length > this.limit) this.compact(revision - this.limit);
  }

  /** Forgets revisions ≤ `revision` (at most up to the latest one). */
  compact(revision: number): void {
    const drop = Math.min(revision - this.compacted, this.length);
    if (drop <= 0) return;
    this.head += drop;
    this.compacted += drop;
    if (this.head > 1024 && this.head * 2 > this.revisions.length) {
      this.revisions.splice(0, this.head);
      this.head = 0;
    }
  }

  /**
   * The kept revisions ≥ `fromRevision` that touch `prefix`, each filtered to that prefix, in order.
   * Throws `CompactedError` if revisions the caller asked for were dropped.
   */
  since(fromRevision: number, prefix: string): RevisionEvents[] {
    if (fromRevision <= this.compacted) throw new CompactedError(fromRevision, this.compacted + 1);
    const out: RevisionEvents[] = [];
    const start = this.head + (fromRevision - this.compacted - 1);
    for (let i = start; i < this.revisions.length; i++) {
      const r = this.revisions[i] as RevisionEvents;
      const events = r.events.filter((e) => e.key.startsWith(prefix));
      if (events.length > 0) out.push({ revision: r.revision, events });
    }
    return out;
  }

  private get length(): number {
    return this.revisions.length - this.head;
  }
}
