import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { usageError } from '../../cli/errors.js';
import { membershipTiming, type MembershipTiming } from '../../control/membership-timing.js';
import { illegalNameReason } from '../../model/index.js';
import { defaultDataDir, parseListen, type ListenAddress } from '../options.js';

/** Everything one `ferryd` needs, validated. */
export interface FerrydOptions {
  readonly node: string;
  readonly zones: readonly string[] | undefined;
  readonly etcd: readonly string[];
  readonly etcdPrefix: string;
  readonly tls: { readonly ca?: string; readonly cert?: string; readonly key?: string } | undefined;
  readonly auth: { readonly username: string; readonly password: string } | undefined;
  /** Deadline of every etcd call but lease renewals, ms. */
  readonly etcdCallTimeoutMs: number;
  /** HTTP/2 keep-alive ping interval towards etcd (≥ etcd's --grpc-keepalive-min-time, 5 s by default), ms. */
  readonly etcdKeepaliveMs: number;
  readonly dataDir: string;
  readonly listen: ListenAddress;
  /** The API URL other ferryds use to ask this one for its lease age. */
  readonly advertise: string;
  readonly timing: MembershipTiming;
  readonly fenceAgent: string | undefined;
  readonly fenceAction: 'off' | 'reboot';
  readonly fenceTimeoutMs: number;
  readonly watchdog: boolean;
}

/** The raw option values as commander gives them (strings). */
export interface RawFerrydOptions {
  readonly node?: string;
  readonly etcd?: string;
  readonly zones?: string;
  readonly data?: string;
  readonly listen?: string;
  readonly advertise?: string;
  readonly leaseTtlMs?: string;
  readonly renewMs?: string;
  readonly graceMs?: string;
  readonly stopDeadlineMs?: string;
  readonly tlsCa?: string;
  readonly tlsCert?: string;
  readonly tlsKey?: string;
  readonly etcdUser?: string;
  readonly etcdPassword?: string;
  readonly etcdPrefix?: string;
  readonly etcdCallTimeoutMs?: string;
  readonly etcdKeepaliveMs?: string;
  readonly fenceAgent?: string;
  readonly fenceAction?: string;
  readonly fenceTimeoutMs?: string;
  readonly watchdog?: boolean;
}

/**
 * Default lease TTL, for stock etcd (election timeout 1000 ms, which raises any TTL below 2 s to 2 s).
 * Killing the etcd leader stalls lease renewals while the others elect a new one: measured 1.0–1.3 s
 * with a 1000 ms election timeout (0.35–0.65 s with 500 ms, 0.2–0.65 s with 250 ms). At TTL 3 s a
 * node fences itself after 2.2 s without an acknowledged renewal, so losing one etcd member does not
 * make it fence itself; at 2 s (1.4 s) it would be a close call. With a faster etcd
 * (`--election-timeout 250`), TTL 1 s is safe on that count (0.6 s) and fails over in about 1.5 s.
 */
export const DEFAULT_LEASE_TTL_MS = 3000;

function ms(name: string, text: string | undefined, min: number): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text.trim())) throw usageError(`--${name} ${text}: expected a whole number of milliseconds`);
  const v = Number(text);
  if (v < min) throw usageError(`--${name} ${text}: must be at least ${min}`);
  return v;
}

