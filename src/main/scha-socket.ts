// A one-shot caller of the agent endpoint for the scha_* commands, on node:net. It speaks the same
// JSON over HTTP/1.1 as the endpoint client (src/agent/endpoint/client.ts) — `POST /<route>`,
// answer `{ ok, result | error }` — but without node:http, whose client costs some 30 ms of
// compilation at its first request: that is most of a scha_* call (bench/scha.bench.ts).
import { connect } from 'node:net';

/** Why a call failed, as the endpoint client reports it. */
export class SocketCallError extends Error {
  constructor(readonly kind: 'unreachable' | 'timeout' | 'protocol' | 'remote', message: string, readonly code?: string) {
    super(message);
  }
}

/**
 * POSTs `body` as JSON to `route` on the Unix socket and resolves with the route's result.
 * One connection per call (`Connection: close`); `timeoutMs` 0 waits as long as the route takes.
 */
export function callSocket(socketPath: string, route: string, body: unknown, timeoutMs: number): Promise<unknown> {
  const payload = Buffer.from(JSON.stringify(body ?? null), 'utf8');
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let settled = false;
    const fail = (err: SocketCallError): void => {
      if (settled) return;
      settled = true;
      socket.destroy();
      reject(err);
    };
    const socket = connect(socketPath);
    const timer = timeoutMs > 0 ? setTimeout(() => fail(new SocketCallError('timeout', `${route}: no answer within ${timeoutMs} ms`)), timeoutMs) : undefined;
    socket.on('connect', () => {
      // Not half-closed after the body: the endpoint takes a closed request side for a caller gone.
      socket.write(`POST /${encodeURIComponent(route)} HTTP/1.1\r\nHost: agent\r\nContent-Type: application/json\r\nContent-Length: ${payload.length}\r\nConnection: close\r\n\r\n`);
      socket.write(payload);
    });
    // Resolve as soon as the whole answer is in, without waiting for the endpoint to close.
    socket.on('data', (c: Buffer) => {
      chunks.push(c);
      const raw = Buffer.concat(chunks);
      if (settled || !complete(raw)) return;
      if (timer) clearTimeout(timer);
      settled = true;
      socket.destroy();
      try {
        resolve(parseAnswer(route, raw));
      } catch (err) {
        reject(err);
      }
    });
    socket.on('error', (err: NodeJS.ErrnoException) => {
      if (timer) clearTimeout(timer);
      const unreachable = ['ENOENT', 'ECONNREFUSED', 'EACCES', 'ENOTSOCK', 'EPERM'].includes(err.code ?? '');
      fail(new SocketCallError(unreachable ? 'unreachable' : 'protocol', `cannot reach the agent at ${socketPath}: ${err.code ?? err.message}`));
    });
    socket.on('end', () => {
      if (timer) clearTimeout(timer);
      if (settled) return;
      settled = true;
      try {
        resolve(parseAnswer(route, Buffer.concat(chunks)));
      } catch (err) {
        reject(err);
      }
    });
  });
}

/** The result of an HTTP answer `{ ok: true, result }`; throws SocketCallError for anything else. */
export function parseAnswer(route: string, raw: Buffer): unknown {
  const head = raw.indexOf('\r\n\r\n');
  const status = /^HTTP\/1\.[01] (\d{3})/.exec(raw.subarray(0, Math.max(0, head)).toString('latin1'));
  if (head < 0 || !status) throw new SocketCallError('protocol', `${route}: the answer is not HTTP`);
  let answer: { ok?: unknown; result?: unknown; error?: { code?: unknown; message?: unknown } };
  try {
    answer = JSON.parse(raw.subarray(head + 4).toString('utf8')) as typeof answer;
  } catch {
    throw new SocketCallError('protocol', `${route}: the answer is not JSON (HTTP ${status[1] ?? '?'})`);
  }
  if (answer.ok === true) return answer.result;
  const code = typeof answer.error?.code === 'string' ? answer.error.code : 'error';
  throw new SocketCallError('remote', typeof answer.error?.message === 'string' ? answer.error.message : `${route} failed (HTTP ${status[1] ?? '?'})`, code);
}

/** The headers are in and the body has the Content-Length they announce. */
function complete(raw: Buffer): boolean {
  const head = raw.indexOf('\r\n\r\n');
  if (head < 0) return false;
  const m = /\r\ncontent-length: *(\d+)/i.exec(raw.subarray(0, head).toString('latin1'));
  return m !== null && raw.length - (head + 4) >= Number(m[1]);
}
