/**
 * The timing rule that keeps a failover group from running on two machines (DESIGN "Safety").
 *
 * A node renews its membership lease every `renewEveryMs`. It notes, on its own monotonic clock, the
 * SEND time `s` of the last keep-alive etcd acknowledged. etcd set that lease's expiry to (when it
 * received the keep-alive) + TTL ≥ s + TTL, so the member key cannot disappear before s + TTL.
 *
 *   node:    at s + selfFenceAfterMs without a newer acknowledgement it stops its failover resources
 *            (Stop with a deadline of `stopDeadlineMs`, then SIGKILL of every process left); done by
 *            s + selfFenceAfterMs + stopDeadlineMs + KILL_BUDGET_MS = s + TTL − SPARE_MS.
 *   leader:  sees the member key deleted (at ≥ s + TTL), waits `graceMs`, and only then declares the
 *            node down and starts its groups elsewhere; or sooner, once a fencing agent confirmed
 *            the node is off.
 *
 * So the node has stopped SPARE_MS + graceMs before anyone else may start its groups, whatever the
 * network did. A new etcd leader gives every lease a fresh TTL and etcd checks expiry every 500 ms:
 * both only make the key disappear later, never earlier. What the rule needs: the node's clock and
 * etcd's do not drift apart by more than SPARE_MS + graceMs over one TTL, and the node's event loop
 * is not frozen (the watchdog process covers that case, see src/main/ferryd/watchdog.ts).
 */
export interface MembershipTiming {
  /** Lease TTL as etcd counts it (whole seconds), ms. */
  readonly ttlMs: number;
  /** Interval between keep-alives, ms. */
  readonly renewEveryMs: number;
  /** Deadline of one keep-alive call, ms; a later answer is of no use. */
  readonly renewCallTimeoutMs: number;
  /** Time since the send time of the last acknowledged keep-alive after which the node fences itself, ms. */
  readonly selfFenceAfterMs: number;
  /** How long Stop methods may run when fencing itself before every process is SIGKILLed, ms. */
  readonly stopDeadlineMs: number;
  /** How long the leader waits after the member key vanished before declaring the node down, ms. */
  readonly graceMs: number;
}

/** Time a SIGKILL sweep of the node's processes takes (a /proc scan, a few rounds), ms. */
export const KILL_BUDGET_MS = 100;
/** The self-fence is complete this long before the lease can expire at the earliest, ms. */
export const SPARE_MS = 100;
/** Default wait after the member key vanished (clock-rate margin; the node is already done by then), ms. */
export const DEFAULT_GRACE_MS = 100;

/** etcd counts lease TTLs in whole seconds and rounds up. */
export const etcdTtlMs = (ttlMs: number): number => Math.max(1, Math.ceil(ttlMs / 1000)) * 1000;

/**
 * The defaults for a lease TTL: five keep-alives per TTL, a fifth of it for Stop methods, and the
 * self-fence timed so that it ends SPARE_MS before the lease can expire. The self-fence time must
 * exceed the longest stall of renewals that is not a real loss: killing the etcd leader stalls them
 * for about 1–1.3 × etcd's election timeout (measured on a 2-core machine: 1.0–1.3 s at 1000 ms,
 * 0.35–0.65 s at 500 ms, 0.2–0.65 s at 250 ms). So TTL ≥ about 3 × the election timeout: 3 s for
 * stock etcd, 1 s with `--election-timeout 250`.
 */
export function membershipTiming(ttlMs: number, overrides: Partial<Omit<MembershipTiming, 'ttlMs'>> = {}): MembershipTiming {
  if (!Number.isFinite(ttlMs) || ttlMs <= 0) throw new RangeError(`lease TTL must be a positive number of ms, got ${String(ttlMs)}`);
  const ttl = etcdTtlMs(ttlMs);
  const renewEveryMs = overrides.renewEveryMs ?? Math.max(100, Math.floor(ttl / 5));
  const stopDeadlineMs = overrides.stopDeadlineMs ?? Math.max(100, Math.floor(ttl / 5));
  const selfFenceAfterMs = overrides.selfFenceAfterMs ?? ttl - stopDeadlineMs - KILL_BUDGET_MS - SPARE_MS;
  if (selfFenceAfterMs <= renewEveryMs) {
    throw new RangeError(`a ${ttl} ms lease leaves no time to renew it: Stop deadline ${stopDeadlineMs} ms + kill ${KILL_BUDGET_MS} ms + spare ${SPARE_MS} ms leave ${selfFenceAfterMs} ms before self-fencing, not more than the renewal interval ${renewEveryMs} ms`);
  }
  const timing: MembershipTiming = {
    ttlMs: ttl,
    renewEveryMs,
    renewCallTimeoutMs: overrides.renewCallTimeoutMs ?? Math.max(100, Math.min(renewEveryMs * 2, selfFenceAfterMs)),
    selfFenceAfterMs,
    stopDeadlineMs,
    graceMs: overrides.graceMs ?? DEFAULT_GRACE_MS,
  };
  const problem = timingProblem(timing);
  if (problem !== undefined) throw new RangeError(problem);
  return timing;
}

/** Why a timing breaks the safety rule or cannot work, or undefined when it is sound. */
export function timingProblem(t: MembershipTiming): string | undefined {
  for (const [name, v] of Object.entries(t)) {
    if (!Number.isFinite(v) || v < 0) return `${name} must be a non-negative number of ms, got ${String(v)}`;
  }
  if (t.renewEveryMs <= 0 || t.renewEveryMs >= t.selfFenceAfterMs) {
    return `renewal interval ${t.renewEveryMs} ms must be positive and below the self-fence time ${t.selfFenceAfterMs} ms`;
  }
  const doneAt = t.selfFenceAfterMs + t.stopDeadlineMs + KILL_BUDGET_MS;
  if (doneAt > t.ttlMs + t.graceMs) {
    return `self-fencing ends ${doneAt} ms after the last acknowledged renewal, later than TTL ${t.ttlMs} ms + grace ${t.graceMs} ms: another node could start the groups first`;
  }
  return undefined;
}
