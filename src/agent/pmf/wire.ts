// Request and answer shapes of the PMF routes on the agent endpoint, shared by the agent
// (routes.ts) and the pmfadm command. Types and constants only: pmfadm must load fast.
import type { PmfTagStatus } from './types.js';

export const PMF_ROUTES = {
  start: 'pmf.start',
  signal: 'pmf.signal',
  modify: 'pmf.modify',
  status: 'pmf.status',
  list: 'pmf.list',
} as const;

/** `pmfadm -c`. */
export interface PmfStartRequest {
  readonly tag: string;
  readonly command: string;
  readonly args: readonly string[];
  /** Variables for the command; added to the agent's base environment unless `replaceEnv` (`-E`). */
  readonly env: Readonly<Record<string, string>>;
  readonly replaceEnv: boolean;
  readonly cwd: string;
  readonly retries: number;
  readonly periodMs?: number;
  readonly action?: readonly string[];
  readonly childMonitorLevel?: number;
}

/** `pmfadm -s` (stopMonitoring) and `pmfadm -k`; `waitMs` = `-w`. */
export interface PmfSignalRequest {
  readonly tag: string;
  /** Signal name (`SIGTERM`); absent: none for -s, SIGKILL for -k. */
  readonly signal?: string;
  readonly stopMonitoring: boolean;
  readonly waitMs?: number;
}

export interface PmfSignalAnswer {
  /** The tree was gone when the call returned (always false without `waitMs` unless it had no processes). */
  readonly exited: boolean;
}

/** `pmfadm -m`; `periodMs: null` = unbounded. */
export interface PmfModifyRequest {
  readonly tag: string;
  readonly retries?: number;
  readonly periodMs?: number | null;
}

export interface PmfStatusRequest {
  readonly tag: string;
}

/** The status of one tag, or null when there is no such tag. */
export type PmfStatusAnswer = PmfTagStatus | null;

export interface PmfListAnswer {
  readonly tags: readonly string[];
}
