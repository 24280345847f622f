import type { ClusterConfig } from '../cluster-config.js';
import type { ResourceGroup } from '../group.js';
import type { NodeName } from '../names.js';
import type { PropertyValue } from '../property.js';
import type { Resource } from '../resource.js';
import type { Assignment } from './assignment.js';
import type { ConfigChange, PropertyReset } from './change.js';
import { deepEqual } from './deep-equal.js';

const byName = <T extends { readonly name: string }>(items: readonly T[]): Map<string, T> => new Map(items.map((i) => [i.name, i]));

function propertyEdits(before: Readonly<Record<string, PropertyValue>>, after: Readonly<Record<string, PropertyValue>>): { assignments: Assignment[]; reset: PropertyReset[] } {
  const assignments: Assignment[] = [];
  const reset: PropertyReset[] = [];
  for (const [name, value] of Object.entries(after)) {
    if (!deepEqual(before[name], value)) assignments.push({ name, op: '=', value });
  }
  for (const name of Object.keys(before)) if (after[name] === undefined) reset.push({ name });
  return { assignments, reset };
}

function perNodeEdits(before: Resource['perNode'], after: Resource['perNode']): { assignments: Assignment[]; reset: PropertyReset[] } {
  const assignments: Assignment[] = [];
  const reset: PropertyReset[] = [];
  for (const [name, values] of Object.entries(after)) {
    for (const [node, value] of Object.entries(values) as [NodeName, PropertyValue][]) {
      if (!deepEqual(before[name]?.[node], value)) assignments.push({ name, op: '=', value, nodes: [node] });
    }
  }
  for (const [name, values] of Object.entries(before)) {
    const gone = (Object.keys(values) as NodeName[]).filter((n) => after[name]?.[n] === undefined);
    if (gone.length > 0) reset.push({ name, nodes: gone });
  }
  return { assignments, reset };
}

const creationAssignments = (r: Resource): Assignment[] => [
  ...propertyEdits({}, { ...r.properties, ...r.extension }).assignments,
  ...perNodeEdits({}, r.perNode).assignments,
];

/**
 * The changes that turn `before` into `after`, in an order `applyChanges` accepts: removals of
 * resources (disabled first), groups (unmanaged first) and types, then registrations, creations
 * and edits, then enabling and managing last. A group whose flavor differs, and a resource whose
 * group or type differs, is deleted and created again. Types are compared whole (a re-parsed RTR
 * that differs replaces the registration, which `applyChanges` refuses while resources use it).
 * Global_zone types in `after` are registered as trusted: `after` is taken as already approved.
 * `generation` is not compared.
 */
export function configDiff(before: ClusterConfig, after: ClusterConfig): ConfigChange[] {
  const out: ConfigChange[] = [];
  if (before.clusterName !== after.clusterName) out.push({ kind: 'set-cluster-name', name: after.clusterName });
  const nodesBefore = byName(before.nodes);
  const nodesAfter = byName(after.nodes);
  const typesAfter = byName(after.types);
  const groupsBefore = byName(before.groups);
  const groupsAfter = byName(after.groups);
  const resourcesBefore = byName(before.resources);
  const resourcesAfter = byName(after.resources);

  // Node references (Nodelists, per-node values) are checked on the final result, so removing
  // nodes (gone, or with another id) can go first.
  const movedNode = (n: { name: string; id: number }): boolean => nodesAfter.get(n.name)?.id !== n.id;
  for (const n of before.nodes) if (movedNode(n)) out.push({ kind: 'remove-node', name: n.name });
  for (const n of after.nodes) {
    const old = nodesBefore.get(n.name);
    if (!old || old.id !== n.id) out.push({ kind: 'add-node', name: n.name, zones: n.zones, id: n.id });
    else if (!deepEqual(old.zones, n.zones)) out.push({ kind: 'set-node-zones', name: n.name, zones: n.zones });
  }

  const replacedGroup = (g: ResourceGroup): boolean => {
    const next = groupsAfter.get(g.name);
    return next === undefined || next.flavor !== g.flavor;
  };
  const replacedResource = (r: Resource): boolean => {
    const next = resourcesAfter.get(r.name);
    const oldGroup = groupsBefore.get(r.group);
    return next === undefined || next.group !== r.group || next.type !== r.type || (oldGroup !== undefined && replacedGroup(oldGroup));
  };
  for (const r of before.resources) {
    if (!replacedResource(r)) continue;
    if (r.enabled) out.push({ kind: 'disable-resource', name: r.name });
    out.push({ kind: 'delete-resource', name: r.name });
  }
  for (const g of before.groups) {
    if (!replacedGroup(g)) continue;
    if (g.managed) out.push({ kind: 'unmanage-group', name: g.name });
    out.push({ kind: 'delete-group', name: g.name });
  }
  const changedType = (name: string): boolean => !deepEqual(before.types.find((t) => t.name === name), typesAfter.get(name));
  for (const t of before.types) if (changedType(t.name)) out.push({ kind: 'unregister-type', name: t.name });
  for (const t of after.types) {
    if (changedType(t.name)) out.push(t.globalZone ? { kind: 'register-type', type: t, trustGlobalZone: true } : { kind: 'register-type', type: t });
  }

  for (const g of after.groups) {
    const old = groupsBefore.get(g.name);
    if (!old || replacedGroup(old)) {
      out.push({ kind: 'create-group', name: g.name, flavor: g.flavor, assignments: propertyEdits({}, g.properties).assignments });
      continue;
    }
    if (old.managed && !g.managed) out.push({ kind: 'unmanage-group', name: g.name });
    const edits = propertyEdits(old.properties, g.properties);
    if (edits.assignments.length + edits.reset.length > 0) {
      out.push(edits.reset.length > 0 ? { kind: 'set-group', name: g.name, ...edits } : { kind: 'set-group', name: g.name, assignments: edits.assignments });
    }
  }

  for (const r of after.resources) {
    const old = resourcesBefore.get(r.name);
    if (!old || replacedResource(old)) {
      out.push({ kind: 'create-resource', name: r.name, group: r.group, type: r.type, assignments: creationAssignments(r), enabled: r.enabled, monitored: r.monitored });
      continue;
    }
    if (old.enabled && !r.enabled) out.push({ kind: 'disable-resource', name: r.name });
    const values = propertyEdits({ ...old.properties, ...old.extension }, { ...r.properties, ...r.extension });
    const perNode = perNodeEdits(old.perNode, r.perNode);
    const assignments = [...values.assignments, ...perNode.assignments];
    const reset = [...values.reset, ...perNode.reset];
    if (assignments.length + reset.length > 0) {
      out.push(reset.length > 0 ? { kind: 'set-resource', name: r.name, assignments, reset } : { kind: 'set-resource', name: r.name, assignments });
    }
    if (!old.enabled && r.enabled) out.push({ kind: 'enable-resource', name: r.name });
    if (old.monitored !== r.monitored) out.push({ kind: r.monitored ? 'monitor-resource' : 'unmonitor-resource', name: r.name });
  }

  for (const g of after.groups) {
    const old = groupsBefore.get(g.name);
    const wasManaged = old !== undefined && !replacedGroup(old) && old.managed;
    const wasSuspended = old !== undefined && !replacedGroup(old) && old.suspended;
    if (g.managed && !wasManaged) out.push({ kind: 'manage-group', name: g.name });
    if (g.suspended !== wasSuspended) out.push({ kind: g.suspended ? 'suspend-group' : 'resume-group', name: g.name });
  }
  return out;
}
