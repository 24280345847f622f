// The public shapes of the PMF: what a tag is started with, what status and events report.

/** What to supervise under one nametag (`pmfadm -c`). */
export interface PmfStartOptions {
  /** Program; a name without `/` is looked up on the environment's PATH. */
  readonly command: string;
  readonly args?: readonly string[];
  /** The complete environment; default the monitor's `baseEnv` (the minimal method environment). */
  readonly env?: Readonly<Record<string, string>>;
  /** Working directory, default `/`. */
  readonly cwd?: string;
  /** Restarts allowed within `periodMs` (`-n`): −1 unlimited, default 0 (never restart). */
  readonly retries?: number;
  /** Sliding window for `retries` (`-t`, minutes there); absent = unbounded. */
  readonly periodMs?: number;
  /**
   * Action program (`-a`), absolute path first, then its own arguments; `failed` and the nametag are
   * appended. Run when the restart budget is used up: exit 0 = restart with a fresh budget,
   * anything else (or no action at all) = give up.
   */
  readonly action?: readonly string[];
  /** Monitor processes down to this fork depth only (`-C level#`; 0 = the started process); absent = all. */
  readonly childMonitorLevel?: number;
  /** Linux network namespace to run in (`ip netns exec`). */
  readonly netns?: string;
  /** Persistent mount namespace to run in (`nsenter --mount`; see NamespaceSpec.mountns). */
  readonly mountns?: string;
  /** stdout and stderr of the command (and of the action) are appended here; absent = discarded. */
  readonly logFile?: string;
}

export interface PmfTagStatus {
  readonly tag: string;
  readonly command: string;
  readonly args: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  readonly cwd: string;
  readonly retries: number;
  readonly periodMs?: number;
  readonly action?: readonly string[];
  readonly childMonitorLevel?: number;
  /** False once monitoring was stopped (`pmfadm -s`): the tree is not restarted and the tag goes when it exits. */
  readonly monitored: boolean;
  /** Some monitored process of the tag is alive. */
  readonly running: boolean;
  /** `running`, `restart-pending` (between a death and the restart) or `action` (action program running). */
  readonly phase: 'running' | 'restart-pending' | 'action';
  /** Live monitored processes, ascending. */
  readonly pids: readonly number[];
  readonly restartsInWindow: number;
  readonly totalRestarts: number;
}

/** Events, all with the nametag first. A tag is already removed when `exhausted` or `removed` fires. */
export interface PmfEvents {
  /** The whole monitored tree is gone (the leader's own exit status, if we saw it). */
  exited: [tag: string, info: { readonly exitCode?: number; readonly signal?: string }];
  restarted: [tag: string, info: { readonly pid: number; readonly restartsInWindow: number; readonly byAction: boolean }];
  /** Supervision gave up: the agent turns this into a monitor failure. */
  exhausted: [tag: string, info: { readonly reason: 'retries' | 'action-refused' | 'spawn-failed'; readonly detail?: string }];
  /** The tag left the table for any reason (stopped and exited, exhausted). */
  removed: [tag: string];
}

export type PmfErrorCode = 'tag-exists' | 'no-such-tag' | 'spawn-failed' | 'bad-request';

export class PmfError extends Error {
  override readonly name = 'PmfError';
  constructor(readonly code: PmfErrorCode, readonly tag: string, message: string) {
    super(message);
  }
}

export interface ProcessMonitorOptions {
  /** How often /proc is scanned while a tree outlived its leader (only /proc tells when it ends), default 250 ms. */
  readonly pollIntervalMs?: number;
  /** How often /proc is scanned for new descendants while every leader is alive (its exit is seen at once), default 1000 ms. */
  readonly idlePollIntervalMs?: number;
  /** SIGTERM → SIGKILL grace used by `stop`, default 2000 ms. */
  readonly killGraceMs?: number;
  /** Least time between two starts of one tag, so an instantly dying command does not spin; default 100 ms. */
  readonly minRestartIntervalMs?: number;
  /** Limit for an action program, default 60 000 ms (then it counts as refusing). */
  readonly actionTimeoutMs?: number;
  /** Environment for tags started without one; default methodEnv(). */
  readonly baseEnv?: Readonly<Record<string, string>>;
}
