import type { ClusterStatus, NodeName } from '../model/index.js';
import type { PolicyEvent } from '../policy/index.js';

export interface MembershipDelta {
  /** node-up / node-down events to fold into the status now. */
  readonly events: readonly PolicyEvent[];
  /** Nodes whose member key was seen missing for the first time in this pass (start fencing them). */
  readonly newlyMissing: readonly string[];
  /** Run a pass again after this long (ms) to emit a node-down whose grace is still running. */
  readonly wakeInMs?: number;
}

/**
 * Turns the set of nodes holding a membership lease into node-up / node-down facts for the RGM,
 * with the grace of the safety rule (src/control/membership-timing.ts): a node that was UP and whose
 * member key vanished (its lease expired or was revoked) is declared down only after `graceMs` of
 * this leader's monotonic clock have passed since it first saw the key missing. A new leader starts
 * counting afresh, which is later, never earlier. Without a stored status (a fresh cluster) nothing
 * ran yet, so a missing node is down at once.
 */
export class NodeLossTracker {
  private readonly missingSinceMs = new Map<string, number>();

  constructor(
    private readonly graceMs: number,
    /** Monotonic ms. */
    private readonly monotonicMs: () => number = () => performance.now(),
  ) {
    if (!Number.isFinite(graceMs) || graceMs < 0) throw new RangeError(`graceMs must be a non-negative number, got ${String(graceMs)}`);
  }

  delta(status: ClusterStatus, members: ReadonlySet<string>, nodes: readonly string[], hasStoredStatus: boolean): MembershipDelta {
    const now = this.monotonicMs();
    const events: PolicyEvent[] = [];
    const newlyMissing: string[] = [];
    let wakeInMs: number | undefined;
    for (const n of nodes) {
      const known = status.nodes[n]?.state;
      if (members.has(n)) {
        this.missingSinceMs.delete(n);
        if (known !== 'UP') events.push({ kind: 'node-up', node: n as NodeName });
        continue;
      }
      if (known !== 'UP') {
        this.missingSinceMs.delete(n);
        continue;
      }
      if (!hasStoredStatus || this.graceMs === 0) {
        events.push({ kind: 'node-down', node: n as NodeName });
        continue;
      }
      let since = this.missingSinceMs.get(n);
      if (since === undefined) {
        since = now;
        this.missingSinceMs.set(n, now);
        newlyMissing.push(n);
      }
      const leftMs = since + this.graceMs - now;
      if (leftMs <= 0) {
        this.missingSinceMs.delete(n);
        events.push({ kind: 'node-down', node: n as NodeName });
      } else {
        wakeInMs = Math.min(wakeInMs ?? Infinity, leftMs);
      }
    }
    for (const n of [...this.missingSinceMs.keys()]) if (!nodes.includes(n)) this.missingSinceMs.delete(n);
    return { events, newlyMissing, ...(wakeInMs !== undefined ? { wakeInMs } : {}) };
  }
}
