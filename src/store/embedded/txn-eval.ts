import { InvalidTxnError, LeaseNotFoundError } from '../store.js';
import type { Compare, KeyValue, LeaseId, Op, Txn } from '../store.js';
import type { Change } from './entry.js';
import type { Keyspace } from './keyspace.js';

/** What a txn does to the keyspace: which branch ran and the key changes it makes (possibly none). */
export interface TxnOutcome {
  readonly succeeded: boolean;
  readonly changes: readonly Change[];
}

/**
 * Evaluates `txn` against the keyspace without changing it. The changes carry `revision`, the revision
 * they will have if applied (the current revision + 1). Throws `InvalidTxnError` for a malformed txn
 * and `LeaseNotFoundError` when the chosen branch puts a key with a lease that is not live; in both
 * cases nothing is applied.
 */
export function evaluateTxn(ks: Keyspace, txn: Txn, isLeaseLive: (lease: LeaseId) => boolean): TxnOutcome {
  checkShape(txn);
  const succeeded = txn.compare.every((c) => compareHolds(ks.get(c.key), c));
  const ops = succeeded ? txn.success : (txn.failure ?? []);
  return { succeeded, changes: changesOf(ks, ops, ks.revision + 1, isLeaseLive) };
}

function compareHolds(kv: KeyValue | undefined, c: Compare): boolean {
  if (c.target === 'value') {
    // etcd: a value compare on a missing key fails whatever the operator.
    if (kv === undefined) return false;
    return c.op === '=' ? kv.value === c.value : kv.value !== c.value;
  }
  const actual = kv === undefined ? 0 : kv[c.target];
  switch (c.op) {
    case '=': return actual === c.value;
    case '!=': return actual !== c.value;
    case '<': return actual < c.value;
    case '>': return actual > c.value;
  }
}

function changesOf(ks: Keyspace, ops: readonly Op[], revision: number, isLeaseLive: (lease: LeaseId) => boolean): Change[] {
  const deleted = new Set<string>();
  const changes: Change[] = [];
  const remove = (key: string): void => {
    if (deleted.has(key) || ks.get(key) === undefined) return;
    deleted.add(key);
    changes.push({ kind: 'delete', key });
  };
  for (const op of ops) {
    if (op.kind === 'delete') remove(op.key);
    else if (op.kind === 'deletePrefix') ks.keysWithPrefix(op.prefix).forEach(remove);
    else {
      if (op.lease !== undefined && !isLeaseLive(op.lease)) throw new LeaseNotFoundError(op.lease);
      const previous = ks.get(op.key);
      const kv: KeyValue = {
        key: op.key,
        value: op.value,
        createRevision: previous?.createRevision ?? revision,
        modRevision: revision,
        version: (previous?.version ?? 0) + 1,
        ...(op.lease === undefined ? {} : { lease: op.lease }),
      };
      changes.push({ kind: 'put', kv });
    }
  }
  return changes;
}

const TARGETS = new Set(['modRevision', 'createRevision', 'version', 'value']);
const OPS = new Set(['=', '!=', '<', '>']);

/** Rejects what the types allow callers from untyped edges to get wrong, and etcd's duplicate-key rule. */
function checkShape(txn: Txn): void {
  if (!Array.isArray(txn.compare) || !Array.isArray(txn.success) || (txn.failure !== undefined && !Array.isArray(txn.failure))) {
    throw new InvalidTxnError('compare, success and failure must be arrays');
  }
  for (const c of txn.compare) {
    if (typeof c.key !== 'string' || c.key === '') throw new InvalidTxnError('a compare needs a non-empty key');
    if (!TARGETS.has(c.target) || !OPS.has(c.op)) throw new InvalidTxnError(`compare on ${c.key}: bad target ${String(c.target)} or op ${String(c.op)}`);
    if (c.target === 'value' ? typeof c.value !== 'string' || (c.op !== '=' && c.op !== '!=') : !Number.isFinite(c.value)) {
      throw new InvalidTxnError(`compare on ${c.key}: bad value for ${c.target} ${c.op}`);
    }
  }
  checkBranch('success', txn.success);
  checkBranch('failure', txn.failure ?? []);
}

function checkBranch(branch: string, ops: readonly Op[]): void {
  const puts = new Set<string>();
  const deletes: string[] = [];
  const prefixes: string[] = [];
  for (const op of ops) {
    if (op.kind === 'put') {
      if (typeof op.key !== 'string' || op.key === '') throw new InvalidTxnError(`${branch}: a put needs a non-empty key`);
      if (typeof op.value !== 'string') throw new InvalidTxnError(`${branch}: put ${op.key}: value must be a string`);
      if (op.lease !== undefined && typeof op.lease !== 'string') throw new InvalidTxnError(`${branch}: put ${op.key}: lease must be a string`);
      if (puts.has(op.key)) throw new InvalidTxnError(`${branch}: key ${op.key} is put twice`);
      puts.add(op.key);
    } else if (op.kind === 'delete') {
      if (typeof op.key !== 'string' || op.key === '') throw new InvalidTxnError(`${branch}: a delete needs a non-empty key`);
      deletes.push(op.key);
    } else if (op.kind === 'deletePrefix') {
      if (typeof op.prefix !== 'string') throw new InvalidTxnError(`${branch}: deletePrefix needs a string prefix`);
      prefixes.push(op.prefix);
    } else {
      throw new InvalidTxnError(`${branch}: unknown op kind ${String((op as { kind?: unknown }).kind)}`);
    }
  }
  for (const key of puts) {
    if (deletes.includes(key) || prefixes.some((p) => key.startsWith(p))) throw new InvalidTxnError(`${branch}: key ${key} is both put and deleted`);
  }
}
