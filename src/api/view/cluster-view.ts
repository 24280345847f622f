import type { ClusterConfig, GroupState, ResourceState, ResourceStatus } from '../../model/index.js';
import { formatNodeTarget, groupValue, parseNodeTarget } from '../../model/index.js';
import { loadConfig } from '../../store/config-repo.js';
import type { Layout } from '../../store/layout.js';
import type { KeyValue, Store } from '../../store/store.js';
import { deriveStates, type StatusLike } from './derive.js';
import { deriveRmsStates, type RmsObjectState } from '../rms/rms-states.js';

/** One view-model of the cluster, rendered as text by the CLI, as JSON, and as HTML by the web page. */
export interface ClusterView {
  readonly clusterName: string;
  readonly generation: number;
  readonly revision: number;
  readonly leader?: { readonly node: string; readonly epoch: number };
  readonly nodes: readonly NodeView[];
  readonly groups: readonly GroupView[];
  readonly resources: readonly ResourceView[];
  /** Several machines (ferryd): the etcd members as the answering ferryd sees them. */
  readonly etcd?: readonly EtcdMemberView[];
}
export interface EtcdMemberView { readonly endpoint: string; readonly healthy: boolean; readonly isLeader?: boolean; readonly version?: string; readonly error?: string }
export interface NodeView {
  readonly name: string; readonly id: number; readonly state: 'UP' | 'DOWN'; readonly zones: readonly string[]; readonly leaseAgeMs?: number;
  /** The node as an RMS SysNode (hvdisp). */
  readonly rms?: RmsObjectState;
}
export interface GroupView {
  readonly name: string; readonly flavor: string; readonly managed: boolean; readonly suspended: boolean; readonly mode: string;
  readonly nodelist: readonly string[];
  /** `rms`: the group as an RMS userApplication on that target (hvdisp State / StateDetails). */
  readonly perNode: readonly { readonly target: string; readonly state: GroupState; readonly rms?: RmsObjectState }[];
}
export interface ResourceView {
  readonly name: string; readonly group: string; readonly type: string; readonly enabled: boolean; readonly monitored: boolean;
  readonly perNode: readonly { readonly target: string; readonly state: ResourceState; readonly status: ResourceStatus; readonly message: string; readonly rms?: RmsObjectState }[];
}

/** The nodelist of a group as targets; an empty Nodelist means every node, in node-id order. */
export function groupTargets(config: ClusterConfig, groupName: string): string[] {
  const group = config.groups.find((g) => g.name === groupName);
  const list = group ? (groupValue(group, 'Nodelist') as readonly string[] | undefined) ?? [] : [];
  return list.length > 0 ? list.map((t) => formatNodeTarget(parseNodeTarget(t))) : config.nodes.map((n) => n.name);
}

/** How long a view built from unchanged keys is served again (ms): it shows lease ages and time-based states. */
const VIEW_REUSE_MS = 250;
const views = new WeakMap<Store, { readonly stamp: string; readonly atMs: number; readonly view: ClusterView }>();

/**
 * The cluster as the status command, the web page and the metrics show it. Polled often (CLI
 * progress lines, dashboards), so a view is reused for a moment while the configuration, status,
 * membership and leader it was built from are unchanged.
 */
export async function readClusterView(store: Store, keys: Layout): Promise<ClusterView> {
  const [snap, statusKv, members, leaderKv] = await Promise.all([
    loadConfig(store, keys), store.get(keys.status), store.list(keys.members), store.get(keys.leader),
  ]);
  const stamp = [snap.metaRevision, statusKv?.modRevision ?? 0, leaderKv?.modRevision ?? 0, ...members.items.map((kv) => `${kv.key}@${kv.modRevision}`)].join(' ');
  const known = views.get(store);
  if (known !== undefined && known.stamp === stamp && Date.now() - known.atMs < VIEW_REUSE_MS) return known.view;
  const view = buildView(snap.config, Math.max(snap.revision, statusKv?.modRevision ?? 0, members.revision), statusKv?.value, members.items, leaderKv?.value, keys);
  views.set(store, { stamp, atMs: Date.now(), view });
  return view;
}

function buildView(config: ClusterConfig, revision: number, statusText: string | undefined, memberItems: readonly KeyValue[], leaderText: string | undefined, keys: Layout): ClusterView {
  const status = statusText !== undefined ? (JSON.parse(statusText) as StatusLike) : undefined;
  const up = new Map(memberItems.map((kv) => [kv.key.slice(keys.members.length), JSON.parse(kv.value) as { renewedAtMs?: number }]));
  const derived = deriveStates(config, status, Date.now());
  const rms = deriveRmsStates(config, status, Date.now());
  const leader = leaderText !== undefined ? (JSON.parse(leaderText) as { node: string; epoch: number }) : undefined;
  const targets = new Map(config.groups.map((g) => [g.name, groupTargets(config, g.name)]));
  return {
    clusterName: config.clusterName,
    generation: config.generation,
    revision,
    ...(leader ? { leader } : {}),
    nodes: config.nodes.map((n) => {
      const m = up.get(n.name);
      return { name: n.name, id: n.id, state: m ? 'UP' : 'DOWN', zones: n.zones, ...(m?.renewedAtMs !== undefined ? { leaseAgeMs: Math.max(0, Date.now() - m.renewedAtMs) } : {}), rms: rms.node(n.name) };
    }),
    groups: config.groups.map((g) => ({
      name: g.name, flavor: g.flavor, managed: g.managed, suspended: g.suspended,
      mode: String(groupValue(g, 'RG_mode')),
      nodelist: targets.get(g.name) ?? [],
      perNode: (targets.get(g.name) ?? []).map((target) => ({ target, state: derived.groupState(g.name, target), rms: rms.application(g.name, target) })),
    })),
    resources: config.resources.map((r) => ({
      name: r.name, group: r.group, type: r.type, enabled: r.enabled, monitored: r.monitored,
      perNode: (targets.get(r.group) ?? groupTargets(config, r.group)).map((target) => ({ target, ...derived.resourceState(r.name, target), rms: rms.resource(r.name, target) })),
    })),
  };
}
