import type { ClusterConfig, ClusterStatus } from '../model/index.js';
import type { KeyValue, Store } from '../store/store.js';
import type { Layout } from '../store/layout.js';
import { configFromItems } from '../store/config-repo.js';

/** Everything one RGM pass reads, at one store revision. */
export interface PassSnapshot {
  readonly revision: number;
  readonly config: ClusterConfig;
  readonly status: ClusterStatus | undefined;
  /** Nodes holding a live membership lease. */
  readonly members: ReadonlySet<string>;
  /** Agent reports, oldest first. */
  readonly reports: readonly KeyValue[];
  /** Admin and scha_control requests, oldest first. */
  readonly requests: readonly KeyValue[];
  /** Open (not yet completed) replies to admin requests. */
  readonly replies: readonly KeyValue[];
  /** Intent keys currently written, by action id. */
  readonly intents: ReadonlyMap<string, string>;
  readonly leaderCreateRevision: number;
}

const byRevision = (a: KeyValue, b: KeyValue): number => a.modRevision - b.modRevision || a.key.localeCompare(b.key);

export async function readPassSnapshot(store: Store, keys: Layout): Promise<PassSnapshot> {
  const { items, revision } = await store.list(`${keys.root}/`);
  const under = (prefix: string): KeyValue[] => items.filter((kv) => kv.key.startsWith(prefix));
  const config = configFromItems(under(keys.config), keys);
  const statusKv = items.find((kv) => kv.key === keys.status);
  const leader = items.find((kv) => kv.key === keys.leader);
  const intents = new Map<string, string>();
  for (const kv of under(keys.allIntents)) intents.set(kv.key.slice(kv.key.lastIndexOf('/') + 1), kv.key);
  return {
    revision,
    config,
    status: statusKv ? (JSON.parse(statusKv.value) as ClusterStatus) : undefined,
    members: new Set(under(keys.members).map((kv) => kv.key.slice(keys.members.length))),
    reports: under(keys.reports).sort(byRevision),
    requests: under(keys.requests).sort(byRevision),
    replies: under(keys.replies).filter((kv) => !(JSON.parse(kv.value) as { done?: boolean }).done).sort(byRevision),
    intents,
    leaderCreateRevision: leader?.createRevision ?? 0,
  };
}
