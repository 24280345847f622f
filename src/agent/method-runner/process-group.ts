import { setTimeout as sleep } from 'node:timers/promises';
import { liveGroupMembers } from './proc-table.js';

/** Sends `signal` to every process of group `pgid`; false when the group no longer exists. */
export function signalGroup(pgid: number, signal: NodeJS.Signals | number): boolean {
  try {
    process.kill(-pgid, signal);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ESRCH') return false;
    throw err;
  }
}

/**
 * Whether any live process remains in group `pgid`. kill(-pgid, 0) is the fast check; when it says
 * yes, /proc is consulted so that zombies (dead, not yet reaped by an init that may never reap them)
 * do not count as alive.
 */
export function groupAlive(pgid: number): boolean {
  if (!signalGroup(pgid, 0)) return false;
  const live = liveGroupMembers(pgid);
  return live === undefined ? true : live.length > 0;
}

/** Polls `done` every `pollMs` until it is true or `timeoutMs` passed; returns the last answer. */
export async function waitUntil(done: () => boolean, timeoutMs: number, pollMs = 50): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (done()) return true;
    const left = deadline - Date.now();
    if (left <= 0) return false;
    await sleep(Math.min(pollMs, left));
  }
}

export interface KillGroupOptions {
  /** First signal sent to the group (default SIGTERM, so scripts can clean up). */
  readonly firstSignal?: NodeJS.Signals;
  /** How long the group gets to exit after the first signal before SIGKILL (default 2000 ms). */
  readonly graceMs?: number;
  /** How long to wait for the group to vanish after SIGKILL (default 5000 ms; D-state processes can linger). */
  readonly killWaitMs?: number;
}

export interface KillGroupOutcome {
  /** SIGKILL had to be sent because the group outlived the grace period. */
  readonly escalated: boolean;
  /** No live process of the group remains. */
  readonly gone: boolean;
}

/**
 * Ends a whole process group: `firstSignal`, then SIGKILL to the group if any member is still alive
 * after `graceMs`. A member that ignores SIGTERM therefore still ends. Members that left the group
 * (setsid daemons) are not reached; the PMF tracks those itself.
 */
export async function killGroup(pgid: number, options: KillGroupOptions = {}): Promise<KillGroupOutcome> {
  const first = options.firstSignal ?? 'SIGTERM';
  if (!signalGroup(pgid, first)) return { escalated: false, gone: true };
  if (first !== 'SIGKILL' && (await waitUntil(() => !groupAlive(pgid), options.graceMs ?? 2000))) {
    return { escalated: false, gone: true };
  }
  signalGroup(pgid, 'SIGKILL');
  const gone = await waitUntil(() => !groupAlive(pgid), options.killWaitMs ?? 5000);
  return { escalated: first !== 'SIGKILL', gone };
}
