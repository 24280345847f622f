import type { Layout } from '../store/layout.js';
import type { LeaseId, Store } from '../store/store.js';
import { KILL_BUDGET_MS, type MembershipTiming } from './membership-timing.js';

/** Monotonic milliseconds of the machine (CLOCK_MONOTONIC: the same clock in every process). */
export const monotonicMs = (): number => Number(process.hrtime.bigint()) / 1e6;

export type MembershipState = 'joining' | 'member' | 'fencing' | 'stopped';

export interface MembershipInfo {
  readonly state: MembershipState;
  readonly lease?: LeaseId;
  /** TTL asked for, and the one etcd reported granting (etcd may raise it to its minimum). */
  readonly ttlMs: number;
  readonly grantedTtlMs?: number;
  /** Time since the send time of the last acknowledged keep-alive (member only). */
  readonly leaseAgeMs?: number;
  /** What the node waits for while joining. */
  readonly waitingFor?: string;
  readonly selfFences: number;
  readonly lastSelfFence?: { readonly reason: string; readonly tookMs: number };
}

export interface MembershipLeaseOptions {
  /** Ideally a store of its own whose call deadline is `timing.renewCallTimeoutMs`. */
  readonly store: Store;
  readonly keys: Layout;
  readonly node: string;
  readonly timing: MembershipTiming;
  /** Extra fields of the member key's value (API address, pid …). */
  readonly memberValue?: () => Record<string, unknown>;
  readonly log: (line: string) => void;
  /** Starts the node's agent once the node is a member (again). */
  readonly onJoined: () => Promise<void>;
  /**
   * Stops every resource of the node (Stop with `timing.stopDeadlineMs`, then SIGKILL). Must not need
   * the store: the node is probably cut off from it.
   */
  readonly selfFence: (reason: string) => Promise<void>;
  /**
   * The monotonic time (see `monotonicMs`) by which the node must have fenced itself, after every
   * acknowledged renewal; undefined when nothing runs that would need fencing. For a watchdog.
   */
  readonly onFenceDeadline?: (deadlineMs: number | undefined) => void;
  readonly monotonicMs?: () => number;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
/** Pause before a failed renewal is tried again, ms. */
const RETRY_MS = 50;

/**
 * A node's membership in the cluster: a lease holding `members/<node>`, renewed every
 * `renewEveryMs`, and the self-fencing rule of src/control/membership-timing.ts timed on this
 * machine's monotonic clock from the SEND time of the last acknowledged keep-alive (never on a
 * "lease lost" signal, which comes late). When that time runs out, or etcd says the lease is gone,
 * the node fences itself, revokes the old lease if it still can, and joins again as a new member
 * only after the leader has declared the old one down, so that the leader never mistakes the new
 * incarnation (which runs nothing) for the old one (whose groups it believes online).
 */
export class MembershipLease {
  private state: MembershipState = 'joining';
  private lease: LeaseId | undefined;
  private lastAckSentMs = 0;
  private grantedTtlMs: number | undefined;
  private renewTimer: NodeJS.Timeout | undefined;
  private fenceTimer: NodeJS.Timeout | undefined;
  private lose: ((reason: string) => void) | undefined;
  private waitingFor: string | undefined;
  private selfFences = 0;
  private lastSelfFence: MembershipInfo['lastSelfFence'];
  private runPromise: Promise<void> | undefined;
  private readonly now: () => number;

  constructor(private readonly o: MembershipLeaseOptions) {
    this.now = o.monotonicMs ?? monotonicMs;
  }

  info(): MembershipInfo {
    return {
      state: this.state, ttlMs: this.o.timing.ttlMs, selfFences: this.selfFences,
      ...(this.lease !== undefined ? { lease: this.lease } : {}),
      ...(this.grantedTtlMs !== undefined ? { grantedTtlMs: this.grantedTtlMs } : {}),
      ...(this.state === 'member' ? { leaseAgeMs: Math.max(0, this.now() - this.lastAckSentMs) } : {}),
      ...(this.waitingFor !== undefined && this.state === 'joining' ? { waitingFor: this.waitingFor } : {}),
      ...(this.lastSelfFence !== undefined ? { lastSelfFence: this.lastSelfFence } : {}),
    };
  }

  /** Joins, and keeps rejoining after every self-fence, until `stop()`. */
  start(): void {
    this.runPromise ??= this.run();
  }

  /**
   * Leaves: stops renewing and revokes the lease (the leader then declares the node down after its
   * grace). The caller stops the node's resources first: a departing node must run nothing.
   */
  async stop(): Promise<void> {
    const was = this.state;
    this.state = 'stopped';
    this.clearTimers();
    this.lose?.('stopping');
    await this.runPromise?.catch(() => undefined);
    if (this.lease !== undefined && was !== 'stopped') await this.o.store.revokeLease(this.lease).catch(() => undefined);
    this.lease = undefined;
  }

  private async run(): Promise<void> {
    let previous: LeaseId | undefined;
    while (this.state !== 'stopped') {
      this.state = 'joining';
      const lease = await this.join(previous);
      if (lease === undefined) return;
      this.state = 'member';
      this.o.log(`membership: ${this.o.node} joined (lease ${lease}, TTL ${this.o.timing.ttlMs} ms)`);
      const lost = this.hold(lease);
      try {
        await this.o.onJoined();
      } catch (err) {
        this.o.log(`membership: starting the node agent failed: ${(err as Error).message}`);
        this.lose?.('the node agent failed to start');
      }
      const reason = await lost;
      this.clearTimers();
      if ((this.state as MembershipState) === 'stopped') return;
      this.state = 'fencing';
      const t0 = this.now();
      this.o.log(`membership: self-fencing ${this.o.node}: ${reason}`);
      try {
        await this.o.selfFence(reason);
      } catch (err) {
        this.o.log(`membership: self-fence reported an error: ${(err as Error).message}`);
      }
      const tookMs = Math.round(this.now() - t0);
      this.selfFences++;
      this.lastSelfFence = { reason, tookMs };
      this.o.onFenceDeadline?.(undefined);
      this.o.log(`membership: ${this.o.node} fenced itself in ${tookMs} ms; rejoining once the leader has declared it down`);
      previous = lease;
      this.lease = undefined;
    }
  }

