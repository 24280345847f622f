// The client half of the agent endpoint. It runs inside every scha_* and pmfadm call, so it
// imports node:http and nothing else (no validation library, no server code).
import { request } from 'node:http';

/**
 * Why a call failed: `unreachable` (no socket, refused, no permission), `timeout`, `protocol` (the
 * answer was not ours), or `remote` (the handler refused; `code` and `message` are its own).
 */
export class EndpointCallError extends Error {
  override readonly name = 'EndpointCallError';
  constructor(
    readonly kind: 'unreachable' | 'timeout' | 'protocol' | 'remote',
    /** The handler's error code for `remote` (e.g. `no-such-tag`), else the same as `kind`. */
    readonly code: string,
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

export interface CallOptions {
  /** Give up after this long (default 30 000 ms); 0 = wait as long as the handler takes. */
  readonly timeoutMs?: number;
}

/**
 * Calls `route` on the agent endpoint at `socketPath` with a JSON `body` and resolves with the
 * handler's result. Rejects only with EndpointCallError. One connection per call (no keep-alive),
 * so a short-lived command exits as soon as it has its answer.
 */
/** How long a caller keeps retrying while the agent's listen queue is full (EAGAIN), ms. */
const BUSY_RETRY_MS = 10_000;

/**
 * Calls one route of the agent's endpoint. When the agent is too busy to accept (its listen queue is
 * full: EAGAIN, as when hundreds of methods start at once) the call is retried for up to 10 s with a
 * growing pause; every other failure is reported at once.
 */
export async function callEndpoint(socketPath: string, route: string, body: unknown, options: CallOptions = {}): Promise<unknown> {
  const giveUpAt = Date.now() + BUSY_RETRY_MS;
  for (let pauseMs = 5; ; pauseMs = Math.min(pauseMs * 2, 200)) {
    try {
      return await callOnce(socketPath, route, body, options);
    } catch (err) {
      if (!(err instanceof EndpointCallError) || !err.message.endsWith(': EAGAIN') || Date.now() + pauseMs > giveUpAt) throw err;
      await new Promise((r) => setTimeout(r, pauseMs));
    }
  }
}

function callOnce(socketPath: string, route: string, body: unknown, options: CallOptions): Promise<unknown> {
  const payload = JSON.stringify(body ?? null);
  const timeoutMs = options.timeoutMs ?? 30_000;
  return new Promise((resolve, reject) => {
    let timer: NodeJS.Timeout | undefined;
    const fail = (err: EndpointCallError): void => {
      clearTimeout(timer);
      reject(err);
    };
    const req = request({
      socketPath,
      path: `/${encodeURIComponent(route)}`,
      method: 'POST',
      agent: false,
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) },
    }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', (err) => fail(new EndpointCallError('protocol', 'protocol', `reading the answer of ${route}: ${err.message}`)));
      res.on('end', () => {
        clearTimeout(timer);
        let answer: { ok?: unknown; result?: unknown; error?: { code?: unknown; message?: unknown } };
        try {
          answer = JSON.parse(Buffer.concat(chunks).toString('utf8')) as typeof answer;
        } catch {
          return fail(new EndpointCallError('protocol', 'protocol', `${route}: the answer is not JSON (HTTP ${res.statusCode})`, res.statusCode));
        }
        if (answer.ok === true) return resolve(answer.result);
        const code = typeof answer.error?.code === 'string' ? answer.error.code : 'error';
        const message = typeof answer.error?.message === 'string' ? answer.error.message : `${route} failed (HTTP ${res.statusCode})`;
        fail(new EndpointCallError('remote', code, message, res.statusCode));
      });
    });
    req.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'ETIMEDOUT_FERRY') return fail(new EndpointCallError('timeout', 'timeout', `${route}: no answer within ${timeoutMs} ms`));
      const unreachable = ['ENOENT', 'ECONNREFUSED', 'EACCES', 'ENOTSOCK', 'ECONNRESET', 'EPERM'].includes(err.code ?? '');
      fail(new EndpointCallError(unreachable ? 'unreachable' : 'protocol', unreachable ? 'unreachable' : 'protocol', `cannot reach the agent at ${socketPath}: ${err.code ?? err.message}`));
    });
    if (timeoutMs > 0) {
      timer = setTimeout(() => req.destroy(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT_FERRY' })), timeoutMs);
    }
    req.end(payload);
  });
}
