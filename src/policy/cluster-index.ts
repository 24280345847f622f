import type {
  ClusterConfig, ClusterNode, ClusterStatus, GroupName, MethodName, NodeName, PropertySchema, PropertyValue, Resource,
  ResourceGroup, ResourceName, ResourceType, SwitchOverTrigger, TargetKey, UserApplicationScript,
} from '../model/index.js';
import {
  anyGroupValue, effectiveSchemas, formatNodeTarget, parseAutoSwitchOver, parseNodeTarget, rmsFlag, timeoutProperty,
  DEFAULT_METHOD_TIMEOUT_S, USER_APPLICATION_SCRIPTS,
} from '../model/index.js';
import { parseAffinityEntry, isStrongPositive, type AffinityKind } from './affinity-entry.js';
import { DEPENDENCY_PROPERTIES, parseDependencyEntry, type DependencyFlavour } from './dependency-entry.js';

export type FailoverMode = 'NONE' | 'SOFT' | 'HARD' | 'RESTART_ONLY' | 'LOG_ONLY';

/** Retry_count / Retry_interval when the type does not declare them (r_properties(5) sample defaults). */
export const DEFAULT_RETRY_COUNT = 2;
export const DEFAULT_RETRY_INTERVAL_S = 300;

export interface TypeInfo {
  readonly type: ResourceType;
  /** Effective schemas by lower-case name, computed once per type per call. */
  readonly schemas: ReadonlyMap<string, PropertySchema>;
  readonly isNetwork: boolean;
  readonly declares: (m: MethodName) => boolean;
}

/** A resolved dependency edge: `from` (dependent) needs `to` (dependee) within `scope`. */
export interface DepEdge {
  readonly from: ResourceInfo;
  readonly to: ResourceInfo;
  readonly flavour: DependencyFlavour;
  readonly scope: 'local' | 'any' | { readonly node: NodeName };
  readonly implicit: boolean;
  /** `Resource_dependencies=r1{LOCAL_NODE}` or `implicit network dependency on lh1`. */
  readonly text: string;
}

export interface ResourceInfo {
  readonly name: ResourceName;
  readonly r: Resource;
  readonly group: GroupInfo;
  readonly type: TypeInfo;
  readonly order: number;
  readonly failoverMode: FailoverMode;
  readonly retryCount: number;
  readonly retryIntervalMs: number;
  readonly isNetwork: boolean;
  readonly deps: DepEdge[];
  readonly dependents: DepEdge[];
  /** Entries naming no configured resource, or unparsable. */
  readonly badDeps: Array<{ readonly flavour: DependencyFlavour; readonly text: string; readonly why: string }>;
}

export interface AffinityLink { readonly kind: AffinityKind; readonly other: GroupInfo; readonly text: string }

export interface GroupInfo {
  readonly name: GroupName;
  readonly g: ResourceGroup;
  readonly order: number;
  readonly resources: ResourceInfo[];
  readonly nodelist: readonly TargetKey[];
  readonly failover: boolean;
  readonly wantedCount: number;
  readonly pingpongMs: number;
  readonly failback: boolean;
  readonly autoStart: boolean;
  readonly implicitNetwork: boolean;
  /** Affinities this group declares (this group is the source). */
  readonly affinities: AffinityLink[];
  /** Groups declaring an affinity for this one. */
  readonly affinitySources: AffinityLink[];
  readonly rgDeps: GroupInfo[];
  readonly rgDependents: GroupInfo[];
  readonly rms: boolean;
  readonly autoSwitchOver: ReadonlySet<SwitchOverTrigger>;
  readonly partialCluster: boolean;
  readonly persistentFault: boolean;
  readonly onlinePriority: boolean;
  readonly haltFlag: boolean;
  readonly scripts: Readonly<Partial<Record<UserApplicationScript, string>>>;
  /** Configuration problems worth telling the user (unknown affinity targets, bad entries). */
  readonly problems: string[];
}

