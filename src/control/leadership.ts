import type { Layout } from '../store/layout.js';
import type { LeaseId, Store } from '../store/store.js';

/** The RGM leader's identity; `epoch` is the store revision at which it took the leadership. */
export interface Leadership {
  readonly node: string;
  readonly epoch: number;
  readonly lease: LeaseId;
}

/**
 * Takes the RGM leadership with a create-if-absent transaction on the leader key, attached to a
 * lease. The revision of that transaction is the epoch (fencing token): every write the leader makes
 * compares the leader key's createRevision with it, so a deposed leader's writes fail.
 * Resolves undefined when someone else holds it.
 */
export async function tryAcquireLeadership(store: Store, keys: Layout, node: string, lease: LeaseId): Promise<Leadership | undefined> {
  const r = await store.txn({
    compare: [{ key: keys.leader, target: 'createRevision', op: '=', value: 0 }],
    success: [{ kind: 'put', key: keys.leader, value: JSON.stringify({ node }), lease }],
  });
  if (!r.succeeded) return undefined;
  // The key's createRevision is the txn's revision; write it into the value for readers.
  const kv = await store.get(keys.leader);
  if (!kv) return undefined;
  const epoch = kv.createRevision;
  await store.txn({
    compare: [{ key: keys.leader, target: 'createRevision', op: '=', value: epoch }],
    success: [{ kind: 'put', key: keys.leader, value: JSON.stringify({ node, epoch }), lease }],
  });
  return { node, epoch, lease };
}
