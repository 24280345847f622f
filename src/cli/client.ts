import { CliError, EXIT } from './errors.js';

export const DEFAULT_ENDPOINT = 'http://127.0.0.1:7400';

/** Where the cluster's API is: `FERRY_ENDPOINT`, else the local default. */
export const endpoint = (): string => process.env['FERRY_ENDPOINT'] ?? DEFAULT_ENDPOINT;

interface ErrorBody { readonly error?: { readonly message?: string; readonly problems?: readonly { readonly message: string }[] } }

/** Calls the cluster API; API errors become CliErrors carrying the server's one-line message. */
export async function api<T>(method: 'GET' | 'POST', path: string, body?: unknown, timeoutMs = 30_000): Promise<T> {
  const url = `${endpoint()}${path}`;
  let res: Response;
  try {
    res = await fetch(url, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (err) {
    const why = err instanceof Error && 'cause' in err && err.cause instanceof Error ? err.cause.message : String(err);
    throw new CliError(`cannot reach the cluster at ${endpoint()} (${why}); is "ferry up" running, or FERRY_ENDPOINT set?`, EXIT.unreachable);
  }
  const text = await res.text();
  const json = text === '' ? {} : (JSON.parse(text) as unknown);
  if (!res.ok) {
    const e = (json as ErrorBody).error;
    const problems = (e?.problems ?? []).map((p) => p.message);
    throw new CliError(e?.message ?? `HTTP ${res.status}`, EXIT.failed, problems.length > 1 ? problems : []);
  }
  return json as T;
}