/** Indexes over config and status built once per `decide`/`reduce` call (maps by name: no O(n²) scans). */
export interface ClusterIndex {
  readonly config: ClusterConfig;
  readonly status: ClusterStatus;
  readonly now: number;
  readonly nodes: ReadonlyMap<NodeName, ClusterNode>;
  readonly types: ReadonlyMap<string, TypeInfo>;
  readonly groups: ReadonlyMap<string, GroupInfo>;
  readonly groupList: readonly GroupInfo[];
  readonly resources: ReadonlyMap<string, ResourceInfo>;
  readonly resourceList: readonly ResourceInfo[];
}

type ConfigIndex = Omit<ClusterIndex, 'status' | 'now'>;
const cache = new WeakMap<ClusterConfig, ConfigIndex>();

/**
 * The indexes for one call. The configuration part is cached per ClusterConfig object (configs are
 * immutable values: a change makes a new object), so repeated calls on one config pay it once.
 */
export function buildIndex(config: ClusterConfig, status: ClusterStatus, now: number): ClusterIndex {
  let ci = cache.get(config);
  if (!ci) { ci = buildConfigIndex(config); cache.set(config, ci); }
  return { ...ci, status, now };
}

/** Suspend_automatic_recovery as configured, overridden by an admin suspend/resume in the status. */
export function isSuspended(ix: ClusterIndex, gi: GroupInfo): boolean {
  return ix.status.groups[gi.name]?.suspended ?? gi.g.suspended;
}

function buildConfigIndex(config: ClusterConfig): ConfigIndex {
  const nodes = new Map(config.nodes.map((n) => [n.name, n]));
  const types = new Map<string, TypeInfo>();
  for (const t of config.types) types.set(t.name, typeInfo(t));
  const groups = new Map<string, GroupInfo>();
  const groupList: GroupInfo[] = [];
  config.groups.forEach((g, order) => {
    const gi = groupInfo(config, g, order);
    groups.set(g.name, gi);
    groupList.push(gi);
  });
  const resources = new Map<string, ResourceInfo>();
  const resourceList: ResourceInfo[] = [];
  config.resources.forEach((r, order) => {
    const group = groups.get(r.group);
    const type = types.get(r.type);
    if (!group || !type) return;
    const ri = resourceInfo(r, group, type, order);
    resources.set(r.name, ri);
    resourceList.push(ri);
    group.resources.push(ri);
  });
  linkAffinities(groupList, groups);
  const lower = new Map<string, ResourceInfo>();
  for (const ri of resourceList) lower.set(ri.name.toLowerCase(), ri);
  for (const ri of resourceList) linkDependencies(ri, resources, lower);
  for (const ri of resourceList) linkImplicitNetwork(ri);
  return { config, nodes, types, groups, groupList, resources, resourceList };
}

function typeInfo(type: ResourceType): TypeInfo {
  const schemas = new Map(effectiveSchemas(type).map((s) => [s.name.toLowerCase(), s]));
  return {
    type, schemas, isNetwork: type.isLogicalHostname || type.isSharedAddress,
    declares: (m) => type.methods[m] !== undefined,
  };
}

/** A resource's property value (case-insensitive), using the per-call schema cache. */
export function propertyOf(ri: { readonly r: Resource; readonly type: TypeInfo }, name: string, node?: NodeName): PropertyValue | undefined {
  const schema = ri.type.schemas.get(name.toLowerCase());
  if (!schema) return findCaseInsensitive(ri.r.properties, name);
  if (schema.extension) {
    const perNode = schema.perNode && node !== undefined ? ri.r.perNode[schema.name]?.[node] : undefined;
    return perNode ?? ri.r.extension[schema.name] ?? schema.default;
  }
  return ri.r.properties[schema.name] ?? schema.default;
}

function findCaseInsensitive(props: Readonly<Record<string, PropertyValue>>, name: string): PropertyValue | undefined {
  if (props[name] !== undefined) return props[name];
  const key = name.toLowerCase();
  for (const k of Object.keys(props)) if (k.toLowerCase() === key) return props[k];
  return undefined;
}

