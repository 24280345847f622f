import { status } from '@grpc/grpc-js';
import type { ServiceError } from '@grpc/grpc-js';

/**
 * An etcd call failed: no member answered in time, the cluster has no quorum or leader, the request
 * was refused (permissions, space quota, size). `code` is the gRPC status; `details` etcd's words.
 * A txn that failed this way may or may not have been applied: re-read before retrying it.
 */
export class EtcdError extends Error {
  constructor(readonly method: string, readonly code: number, readonly details: string, message?: string) {
    super(message ?? `etcd ${method} failed: ${details} (${status[code] ?? code})`);
    this.name = 'EtcdError';
  }

  /** True when the call ran out of time (the cause is usually a lost quorum or a frozen member). */
  get isTimeout(): boolean {
    return this.code === status.DEADLINE_EXCEEDED;
  }
}

export function isServiceError(err: unknown): err is ServiceError {
  return err instanceof Error && typeof (err as Partial<ServiceError>).code === 'number';
}

export function toEtcdError(method: string, err: ServiceError, callTimeoutMs: number): EtcdError {
  if (err.code === status.DEADLINE_EXCEEDED) {
    return new EtcdError(method, err.code, err.details, `etcd ${method} got no answer within ${callTimeoutMs} ms (is a quorum of etcd members up and reachable?)`);
  }
  return new EtcdError(method, err.code, err.details);
}

/** etcd said the lease does not exist (expired, revoked or never granted). */
export const isLeaseNotFound = (err: ServiceError): boolean => err.code === status.NOT_FOUND && err.details.includes('lease not found');

/** etcd refused a malformed txn (duplicate key, too many ops, too large). */
export const isInvalidTxn = (err: ServiceError): boolean => err.code === status.INVALID_ARGUMENT
  && /duplicate key|too many operations|request is too large|key is not provided|empty key/.test(err.details);

/** The auth token expired or the member restarted and forgot it: authenticate again and retry. */
export const isInvalidToken = (err: ServiceError): boolean => err.code === status.UNAUTHENTICATED
  || (err.code === status.INVALID_ARGUMENT && err.details.includes('invalid auth token'));

/** A member or the connection is unavailable: another member may do. */
export const isUnavailable = (err: ServiceError): boolean => err.code === status.UNAVAILABLE;

/**
 * The request certainly never reached etcd's state machine, so even a write may be sent again: no
 * connection was established, or the member refused it before proposing it (no leader, learner).
 */
export const isNotApplied = (err: ServiceError): boolean => err.code === status.UNAVAILABLE
  && /No connection established|failed to connect|etcdserver: no leader|not supported for learner/.test(err.details);
