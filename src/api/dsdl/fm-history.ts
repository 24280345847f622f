// The fault monitor's probe-failure history and the decision scds_fm_action takes (spec §6.1).
// Pure: time comes in as data, so the algorithm is tested without clocks.

/** Probe results: 0 healthy, 1–99 partial failure, 100 complete failure, 201 fail over at once. */
export const PROBE_SUCCESS = 0;
export const PROBE_COMPLETE_FAILURE = 100;
export const PROBE_IMMEDIATE_FAILOVER = 201;

export type FailoverMode = 'NONE' | 'SOFT' | 'HARD' | 'RESTART_ONLY' | 'LOG_ONLY';

export interface FmPolicy {
  /** Retry_count: restarts allowed within Retry_interval before failing over; −1 = unlimited. */
  readonly retryCount: number;
  /** Retry_interval in ms: the window over which failures add up and restarts are counted. */
  readonly retryIntervalMs: number;
  readonly failoverMode: FailoverMode;
}

/**
 * What to do about one probe result:
 * - `ok`: healthy (status OK);
 * - `degraded`: failures within Retry_interval add up to less than 100 (status DEGRADED);
 * - `restart`: they reached 100 and the restart budget allows one (RESOURCE_RESTART);
 * - `giveover`: the budget is used up, or the probe asked for an immediate failover (GIVEOVER);
 * - `log-only`: Failover_mode forbids acting (LOG_ONLY, or RESTART_ONLY with no restarts left).
 */
export type FmDecision =
  | { readonly kind: 'ok' }
  | { readonly kind: 'degraded'; readonly cumulative: number }
  | { readonly kind: 'restart' | 'giveover' | 'log-only'; readonly reason: string };

/** Failures seen within Retry_interval, oldest first. */
export class ProbeHistory {
  private failures: { atMs: number; status: number }[] = [];
  /** Set when the RGM refused a giveover: the next complete failure restarts locally instead. */
  private restartNext = false;

  record(status: number, nowMs: number, windowMs: number): void {
    this.prune(nowMs, windowMs);
    this.failures.push({ atMs: nowMs, status });
  }

  /** Sum of the failures within the window ending at `nowMs`. */
  cumulative(nowMs: number, windowMs: number): number {
    this.prune(nowMs, windowMs);
    return this.failures.reduce((sum, f) => sum + f.status, 0);
  }

  /** Forgets every failure (after acting on them). */
  reset(): void {
    this.failures = [];
  }

  /** The RGM refused a giveover (SCHA_ERR_CHECKS): start over, and restart locally next time. */
  giveoverRefused(): void {
    this.reset();
    this.restartNext = true;
  }

  takeRestartNext(): boolean {
    const r = this.restartNext;
    this.restartNext = false;
    return r;
  }

  get entries(): readonly { readonly atMs: number; readonly status: number }[] {
    return this.failures;
  }

  private prune(nowMs: number, windowMs: number): void {
    this.failures = this.failures.filter((f) => f.atMs > nowMs - windowMs);
  }
}

/**
 * scds_fm_action's decision. `restartsInWindow` is NUM_RESOURCE_RESTARTS (the RGM's count, which
 * survives the monitor's own restart). Statuses are clamped to 0–100 except 201; an immediate
 * failover under RESTART_ONLY or LOG_ONLY counts as a complete failure. The history is reset
 * whenever the failures are acted on (restart, giveover, log-only).
 */
export function decideFmAction(history: ProbeHistory, status: number, nowMs: number, policy: FmPolicy, restartsInWindow: number): FmDecision {
  const mayFailOver = policy.failoverMode !== 'RESTART_ONLY' && policy.failoverMode !== 'LOG_ONLY';
  if (status === PROBE_IMMEDIATE_FAILOVER && mayFailOver) {
    history.reset();
    return { kind: 'giveover', reason: 'the probe asked for an immediate failover' };
  }
  const s = status === PROBE_IMMEDIATE_FAILOVER ? PROBE_COMPLETE_FAILURE : Math.max(0, Math.min(PROBE_COMPLETE_FAILURE, Math.round(status)));
  if (s === PROBE_SUCCESS) return { kind: 'ok' };
  history.record(s, nowMs, policy.retryIntervalMs);
  const cumulative = history.cumulative(nowMs, policy.retryIntervalMs);
  if (cumulative < PROBE_COMPLETE_FAILURE) return { kind: 'degraded', cumulative };
  history.reset();
  const budget = `${restartsInWindow} restart${restartsInWindow === 1 ? '' : 's'} within Retry_interval=${policy.retryIntervalMs / 1000}s, Retry_count=${policy.retryCount}`;
  if (policy.failoverMode === 'LOG_ONLY') return { kind: 'log-only', reason: 'complete failure; Failover_mode=LOG_ONLY only logs it' };
  if (history.takeRestartNext() || policy.retryCount < 0 || restartsInWindow < policy.retryCount) {
    return { kind: 'restart', reason: `complete failure (${budget})` };
  }
  if (!mayFailOver) return { kind: 'log-only', reason: `complete failure with no restart left (${budget}); Failover_mode=RESTART_ONLY allows no failover` };
  return { kind: 'giveover', reason: `complete failure with no restart left (${budget})` };
}
