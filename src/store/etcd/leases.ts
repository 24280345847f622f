import { LeaseNotFoundError } from '../store.js';
import type { LeaseId } from '../store.js';
import type { EtcdConnection } from './connection.js';
import { EtcdError, isLeaseNotFound } from './errors.js';
import { parseLeaseId } from './lease-id.js';
import { RPC } from './rpcs.js';

/**
 * etcd counts lease TTLs in whole seconds: `ttlMs` is rounded up. etcd also raises any TTL below its
 * minimum, about 1.5 × the election timeout (2 s with the default 1000 ms), so the TTL that
 * `keepAlive` reports can exceed the one asked for.
 */
export function ttlSeconds(ttlMs: number): number {
  if (!Number.isFinite(ttlMs) || ttlMs <= 0) throw new RangeError(`lease TTL must be a positive number of ms, got ${ttlMs}`);
  return Math.max(1, Math.ceil(ttlMs / 1000));
}

export async function grantLease(conn: EtcdConnection, ttlMs: number): Promise<LeaseId> {
  const ttl = ttlSeconds(ttlMs);
  // A grant sent twice leaves an unused lease that expires on its own: safe to retry.
  const res = await conn.unary(RPC.leaseGrant, { TTL: String(ttl), ID: '0' }, { isIdempotent: true });
  if (res.error !== '') throw new EtcdError('LeaseGrant', 2, res.error);
  return res.ID;
}

/** One renewal on etcd's LeaseKeepAlive stream; the TTL etcd granted, in ms. */
export async function keepAlive(conn: EtcdConnection, lease: LeaseId): Promise<{ readonly ttlMs: number }> {
  const id = parseLeaseId(lease);
  if (id === undefined) throw new LeaseNotFoundError(lease);
  const res = await conn.firstResponse(RPC.leaseKeepAlive, { ID: id }, { isIdempotent: true });
  const ttl = Number(res.TTL);
  // etcd answers a renewal of an expired or unknown lease with TTL 0.
  if (!(ttl > 0)) throw new LeaseNotFoundError(lease);
  return { ttlMs: ttl * 1000 };
}

export async function revokeLease(conn: EtcdConnection, lease: LeaseId): Promise<void> {
  const id = parseLeaseId(lease);
  if (id === undefined) throw new LeaseNotFoundError(lease);
  // Not idempotent: a revoke that was applied and then retried would report "not found".
  await conn.unary(RPC.leaseRevoke, { ID: id }, { isIdempotent: false, mapError: (err) => (isLeaseNotFound(err) ? new LeaseNotFoundError(lease) : undefined) });
}
