/**
 * pmfadm's restart budget: at most `retries` restarts within a sliding window of `periodMs`
 * (`-n retries -t period`). retries −1 = unlimited, 0 = never restart; periodMs undefined = the
 * window never slides (every restart since the tag was created counts). Times are monotonic ms.
 */
export class RestartHistory {
  private times: number[] = [];

  constructor(public retries: number, public periodMs: number | undefined) {}

  /** Restarts that still count at `nowMs`. */
  inWindow(nowMs: number): number {
    this.prune(nowMs);
    return this.times.length;
  }

  /** Whether a restart is allowed at `nowMs`; when it is, it is recorded. */
  tryConsume(nowMs: number): boolean {
    if (this.retries !== -1 && this.inWindow(nowMs) >= this.retries) return false;
    this.times.push(nowMs);
    return true;
  }

  /** Forgets every restart (after an action program allowed a fresh start). */
  reset(): void {
    this.times = [];
  }

  private prune(nowMs: number): void {
    if (this.periodMs === undefined) return;
    const since = nowMs - this.periodMs;
    this.times = this.times.filter((t) => t > since);
  }
}
