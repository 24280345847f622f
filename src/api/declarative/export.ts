import { isAbsolute, relative } from 'node:path';
import { Document, isScalar, visit } from 'yaml';
import type { ClusterConfig, PropertyValue, Resource, ResourceGroup, ResourceType } from '../../model/index.js';
import { assignNodeIds } from './plan.js';

export interface ExportOptions {
  /** Write RTR paths relative to this directory (where the YAML file will live); default: as stored (absolute). */
  readonly relativeTo?: string;
}

const plain = (v: PropertyValue): unknown => (Array.isArray(v) ? [...(v as readonly string[])] : v);
const plainMap = (m: Readonly<Record<string, PropertyValue>>): Record<string, unknown> =>
  Object.fromEntries(Object.entries(m).map(([k, v]) => [k, plain(v)]));

function typeEntry(t: ResourceType, options: ExportOptions): Record<string, unknown> {
  const trust = t.globalZone ? { trustGlobalZone: true } : {};
  if (t.source === 'builtin') return { name: t.name, ...trust };
  const rtr = options.relativeTo !== undefined && isAbsolute(t.source) ? relative(options.relativeTo, t.source) : t.source;
  return { rtr, ...trust };
}

function resourceEntry(r: Resource): Record<string, unknown> {
  const properties = plainMap({ ...r.properties, ...r.extension });
  const perNode = Object.fromEntries(Object.entries(r.perNode).map(([p, byNode]) => [p, plainMap(byNode)]));
  return {
    type: r.type,
    enabled: r.enabled,
    monitored: r.monitored,
    ...(Object.keys(properties).length > 0 ? { properties } : {}),
    ...(Object.keys(perNode).length > 0 ? { perNode } : {}),
  };
}

function groupEntry(g: ResourceGroup, resources: readonly Resource[]): Record<string, unknown> {
  const mine = resources.filter((r) => r.group === g.name);
  return {
    ...(g.flavor === 'userApplication' ? { flavor: g.flavor } : {}),
    managed: g.managed,
    ...(g.suspended ? { suspended: true } : {}),
    properties: plainMap(g.properties),
    ...(mine.length > 0 ? { resources: Object.fromEntries(mine.map((r) => [r.name, resourceEntry(r)])) } : {}),
  };
}

/**
 * Which nodes must have their id written: grows the set until loading the file (which gives
 * every node without an id the smallest free one) reproduces every id.
 */
function explicitNodeIds(config: ClusterConfig): Set<number> {
  const explicit = new Set<number>();
  for (;;) {
    const listed = config.nodes.map((n, i) => ({ name: n.name, zones: n.zones, ...(explicit.has(i) ? { id: n.id } : {}) }));
    const got = assignNodeIds({ ...config, nodes: [] }, listed);
    const wrong = config.nodes.flatMap((n, i) => (got[i] === n.id ? [] : [i]));
    if (wrong.length === 0) return explicit;
    for (const i of wrong) explicit.add(i);
  }
}

/**
 * The configuration as a `cluster.yaml` that `planApply` accepts and that, applied to an empty
 * cluster, gives back an equal configuration (same nodes and ids, types, groups, resources and
 * property values; generation aside). Types are written as `{ rtr: <source file> }`, or by name
 * when built in. Node ids are written only where they differ from what the loader would assign.
 */
export function exportCluster(config: ClusterConfig, options: ExportOptions = {}): string {
  const explicit = explicitNodeIds(config);
  const nodes = config.nodes.map((n, i) => {
    const needsId = explicit.has(i);
    if (!needsId && n.zones.length === 0) return n.name;
    return { name: n.name, ...(needsId ? { id: n.id } : {}), ...(n.zones.length > 0 ? { zones: [...n.zones] } : {}) };
  });
  const doc = {
    cluster: config.clusterName,
    nodes,
    types: config.types.map((t) => typeEntry(t, options)),
    groups: Object.fromEntries(config.groups.map((g) => [g.name, groupEntry(g, config.resources)])),
  };
  const yaml = new Document(doc);
  // Lists of plain values read best on one line: `Nodelist: [n1, n2]`.
  visit(yaml, { Seq: (_key, seq) => { seq.flow = seq.items.every((i) => isScalar(i)); } });
  return yaml.toString({ lineWidth: 0, flowCollectionPadding: false });
}
