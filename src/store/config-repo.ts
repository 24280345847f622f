import type { ClusterConfig, ClusterNode, Resource, ResourceGroup, ResourceType } from '../model/index.js';
import type { Layout } from './layout.js';
import type { KeyValue, Op, Store } from './store.js';

/** A configuration read at one store revision, with the guard a later write must compare against. */
export interface ConfigSnapshot {
  readonly config: ClusterConfig;
  /** modRevision of the meta key when read (0 if never written). */
  readonly metaRevision: number;
  readonly revision: number;
}

/**
 * The last configuration read per store and root. Every configuration write rewrites the meta key
 * (configOps), so an unchanged meta revision means an unchanged configuration.
 */
const cache = new WeakMap<Store, Map<string, ConfigSnapshot>>();

/**
 * Reads the whole configuration at one revision. A configuration already read is not parsed again
 * while the meta key is unchanged (one `get` instead of listing and parsing every object); its
 * `revision` is then the one it was read at.
 */
export async function loadConfig(store: Store, keys: Layout): Promise<ConfigSnapshot> {
  const known = cache.get(store)?.get(keys.root);
  if (known !== undefined) {
    const meta = await store.get(keys.configMeta);
    if ((meta?.modRevision ?? 0) === known.metaRevision) return known;
  }
  const { items, revision } = await store.list(keys.config);
  const meta = items.find((kv) => kv.key === keys.configMeta);
  const snapshot = { config: configFromItems(items, keys), metaRevision: meta?.modRevision ?? 0, revision };
  if (!cache.has(store)) cache.set(store, new Map());
  cache.get(store)?.set(keys.root, snapshot);
  return snapshot;
}

/** Assembles the configuration from the key-values under `keys.config` (other keys are ignored). */
export function configFromItems(items: readonly KeyValue[], keys: Layout): ClusterConfig {
  const under = <T>(prefix: string): T[] => items.filter((kv) => kv.key.startsWith(prefix)).map((kv) => JSON.parse(kv.value) as T);
  const meta = items.find((kv) => kv.key === keys.configMeta);
  const m = meta ? (JSON.parse(meta.value) as { clusterName: string; generation: number }) : { clusterName: DEFAULT_CLUSTER_NAME, generation: 0 };
  return {
    clusterName: m.clusterName,
    generation: m.generation,
    nodes: under<ClusterNode>(keys.nodes).sort((a, b) => a.id - b.id),
    types: under<ResourceType>(keys.types),
    groups: under<ResourceGroup>(keys.groups),
    resources: under<Resource>(keys.resources),
  };
}

export const DEFAULT_CLUSTER_NAME = 'ferry';

/** The ops that turn `before` into `after`, writing only the objects that changed. */
export function configOps(keys: Layout, before: ClusterConfig, after: ClusterConfig): Op[] {
  const ops: Op[] = [{ kind: 'put', key: keys.configMeta, value: JSON.stringify({ clusterName: after.clusterName, generation: after.generation }) }];
  const diff = <T extends { name: string }>(a: readonly T[], b: readonly T[], key: (n: string) => string): void => {
    const old = new Map(a.map((x) => [x.name, JSON.stringify(x)]));
    for (const x of b) {
      const text = JSON.stringify(x);
      if (old.get(x.name) !== text) ops.push({ kind: 'put', key: key(x.name), value: text });
      old.delete(x.name);
    }
    for (const name of old.keys()) ops.push({ kind: 'delete', key: key(name) });
  };
  diff(before.nodes, after.nodes, keys.node);
  diff(before.types, after.types, keys.type);
  diff(before.groups, after.groups, keys.group);
  diff(before.resources, after.resources, keys.resource);
  return ops;
}

/**
 * Writes `after` if the configuration is still the one `snapshot` read (compare-and-swap on the
 * meta key's revision). Returns false when someone else changed it first: re-read and re-apply.
 */
export async function commitConfig(store: Store, keys: Layout, snapshot: ConfigSnapshot, after: ClusterConfig): Promise<boolean> {
  const r = await store.txn({
    compare: [{ key: keys.configMeta, target: 'modRevision', op: '=', value: snapshot.metaRevision }],
    success: configOps(keys, snapshot.config, after),
  });
  return r.succeeded;
}