  /**
   * Waits until the node may join (no member key of an earlier incarnation, and the stored status
   * does not show the node UP), then takes a lease and creates the member key if absent.
   */
  private async join(previous: LeaseId | undefined): Promise<LeaseId | undefined> {
    const { store, keys, node, timing } = this.o;
    let stale = previous;
    let lastWhy = '';
    while (this.state === 'joining') {
      try {
        if (stale !== undefined) {
          await store.revokeLease(stale).catch((err: Error) => {
            if (err.name !== 'LeaseNotFoundError') throw err;
          });
          stale = undefined;
        }
        const [member, status] = await Promise.all([store.get(keys.member(node)), store.get(keys.status)]);
        const stored = status === undefined ? undefined : (JSON.parse(status.value) as { nodes?: Record<string, { state?: string }> }).nodes?.[node]?.state;
        const why = member !== undefined
          ? 'the member key of an earlier incarnation of this node to expire'
          : stored === 'UP' ? 'the RGM leader to declare the earlier incarnation of this node down' : undefined;
        if (why === undefined) {
          const sentMs = this.now();
          const lease = await store.grantLease(timing.ttlMs);
          const value = JSON.stringify({ node, joinedAtMs: Date.now(), ttlMs: timing.ttlMs, ...this.o.memberValue?.() });
          const r = await store.txn({
            compare: [{ key: keys.member(node), target: 'createRevision', op: '=', value: 0 }],
            success: [{ kind: 'put', key: keys.member(node), value, lease }],
          });
          if (r.succeeded) {
            this.lease = lease;
            this.lastAckSentMs = sentMs;
            this.waitingFor = undefined;
            return lease;
          }
          await store.revokeLease(lease).catch(() => undefined);
          continue;
        }
        this.waitingFor = why;
        if (why !== lastWhy) this.o.log(`membership: ${node} waits for ${why}`);
        lastWhy = why;
      } catch (err) {
        const why = `etcd (${(err as Error).message})`;
        this.waitingFor = why;
        if (why !== lastWhy) this.o.log(`membership: ${node} cannot join yet: ${(err as Error).message}`);
        lastWhy = why;
      }
      await sleep(timing.renewEveryMs);
    }
    return undefined;
  }

  /** Renews the lease and arms the self-fence; resolves with the reason once the membership is lost. */
  private hold(lease: LeaseId): Promise<string> {
    const { store, timing } = this.o;
    return new Promise<string>((resolve) => {
      let isOver = false;
      this.lose = (reason: string) => {
        if (isOver) return;
        isOver = true;
        this.lose = undefined;
        resolve(reason);
      };
      const arm = (): void => {
        if (this.fenceTimer) clearTimeout(this.fenceTimer);
        const fenceAtMs = this.lastAckSentMs + timing.selfFenceAfterMs;
        this.o.onFenceDeadline?.(fenceAtMs + timing.stopDeadlineMs + KILL_BUDGET_MS);
        this.fenceTimer = setTimeout(() => {
          const silentMs = this.now() - this.lastAckSentMs;
          if (silentMs >= timing.selfFenceAfterMs) this.lose?.(`no acknowledged lease renewal for ${Math.round(silentMs)} ms (limit ${timing.selfFenceAfterMs} ms of a ${timing.ttlMs} ms TTL)`);
          else arm();
        }, Math.max(0, fenceAtMs - this.now()));
      };
      arm();
      let lastError = '';
      let isRetryPending = false;
      const renew = (): void => {
        if (isOver) return;
        const sentMs = this.now();
        store.keepAlive(lease).then(({ ttlMs }) => {
          if (isOver || this.lease !== lease) return;
          if (this.grantedTtlMs !== ttlMs && ttlMs > timing.ttlMs) {
            this.o.log(`membership: etcd granted a ${ttlMs} ms TTL for the ${timing.ttlMs} ms asked (its minimum is 1.5 × its election timeout); self-fencing keeps to ${timing.ttlMs} ms, node loss is detected after ${ttlMs} ms`);
          }
          this.grantedTtlMs = ttlMs;
          lastError = '';
          if (sentMs > this.lastAckSentMs) {
            this.lastAckSentMs = sentMs;
            arm();
          }
        }, (err: Error) => {
          if (isOver) return;
          if (err.name === 'LeaseNotFoundError') {
            this.lose?.('etcd says the membership lease has expired');
            return;
          }
          if (err.message !== lastError) this.o.log(`membership: lease renewal failed: ${err.message}`);
          lastError = err.message;
          // Try again soon rather than a whole interval later: the time without an acknowledged
          // renewal is then the store's outage plus RETRY_MS, not plus renewEveryMs.
          if (!isRetryPending) {
            isRetryPending = true;
            setTimeout(() => {
              isRetryPending = false;
              renew();
            }, RETRY_MS);
          }
        });
      };
      this.renewTimer = setInterval(renew, timing.renewEveryMs);
    });
  }

  private clearTimers(): void {
    if (this.renewTimer) clearInterval(this.renewTimer);
    if (this.fenceTimer) clearTimeout(this.fenceTimer);
    this.renewTimer = undefined;
    this.fenceTimer = undefined;
  }
}