/** `<Method>_timeout` in seconds (3600 when the type gives none). */
export function timeoutOf(ri: ResourceInfo, m: MethodName): number {
  const v = propertyOf(ri, timeoutProperty(m));
  return typeof v === 'number' ? v : DEFAULT_METHOD_TIMEOUT_S;
}

function resourceInfo(r: Resource, group: GroupInfo, type: TypeInfo, order: number): ResourceInfo {
  const probe = { r, type };
  const fm = String(propertyOf(probe, 'Failover_mode') ?? 'NONE').toUpperCase();
  const failoverMode = (['NONE', 'SOFT', 'HARD', 'RESTART_ONLY', 'LOG_ONLY'].includes(fm) ? fm : 'NONE') as FailoverMode;
  const rc = propertyOf(probe, 'Retry_count');
  const ri = propertyOf(probe, 'Retry_interval');
  return {
    name: r.name, r, group, type, order, failoverMode,
    retryCount: typeof rc === 'number' ? rc : DEFAULT_RETRY_COUNT,
    retryIntervalMs: (typeof ri === 'number' ? ri : DEFAULT_RETRY_INTERVAL_S) * 1000,
    isNetwork: type.isNetwork, deps: [], dependents: [], badDeps: [],
  };
}

function groupInfo(config: ClusterConfig, g: ResourceGroup, order: number): GroupInfo {
  const v = (name: string): PropertyValue | undefined => anyGroupValue(g, name);
  const listed = v('Nodelist');
  const nodelist = Array.isArray(listed) && listed.length > 0
    ? [...new Set(listed.map((t) => formatNodeTarget(parseNodeTarget(t))))]
    : config.nodes.map((n) => n.name as string);
  const explicitMode = Object.keys(g.properties).find((k) => k.toLowerCase() === 'rg_mode');
  const maxPrimaries = num(v('Maximum_primaries'), 1);
  const failover = explicitMode !== undefined ? String(g.properties[explicitMode]).toLowerCase() !== 'scalable' : maxPrimaries <= 1;
  const desired = num(v('Desired_primaries'), 1);
  const rms = g.flavor === 'userApplication';
  const aso = rms ? parseAutoSwitchOver(v('AutoSwitchOver')) : new Set<SwitchOverTrigger>();
  const problems: string[] = [];
  if (typeof aso === 'string') problems.push(aso);
  const scripts: Partial<Record<UserApplicationScript, string>> = {};
  if (rms) for (const s of USER_APPLICATION_SCRIPTS) {
    const text = v(s);
    if (typeof text === 'string' && text.trim() !== '') scripts[s] = text;
  }
  return {
    name: g.name, g, order, resources: [], nodelist, failover,
    wantedCount: failover ? Math.min(1, desired) : Math.min(desired, maxPrimaries),
    pingpongMs: num(v('Pingpong_interval'), 3600) * 1000,
    failback: v('Failback') === true,
    autoStart: rms ? rmsFlag(v('AutoStartUp')) : v('Auto_start_on_new_cluster') !== false,
    implicitNetwork: v('Implicit_network_dependencies') !== false,
    affinities: [], affinitySources: [], rgDeps: [], rgDependents: [], rms,
    autoSwitchOver: typeof aso === 'string' ? new Set() : aso,
    partialCluster: rms && rmsFlag(v('PartialCluster')),
    persistentFault: rms && rmsFlag(v('PersistentFault')),
    onlinePriority: rms && rmsFlag(v('OnlinePriority')),
    haltFlag: rms && rmsFlag(v('HaltFlag')),
    scripts, problems,
  };
}

const num = (x: PropertyValue | undefined, dflt: number): number => (typeof x === 'number' ? x : dflt);

function lookup<T>(map: ReadonlyMap<string, T>, name: string, lower?: ReadonlyMap<string, T>): T | undefined {
  return map.get(name) ?? lower?.get(name.toLowerCase());
}

