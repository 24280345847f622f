import { chmod, lstat, mkdir, unlink } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { connect } from 'node:net';
import { dirname } from 'node:path';

/**
 * What a handler knows about the call. Peer credentials (SO_PEERCRED) are not available: Node
 * exposes no API for them without native code. Isolation therefore comes from the socket itself:
 * the agent serves one socket per node and per zone, with file modes, and `socketPath` says which.
 */
export interface EndpointContext {
  readonly route: string;
  readonly socketPath: string;
  /** Aborted when the caller hangs up (e.g. a monitor killed while waiting on scha_control). */
  readonly signal: AbortSignal;
}

export type RouteHandler = (body: unknown, ctx: EndpointContext) => Promise<unknown>;
export type Routes = Readonly<Record<string, RouteHandler>>;

/** A refusal a handler throws; the caller gets `code` and `message` (and HTTP `status`, default 400). */
export class EndpointError extends Error {
  override readonly name = 'EndpointError';
  constructor(readonly code: string, message: string, readonly status = 400) {
    super(message);
  }
}

export interface EndpointOptions {
  /** Mode of the socket file, default 0o600 (0o660 to let a group in). */
  readonly mode?: number;
  /** Mode of directories created for the socket, default 0o755. */
  readonly dirMode?: number;
  /** Largest request body accepted, default 1 MiB. */
  readonly maxBodyBytes?: number;
}

export interface Endpoint {
  readonly socketPath: string;
  /** Stops accepting calls, ends open connections and removes the socket file. */
  close(): Promise<void>;
}

/**
 * Serves `routes` as JSON over HTTP on a Unix socket: `POST /<route>` with a JSON body answers
 * `{ ok: true, result }`, or `{ ok: false, error: { code, message } }` with status 400 (bad
 * request, handler refusal), 404 (unknown route) or 500 (handler crashed). A stale socket file
 * left by a dead agent is replaced; a live one makes this throw (two agents on one socket).
 */
export async function serveEndpoint(socketPath: string, routes: Routes, options: EndpointOptions = {}): Promise<Endpoint> {
  await mkdir(dirname(socketPath), { recursive: true, mode: options.dirMode ?? 0o755 });
  await removeStaleSocket(socketPath);
  const maxBody = options.maxBodyBytes ?? 1024 * 1024;
  const server = createServer((req, res) => void handle(req, res, routes, socketPath, maxBody));
  // Handlers such as scha_control may legitimately take minutes.
  server.requestTimeout = 0;
  server.timeout = 0;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    // bind() happens synchronously inside listen(): a tight umask keeps the socket private until chmod.
    const old = process.umask(0o177);
    try {
      // A deep queue: hundreds of methods may call in at once (the kernel caps it at somaxconn).
      server.listen({ path: socketPath, backlog: 4096 }, () => resolve());
    } finally {
      process.umask(old);
    }
  });
  await chmod(socketPath, options.mode ?? 0o600);
  return {
    socketPath,
    close: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await unlink(socketPath).catch(() => undefined);
    },
  };
}

async function handle(req: IncomingMessage, res: ServerResponse, routes: Routes, socketPath: string, maxBody: number): Promise<void> {
  const reply = (status: number, answer: unknown): void => {
    if (res.headersSent || res.destroyed) return;
    const text = JSON.stringify(answer);
    res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
    res.end(text);
  };
  const refuse = (status: number, code: string, message: string): void => reply(status, { ok: false, error: { code, message } });
  let route: string;
  try {
    route = decodeURIComponent((req.url ?? '/').slice(1));
  } catch {
    return refuse(400, 'bad-request', 'malformed route');
  }
  if (req.method !== 'POST') return refuse(405, 'bad-request', `use POST, not ${req.method ?? '?'}`);
  const handler = Object.hasOwn(routes, route) ? routes[route] : undefined;
  if (handler === undefined) return refuse(404, 'unknown-route', `no route "${route}"`);
  let body: unknown;
  try {
    body = JSON.parse(await readBody(req, maxBody));
  } catch (err) {
    return refuse(400, 'bad-request', `request body: ${(err as Error).message}`);
  }
  const hangUp = new AbortController();
  res.on('close', () => { if (!res.writableFinished) hangUp.abort(); });
  try {
    const result = await handler(body, { route, socketPath, signal: hangUp.signal });
    reply(200, { ok: true, result: result ?? null });
  } catch (err) {
    if (err instanceof EndpointError) return refuse(err.status, err.code, err.message);
    refuse(500, 'internal', `${route}: ${(err as Error).message}`);
  }
}

function readBody(req: IncomingMessage, maxBytes: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > maxBytes) {
        reject(new Error(`larger than ${maxBytes} bytes`));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(chunks.length === 0 ? 'null' : Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** Removes a socket file nobody listens on; throws if someone does, or if the path is not a socket. */
async function removeStaleSocket(socketPath: string): Promise<void> {
  let isSocket: boolean;
  try {
    isSocket = (await lstat(socketPath)).isSocket();
  } catch {
    return; // nothing there
  }
  if (!isSocket) throw new Error(`${socketPath} exists and is not a socket; refusing to replace it`);
  const live = await new Promise<boolean>((resolve) => {
    const probe = connect(socketPath);
    probe.once('connect', () => { probe.destroy(); resolve(true); });
    probe.once('error', () => resolve(false));
  });
  if (live) throw new Error(`another process already serves ${socketPath}`);
  await unlink(socketPath);
}
