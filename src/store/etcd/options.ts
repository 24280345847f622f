/** Receives the store's few operational messages (a watch moving to another member); the store never prints. */
export type EtcdStoreLogger = (level: 'info' | 'warn', message: string) => void;

/** How to reach and use an etcd v3 cluster (3.4 or later). */
export interface EtcdStoreOptions {
  /**
   * Client URLs of the members, e.g. `http://10.0.0.1:2379`; `https://` (or `tls`) for TLS. A bare
   * `host:port` means http. Calls go to one member at a time and move on when it fails.
   */
  readonly endpoints: readonly string[];
  /**
   * Prepended to every key Ferry reads, writes or watches, and stripped from every key it returns,
   * so several Ferry clusters (or other users) can share one etcd. Default '' (no namespace).
   */
  readonly prefix?: string;
  /** PEM contents (not paths): the CA that signed the members' certificates, and a client pair for mutual TLS. */
  readonly tls?: { readonly ca?: string | Buffer; readonly cert?: string | Buffer; readonly key?: string | Buffer };
  /** etcd user and password; the store authenticates and renews its token as needed. */
  readonly auth?: { readonly username: string; readonly password: string };
  /**
   * Deadline of every unary call, retries included (default 2000). Without one a call hangs for as
   * long as the cluster has no quorum.
   */
  readonly callTimeoutMs?: number;
  /**
   * Interval of HTTP/2 keep-alive pings while calls or watches are open (default 10,000), so a member
   * that froze or vanished from the network is noticed and its watches move to another member. etcd
   * answers pings more frequent than its `--grpc-keepalive-min-time` (default 5 s) with GOAWAY.
   */
  readonly keepaliveMs?: number;
  /** How long a keep-alive ping may go unanswered before the connection is dropped (default 5000). */
  readonly keepaliveTimeoutMs?: number;
  readonly logger?: EtcdStoreLogger;
}

export interface ResolvedOptions {
  readonly endpoints: readonly Endpoint[];
  readonly prefix: string;
  readonly isTls: boolean;
  readonly tls: EtcdStoreOptions['tls'];
  readonly auth: EtcdStoreOptions['auth'];
  readonly callTimeoutMs: number;
  readonly keepaliveMs: number;
  readonly keepaliveTimeoutMs: number;
  readonly logger: EtcdStoreLogger | undefined;
}

/** One member's address as gRPC wants it (`host:port`), and the URL it came from. */
export interface Endpoint {
  readonly url: string;
  readonly target: string;
  readonly isTls: boolean;
}

export const DEFAULT_CALL_TIMEOUT_MS = 2000;
export const DEFAULT_KEEPALIVE_MS = 10_000;
export const DEFAULT_KEEPALIVE_TIMEOUT_MS = 5000;

/** Validates options; throws TypeError / RangeError naming the offending option. */
export function resolveOptions(options: EtcdStoreOptions): ResolvedOptions {
  if (!Array.isArray(options.endpoints) || options.endpoints.length === 0) throw new TypeError('endpoints must be a non-empty list of etcd client URLs');
  const endpoints = options.endpoints.map(parseEndpoint);
  const isTls = endpoints[0]?.isTls ?? false;
  if (endpoints.some((e) => e.isTls !== isTls)) throw new TypeError('endpoints must all use TLS (https://) or all not (http://)');
  const prefix = options.prefix ?? '';
  if (typeof prefix !== 'string') throw new TypeError('prefix must be a string');
  if (options.auth !== undefined && (typeof options.auth.username !== 'string' || options.auth.username === '' || typeof options.auth.password !== 'string')) {
    throw new TypeError('auth needs a non-empty username and a password');
  }
  return {
    endpoints,
    prefix,
    isTls: isTls || options.tls !== undefined,
    tls: options.tls,
    auth: options.auth,
    callTimeoutMs: positiveMs('callTimeoutMs', options.callTimeoutMs, DEFAULT_CALL_TIMEOUT_MS),
    keepaliveMs: positiveMs('keepaliveMs', options.keepaliveMs, DEFAULT_KEEPALIVE_MS),
    keepaliveTimeoutMs: positiveMs('keepaliveTimeoutMs', options.keepaliveTimeoutMs, DEFAULT_KEEPALIVE_TIMEOUT_MS),
    logger: options.logger,
  };
}

function positiveMs(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value <= 0) throw new RangeError(`${name} must be a positive number of milliseconds, got ${String(value)}`);
  return value;
}

/** `http://host:port`, `https://host:port`, `[v6]:port` or `host:port` → gRPC target. */
export function parseEndpoint(raw: string): Endpoint {
  if (typeof raw !== 'string' || raw.trim() === '') throw new TypeError('an etcd endpoint must be a non-empty URL');
  const text = raw.trim();
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `http://${text}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new TypeError(`etcd endpoint ${JSON.stringify(raw)} is not a URL (expected http://host:port)`);
  }
  const scheme = url.protocol.slice(0, -1);
  if (!['http', 'https', 'tls'].includes(scheme)) throw new TypeError(`etcd endpoint ${JSON.stringify(raw)}: scheme ${scheme} is not http, https or tls`);
  if (url.hostname === '') throw new TypeError(`etcd endpoint ${JSON.stringify(raw)} has no host`);
  if ((url.pathname !== '/' && url.pathname !== '') || url.search !== '' || url.username !== '') {
    throw new TypeError(`etcd endpoint ${JSON.stringify(raw)} must be only scheme://host:port`);
  }
  // URL drops a port equal to the scheme's default (80/443); etcd's default client port is 2379.
  const hasExplicitPort = /:\d+\/?$/.test(text);
  const port = url.port !== '' ? url.port : hasExplicitPort ? (scheme === 'http' ? '80' : '443') : '2379';
  return { url: text, target: `${url.hostname}:${port}`, isTls: scheme !== 'http' };
}
