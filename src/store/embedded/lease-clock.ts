import type { LeaseId } from '../store.js';

/** setTimeout turns longer delays into 1 ms; a far deadline just re-arms when this fires. */
const MAX_TIMER_DELAY_MS = 2 ** 31 - 1;

/**
 * A monotonic clock (ms) that does not advance while this process's event loop is stalled (a long
 * synchronous job, a GC pause, the machine swapping). The embedded store uses it for leases: their
 * holders live in the same process, so a stall stops their keep-alives and the store's countdown
 * alike, and must not read as every node dying. A tick every `tickMs` measures progress; any gap
 * beyond `tickMs + slackMs` between ticks is stall time and is not counted.
 */
export class StallFreeClock {
  private stalledMs = 0;
  private lastTick = performance.now();
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly tickMs = 100, private readonly slackMs = 400) {
    this.timer = setInterval(() => {
      const now = performance.now();
      this.stalledMs += this.pending(now);
      this.lastTick = now;
    }, tickMs);
    this.timer.unref();
  }

  readonly now = (): number => {
    const now = performance.now();
    return now - this.stalledMs - this.pending(now);
  };

  stop(): void {
    clearInterval(this.timer);
  }

  private pending(now: number): number {
    return Math.max(0, now - this.lastTick - this.tickMs - this.slackMs);
  }
}

interface Deadline {
  readonly ttlMs: number;
  deadlineMs: number;
  isExpired: boolean;
}

/**
 * Lease deadlines on the monotonic clock (`performance.now()`, ms), so wall-clock jumps neither
 * expire nor prolong a lease. One timer is armed for the earliest deadline; when a lease's deadline
 * passes it is marked expired at once (keepAlive and puts then refuse it) and `onExpire` is called
 * so the store can revoke it. Deadlines are runtime state only: after a restart every lease starts
 * again with its full TTL.
 */
export class LeaseClock {
  private readonly deadlines = new Map<LeaseId, Deadline>();
  private timer: NodeJS.Timeout | undefined;
  private timerAtMs = Infinity;
  private isStopped = false;

  constructor(
    private readonly onExpire: (lease: LeaseId) => void,
    private readonly nowMs: () => number = () => performance.now(),
  ) {}

  /** Starts (or restarts) the lease's countdown from now. */
  start(lease: LeaseId, ttlMs: number): void {
    const deadlineMs = this.nowMs() + ttlMs;
    this.deadlines.set(lease, { ttlMs, deadlineMs, isExpired: false });
    if (deadlineMs < this.timerAtMs) this.arm(deadlineMs);
  }

  /** Pushes the deadline to now + TTL and returns the TTL, or undefined if the lease is unknown or expired. */
  renew(lease: LeaseId): number | undefined {
    if (!this.isLive(lease)) return undefined;
    const d = this.deadlines.get(lease) as Deadline;
    d.deadlineMs = this.nowMs() + d.ttlMs;
    return d.ttlMs;
  }

  /** True if the lease is known and its deadline has not passed (checked against the clock, not the timer). */
  isLive(lease: LeaseId): boolean {
    const d = this.deadlines.get(lease);
    if (d === undefined || d.isExpired) return false;
    if (d.deadlineMs <= this.nowMs()) {
      this.expire(lease, d);
      return false;
    }
    return true;
  }

  forget(lease: LeaseId): void {
    this.deadlines.delete(lease);
  }

  stop(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.isStopped = true;
  }

  private expire(lease: LeaseId, d: Deadline): void {
    d.isExpired = true;
    this.onExpire(lease);
  }

  private arm(atMs: number): void {
    if (this.isStopped) return;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timerAtMs = atMs;
    // +1 ms: timers may fire a fraction early relative to performance.now().
    const delayMs = Math.min(Math.max(0, atMs - this.nowMs()) + 1, MAX_TIMER_DELAY_MS);
    this.timer = setTimeout(() => this.check(), delayMs);
    // The store must not keep a process alive just to expire leases.
    this.timer.unref();
  }

  private check(): void {
    this.timer = undefined;
    this.timerAtMs = Infinity;
    const now = this.nowMs();
    let next = Infinity;
    for (const [lease, d] of this.deadlines) {
      if (d.isExpired) continue;
      if (d.deadlineMs <= now) this.expire(lease, d);
      else next = Math.min(next, d.deadlineMs);
    }
    if (next < Infinity) this.arm(next);
  }
}
