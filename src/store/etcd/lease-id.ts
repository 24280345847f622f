import type { LeaseId } from '../store.js';

const MAX_INT64 = (1n << 63n) - 1n;

/**
 * etcd lease IDs are positive int64s, which Ferry carries as decimal strings (a JS number would lose
 * the low bits). Returns the canonical decimal string, or undefined for anything etcd cannot have
 * granted.
 */
export function parseLeaseId(lease: LeaseId): string | undefined {
  if (typeof lease !== 'string' || !/^[1-9][0-9]{0,18}$/.test(lease)) return undefined;
  return BigInt(lease) <= MAX_INT64 ? lease : undefined;
}

/**
 * The ID to send for a put's lease. An ID etcd cannot have granted maps to -1, which etcd answers with
 * "lease not found" only if the put's branch runs: the same outcome as for an expired lease.
 */
export function leaseIdOrNever(lease: LeaseId): string {
  return parseLeaseId(lease) ?? '-1';
}
