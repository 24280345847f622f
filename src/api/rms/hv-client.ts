// The hv* commands' access to the cluster: its HTTP API at FERRY_ENDPOINT, with plain fetch.
import type { ClusterConfig } from '../../model/index.js';
import type { ClusterView } from '../view/cluster-view.js';

export const DEFAULT_ENDPOINT = 'http://127.0.0.1:7400';

/** Exit status of every hv* command (README): 0 ok, 1 failed or refused, 2 usage, 3 RMS not running, 4 timed out. */
export const HV_EXIT = { ok: 0, failed: 1, usage: 2, notRunning: 3, timeout: 4 } as const;

/** A failure shown as `<command>: <message>` with its exit status. */
export class HvError extends Error {
  constructor(message: string, readonly exitCode: number = HV_EXIT.failed, readonly httpStatus?: number) {
    super(message);
    this.name = 'HvError';
  }
}

export const endpoint = (): string => process.env['FERRY_ENDPOINT'] ?? DEFAULT_ENDPOINT;

/** Calls the API; an unreachable cluster is `RMS is not running` (exit 3), an API refusal its message (exit 1). */
export async function hvApi<T>(method: 'GET' | 'POST', path: string, body?: unknown, timeoutMs = 30_000): Promise<T> {
  let res: Response;
  try {
    res = await fetch(`${endpoint()}${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch {
    throw new HvError('RMS is not running', HV_EXIT.notRunning);
  }
  const text = await res.text();
  let json: unknown = {};
  try { json = text === '' ? {} : JSON.parse(text); } catch { throw new HvError(`unexpected answer from ${endpoint()} (HTTP ${res.status})`); }
  if (!res.ok) {
    const e = (json as { error?: { message?: string } }).error;
    throw new HvError(e?.message ?? `HTTP ${res.status}`, HV_EXIT.failed, res.status);
  }
  return json as T;
}

export interface ClusterState {
  readonly config: ClusterConfig;
  readonly view: ClusterView;
}

export async function readCluster(): Promise<ClusterState> {
  const [c, view] = await Promise.all([hvApi<{ config: ClusterConfig }>('GET', '/v1/config'), hvApi<ClusterView>('GET', '/v1/status')]);
  return { config: c.config, view };
}