function linkAffinities(list: readonly GroupInfo[], groups: ReadonlyMap<string, GroupInfo>): void {
  const lower = new Map([...groups.values()].map((g) => [g.name.toLowerCase(), g]));
  for (const gi of list) {
    const raw = anyGroupValue(gi.g, 'RG_affinities');
    for (const text of Array.isArray(raw) ? raw : []) {
      const e = parseAffinityEntry(text);
      if (typeof e === 'string') { gi.problems.push(`RG_affinities: ${e}`); continue; }
      const other = lookup(groups, e.group, lower);
      if (!other || other === gi) { gi.problems.push(`RG_affinities: ${e.text} names ${other ? 'the group itself' : 'no configured group'}; ignored`); continue; }
      gi.affinities.push({ kind: e.kind, other, text: e.text });
      other.affinitySources.push({ kind: e.kind, other: gi, text: e.text });
    }
    const deps = anyGroupValue(gi.g, 'RG_dependencies');
    for (const name of Array.isArray(deps) ? deps : []) {
      const other = lookup(groups, name.trim(), lower);
      if (!other || other === gi) { gi.problems.push(`RG_dependencies: ${name} names ${other ? 'the group itself' : 'no configured group'}; ignored`); continue; }
      gi.rgDeps.push(other);
      other.rgDependents.push(gi);
    }
  }
}

function linkDependencies(ri: ResourceInfo, byName: ReadonlyMap<string, ResourceInfo>, lower: ReadonlyMap<string, ResourceInfo>): void {
  const add = (to: ResourceInfo, flavour: DependencyFlavour, scope: DepEdge['scope'], implicit: boolean, text: string): void => {
    const edge: DepEdge = { from: ri, to, flavour, scope, implicit, text };
    ri.deps.push(edge);
    to.dependents.push(edge);
  };
  for (const [prop, flavour] of DEPENDENCY_PROPERTIES) {
    const raw = propertyOf(ri, prop);
    for (const text of Array.isArray(raw) ? raw : []) {
      const e = parseDependencyEntry(text);
      if (typeof e === 'string') { ri.badDeps.push({ flavour, text, why: e }); continue; }
      const to = lookup(byName, e.name, lower);
      if (!to || to === ri) { ri.badDeps.push({ flavour, text, why: to ? 'a resource cannot depend on itself' : `no resource is named ${e.name}` }); continue; }
      let scope: DepEdge['scope'];
      if (typeof e.scope === 'object') scope = e.scope;
      else if (e.scope === 'local' || e.scope === 'any') scope = e.scope;
      else scope = to.group === ri.group || ri.group.affinities.some((a) => a.other === to.group && isStrongPositive(a.kind)) ? 'local' : 'any';
      add(to, flavour, scope, false, `${prop}=${e.text}`);
    }
  }
}

/**
 * Implicit_network_dependencies: non-network resources strongly depend on their group's addresses
 * (spec §2.3) — unless an explicit dependency already links the two, either way (an address that
 * itself depends on the resource, even through others, would otherwise make a cycle nobody configured).
 */
function linkImplicitNetwork(ri: ResourceInfo): void {
  if (ri.isNetwork || !ri.group.implicitNetwork) return;
  for (const other of ri.group.resources) {
    if (!other.isNetwork || ri.deps.some((d) => d.to === other) || dependsOn(other, ri)) continue;
    const edge: DepEdge = { from: ri, to: other, flavour: 'strong', scope: 'local', implicit: true, text: `implicit network dependency on ${other.name}` };
    ri.deps.push(edge);
    other.dependents.push(edge);
  }
}

/** `from` depends on `to` through explicit dependencies (any flavour, transitively). */
function dependsOn(from: ResourceInfo, to: ResourceInfo): boolean {
  const seen = new Set<ResourceInfo>();
  const stack = [from];
  while (stack.length > 0) {
    const r = stack.pop() as ResourceInfo;
    for (const d of r.deps) {
      if (d.to === to) return true;
      if (!seen.has(d.to)) { seen.add(d.to); stack.push(d.to); }
    }
  }
  return false;
}
