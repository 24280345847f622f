import {
  applyChanges, configDiff, emptyConfig, fail, lookupType, ok, problem,
  type Assignment, type ChangeContext, type ClusterConfig, type ConfigChange, type Problem, type ResourceType, type Result,
} from '../../model/index.js';
import type { DesiredCluster, DesiredNode } from './desired.js';
import { locateProblem } from './locate.js';
import { typeFromRtr } from './rtr-type.js';

export interface PlanOptions {
  /** Built-in types a `{ name: … }` entry may name when the cluster has not registered it yet. */
  readonly builtinTypes?: readonly ResourceType[];
  /** Runtime facts for the Tunable and unmanage rules (which groups are offline). */
  readonly context?: ChangeContext;
}

export interface Plan {
  /** What `applyChanges(current, changes)` must be given; empty when the cluster already matches. */
  readonly changes: readonly ConfigChange[];
  /** The configuration after the changes (validated by `applyChanges`). */
  readonly config: ClusterConfig;
}

interface ResolvedType {
  readonly type: ResourceType;
  readonly trustGlobalZone: boolean;
  /** Its entry under `types:`; absent for a built-in type the file does not list. */
  readonly index?: number;
}

/**
 * The changes that make `current` match the file: everything the file lists is created or
 * changed, everything it does not list is deleted (resources are disabled and groups unmanaged
 * first). Built-in types stay registered even when the file does not list them.
 *
 * Validation happens twice, both by `applyChanges`: once building the desired configuration from
 * nothing (property names, types, ranges, references), then applying the difference to `current`
 * (Tunable rules, what may not be deleted). Nothing is applied on any error; every problem is one
 * line naming the file, line and field. The cluster may be renamed only while it has no groups.
 */
export function planApply(current: ClusterConfig, desired: DesiredCluster, options: PlanOptions = {}): Result<Plan> {
  const types = resolveTypes(current, desired, options);
  if (!types.ok) return types;
  const typeEntry = (name: string): number | undefined => types.value.find((t) => t.type.name === name)?.index;
  const renamed = current.clusterName !== desired.clusterName;
  if (renamed && (current.groups.length > 0 || current.resources.length > 0)) {
    const pos = desired.positions['cluster'];
    return fail(problem('conflict', 'cluster', `${desired.file}${pos ? `:${pos.line}:${pos.column}` : ''}: cluster: the file describes cluster "${desired.clusterName}", but this cluster is "${current.clusterName}"`));
  }
  const target = applyChanges(emptyConfig(desired.clusterName), creationChanges(current, desired, types.value));
  if (!target.ok) return fail(...target.errors.map((p) => locateProblem(desired, p, typeEntry)));
  const changes = configDiff(current, target.value);
  const applied = applyChanges(current, changes, options.context);
  if (!applied.ok) return fail(...applied.errors.map((p) => locateProblem(desired, p, typeEntry)));
  return ok({ changes, config: applied.value });
}

function resolveTypes(current: ClusterConfig, desired: DesiredCluster, options: PlanOptions): Result<ResolvedType[]> {
  const out: ResolvedType[] = [];
  const problems: Problem[] = [];
  const report = (i: number, reason: string): void => {
    const pos = desired.positions[`types.${i}`];
    problems.push(problem('invalid-value', `types.${i}`, `${desired.file}${pos ? `:${pos.line}:${pos.column}` : ''}: types.${i}: ${reason}`));
  };
  for (const [i, t] of desired.types.entries()) {
    let type: ResourceType | undefined;
    if (t.kind === 'rtr') {
      const parsed = typeFromRtr(t.text, t.file);
      if (!parsed.ok) {
        report(i, `RTR file ${t.path} has errors: ${parsed.messages.join('; ')}`);
        continue;
      }
      type = parsed.type;
    } else {
      type = lookupType(current.types, t.name) ?? lookupType(options.builtinTypes ?? [], t.name);
      if (type === undefined) {
        report(i, `${t.name} is neither a built-in type nor registered in the cluster`);
        continue;
      }
    }
    if (out.some((o) => o.type.name === type.name)) report(i, `type ${type.name} is listed twice`);
    else out.push({ type, trustGlobalZone: t.trustGlobalZone, index: i });
  }
  // Built-in types belong to the product, not to the file: they stay registered.
  for (const t of current.types) {
    if (t.source === 'builtin' && !out.some((o) => o.type.name === t.name)) out.push({ type: t, trustGlobalZone: true });
  }
  return problems.length > 0 ? fail(...problems) : ok(out);
}

/** A node without an id keeps its current one, or gets the smallest id nobody else has. */
export function assignNodeIds(current: ClusterConfig, nodes: readonly DesiredNode[]): number[] {
  const taken = new Set<number>(nodes.flatMap((n) => (n.id === undefined ? [] : [n.id])));
  for (const n of nodes) {
    const id = current.nodes.find((c) => c.name === n.name)?.id;
    if (n.id === undefined && id !== undefined && !taken.has(id)) taken.add(id);
  }
  return nodes.map((n) => {
    if (n.id !== undefined) return n.id;
    const kept = current.nodes.find((c) => c.name === n.name)?.id;
    if (kept !== undefined) return kept;
    let id = 1;
    while (taken.has(id)) id++;
    taken.add(id);
    return id;
  });
}

function creationChanges(current: ClusterConfig, desired: DesiredCluster, types: readonly ResolvedType[]): ConfigChange[] {
  const out: ConfigChange[] = [];
  const ids = assignNodeIds(current, desired.nodes);
  desired.nodes.forEach((n, i) => out.push({ kind: 'add-node', name: n.name, zones: n.zones, id: ids[i] ?? 0 }));
  for (const t of types) out.push({ kind: 'register-type', type: t.type, trustGlobalZone: t.trustGlobalZone });
  const assignments = (values: Readonly<Record<string, Assignment['value']>>): Assignment[] =>
    Object.entries(values).map(([name, value]) => ({ name, op: '=', value }));
  for (const g of desired.groups) {
    out.push({ kind: 'create-group', name: g.name, flavor: g.flavor, assignments: assignments(g.properties) });
    for (const r of g.resources) {
      const perNode = Object.entries(r.perNode).flatMap(([name, byNode]) =>
        Object.entries(byNode).map(([node, value]): Assignment => ({ name, op: '=', value, nodes: [node] })));
      out.push({ kind: 'create-resource', name: r.name, group: g.name, type: r.type, assignments: [...assignments(r.properties), ...perNode], enabled: r.enabled, monitored: r.monitored });
    }
    if (g.managed) out.push({ kind: 'manage-group', name: g.name });
    if (g.suspended) out.push({ kind: 'suspend-group', name: g.name });
  }
  return out;
}