function readPem(flag: string, path: string | undefined): string | undefined {
  if (path === undefined) return undefined;
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    throw usageError(`--${flag} ${path}: cannot read it (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
}

/** Validates raw options; throws a usage error (exit 2) naming the offending option. */
export function resolveFerrydOptions(raw: RawFerrydOptions, env: NodeJS.ProcessEnv = process.env): FerrydOptions {
  const node = raw.node?.trim();
  if (!node) throw usageError('--node NAME is required');
  const bad = illegalNameReason(node);
  if (bad !== undefined) throw usageError(`--node ${node}: ${bad}`);
  const etcd = (raw.etcd ?? '').split(',').map((s) => s.trim()).filter((s) => s !== '');
  if (etcd.length === 0) throw usageError('--etcd URL[,URL…] is required (the client URLs of the etcd members)');
  for (const url of etcd) {
    if (!/^(https?:\/\/)?[^/\s:]+(:\d{1,5})?\/?$/.test(url) && !/^(https?:\/\/)?\[[0-9a-fA-F:]+\](:\d{1,5})?\/?$/.test(url)) {
      throw usageError(`--etcd ${url}: expected http://host:port or https://host:port`);
    }
  }
  const zones = raw.zones === undefined ? undefined : raw.zones.split(',').map((z) => z.trim()).filter((z) => z !== '');
  for (const z of zones ?? []) {
    const why = illegalNameReason(z);
    if (why !== undefined) throw usageError(`--zones ${z}: ${why}`);
  }
  const ttl = ms('lease-ttl-ms', raw.leaseTtlMs, 1000) ?? DEFAULT_LEASE_TTL_MS;
  let timing: MembershipTiming;
  try {
    const renewEveryMs = ms('renew-ms', raw.renewMs, 10);
    const graceMs = ms('grace-ms', raw.graceMs, 0);
    const stopDeadlineMs = ms('stop-deadline-ms', raw.stopDeadlineMs, 10);
    timing = membershipTiming(ttl, {
      ...(renewEveryMs !== undefined ? { renewEveryMs } : {}),
      ...(graceMs !== undefined ? { graceMs } : {}),
      ...(stopDeadlineMs !== undefined ? { stopDeadlineMs } : {}),
    });
  } catch (err) {
    if (err instanceof RangeError) throw usageError(`lease timing: ${err.message}`);
    throw err;
  }
  const listen = parseListen(raw.listen ?? '127.0.0.1:7400');
  const tlsParts = { ca: readPem('tls-ca', raw.tlsCa), cert: readPem('tls-cert', raw.tlsCert), key: readPem('tls-key', raw.tlsKey) };
  if ((tlsParts.cert === undefined) !== (tlsParts.key === undefined)) throw usageError('--tls-cert and --tls-key go together');
  const hasTls = tlsParts.ca !== undefined || tlsParts.cert !== undefined;
  const password = raw.etcdPassword ?? env['FERRY_ETCD_PASSWORD'];
  if (raw.etcdUser !== undefined && password === undefined) throw usageError('--etcd-user needs --etcd-password (or FERRY_ETCD_PASSWORD)');
  if (raw.etcdUser === undefined && raw.etcdPassword !== undefined) throw usageError('--etcd-password needs --etcd-user');
  const fenceAction = raw.fenceAction ?? 'off';
  if (fenceAction !== 'off' && fenceAction !== 'reboot') throw usageError(`--fence-action ${fenceAction}: expected off or reboot`);
  if (raw.fenceAgent !== undefined && raw.fenceAgent.trim() === '') throw usageError('--fence-agent needs a command');
  const host = listen.host === '0.0.0.0' || listen.host === '::' ? '127.0.0.1' : listen.host;
  return {
    node,
    zones,
    etcd,
    etcdPrefix: raw.etcdPrefix ?? '',
    tls: hasTls ? { ...(tlsParts.ca ? { ca: tlsParts.ca } : {}), ...(tlsParts.cert ? { cert: tlsParts.cert } : {}), ...(tlsParts.key ? { key: tlsParts.key } : {}) } : undefined,
    auth: raw.etcdUser !== undefined && password !== undefined ? { username: raw.etcdUser, password } : undefined,
    etcdCallTimeoutMs: ms('etcd-call-timeout-ms', raw.etcdCallTimeoutMs, 100) ?? 2000,
    etcdKeepaliveMs: ms('etcd-keepalive-ms', raw.etcdKeepaliveMs, 100) ?? 5000,
    dataDir: raw.data ?? join(defaultDataDir(), 'ferryd'),
    listen,
    advertise: raw.advertise ?? `http://${host.includes(':') ? `[${host}]` : host}:${listen.port}`,
    timing,
    fenceAgent: raw.fenceAgent,
    fenceAction,
    fenceTimeoutMs: ms('fence-timeout-ms', raw.fenceTimeoutMs, 100) ?? 60_000,
    watchdog: raw.watchdog !== false,
  };
}
