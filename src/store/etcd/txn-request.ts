import { InvalidTxnError } from '../store.js';
import type { Compare, Op, Txn } from '../store.js';
import type { KeyCodec } from './keys.js';
import type { CompareResult, CompareTarget, EtcdCompare, RequestOp, TxnRequest } from './messages.js';
import { leaseIdOrNever } from './lease-id.js';

const TARGETS: Record<Compare['target'], CompareTarget> = { modRevision: 'MOD', createRevision: 'CREATE', version: 'VERSION', value: 'VALUE' };
const RESULTS: Record<Compare['op'], CompareResult> = { '=': 'EQUAL', '!=': 'NOT_EQUAL', '<': 'LESS', '>': 'GREATER' };

/**
 * Translates a Store txn into etcd's TxnRequest, keys namespaced by `keys`. Throws InvalidTxnError
 * for what etcd would refuse (an empty key, a key written twice by one branch) or what the types
 * forbid but an untyped caller can send, so both stores refuse the same txns with the same error.
 */
export function toTxnRequest(txn: Txn, keys: KeyCodec): TxnRequest {
  if (!Array.isArray(txn.compare) || !Array.isArray(txn.success) || (txn.failure !== undefined && !Array.isArray(txn.failure))) {
    throw new InvalidTxnError('compare, success and failure must be arrays');
  }
  return {
    compare: txn.compare.map((c) => toCompare(c, keys)),
    success: toOps('success', txn.success, keys),
    failure: toOps('failure', txn.failure ?? [], keys),
  };
}

function toCompare(c: Compare, keys: KeyCodec): EtcdCompare {
  if (typeof c.key !== 'string' || c.key === '') throw new InvalidTxnError('a compare needs a non-empty key');
  const target = TARGETS[c.target];
  const result = RESULTS[c.op];
  if (target === undefined || result === undefined) throw new InvalidTxnError(`compare on ${c.key}: bad target ${String(c.target)} or op ${String(c.op)}`);
  const key = keys.encode(c.key);
  if (c.target === 'value') {
    if (typeof c.value !== 'string' || (c.op !== '=' && c.op !== '!=')) throw new InvalidTxnError(`compare on ${c.key}: bad value for value ${c.op}`);
    return { key, target, result, value: Buffer.from(c.value, 'utf8') };
  }
  if (!Number.isSafeInteger(c.value)) throw new InvalidTxnError(`compare on ${c.key}: ${c.target} ${c.op} needs an integer, got ${String(c.value)}`);
  const n = String(c.value);
  if (c.target === 'version') return { key, target, result, version: n };
  if (c.target === 'createRevision') return { key, target, result, create_revision: n };
  return { key, target, result, mod_revision: n };
}

function toOps(branch: string, ops: readonly Op[], keys: KeyCodec): RequestOp[] {
  const puts = new Set<string>();
  const deleted: ((key: string) => boolean)[] = [];
  const out = ops.map((op): RequestOp => {
    switch (op.kind) {
      case 'put': {
        if (typeof op.key !== 'string' || op.key === '') throw new InvalidTxnError(`${branch}: a put needs a non-empty key`);
        if (typeof op.value !== 'string') throw new InvalidTxnError(`${branch}: put ${op.key}: value must be a string`);
        if (op.lease !== undefined && typeof op.lease !== 'string') throw new InvalidTxnError(`${branch}: put ${op.key}: lease must be a string`);
        if (puts.has(op.key)) throw new InvalidTxnError(`${branch}: key ${op.key} is put twice`);
        puts.add(op.key);
        const lease = op.lease === undefined ? {} : { lease: leaseIdOrNever(op.lease) };
        return { request_put: { key: keys.encode(op.key), value: Buffer.from(op.value, 'utf8'), ...lease } };
      }
      case 'delete':
        if (typeof op.key !== 'string' || op.key === '') throw new InvalidTxnError(`${branch}: a delete needs a non-empty key`);
        deleted.push((key) => key === op.key);
        return { request_delete_range: { key: keys.encode(op.key) } };
      case 'deletePrefix':
        if (typeof op.prefix !== 'string') throw new InvalidTxnError(`${branch}: deletePrefix needs a string prefix`);
        deleted.push((key) => key.startsWith(op.prefix));
        return { request_delete_range: keys.range(op.prefix) };
      default:
        throw new InvalidTxnError(`${branch}: unknown op kind ${String((op as { kind?: unknown }).kind)}`);
    }
  });
  for (const key of puts) {
    if (deleted.some((isDeleted) => isDeleted(key))) throw new InvalidTxnError(`${branch}: key ${key} is both put and deleted`);
  }
  return out;
}

/** The first lease a txn puts keys with: the one etcd's "lease not found" is about. */
export function leaseOf(txn: Txn): string | undefined {
  for (const op of [...txn.success, ...(txn.failure ?? [])]) if (op.kind === 'put' && op.lease !== undefined) return op.lease;
  return undefined;
}
