import { groupValue, resourceValue } from '../effective.js';
import type { ResourceGroup } from '../group.js';
import { parseNodeTarget } from '../names.js';
import type { Resource } from '../resource.js';
import { parseAutoSwitchOver, parseStandbyTransitions } from '../rms-properties.js';
import type { Draft } from './draft.js';
import { DEPENDENCY_PROPERTIES, findCycle, parseAffinity, parseDependencyEntry } from './references.js';

/**
 * Rules that span objects, checked once on the configuration all changes produced, so that the
 * order of changes in one batch does not matter (delete a dependency and its dependee together).
 * When a reference dangles because this batch removed the referred object, the problem is
 * reported on the removal ("node n3 cannot be removed: …").
 */
export function checkInvariants(draft: Draft): void {
  for (const g of draft.groups) checkGroup(draft, g);
  // Self-references are reported as such, not as a cycle of one.
  checkCycle(draft, 'group', 'RG_dependencies', new Map(draft.groups.map((g) => [g.name as string, stringList(groupValue(g, 'RG_dependencies')).filter((o) => o !== g.name)])));
  const singles = new Map<string, string>();
  for (const r of draft.resources) checkResource(draft, r, singles);
  const depEdges = new Map(draft.resources.map((r) => [r.name as string, dependencies(draft, r).map((d) => d.resource).filter((o) => o !== r.name)]));
  checkCycle(draft, 'resource', 'Resource_dependencies', depEdges);
}

const stringList = (v: unknown): readonly string[] => (Array.isArray(v) ? (v as readonly string[]) : []);

function checkGroup(draft: Draft, g: ResourceGroup): void {
  const at = { object: 'group', name: g.name } as const;
  const seen = new Set<string>();
  for (const entry of stringList(groupValue(g, 'Nodelist'))) {
    const target = parseNodeTarget(entry);
    const node = draft.node(target.node);
    const nodelist = { ...at, property: 'Nodelist' };
    if (seen.has(entry)) draft.report('invalid-value', nodelist, `lists ${entry} twice`);
    seen.add(entry);
    if (!node) {
      if (draft.original.nodes.some((n) => n.name === target.node)) {
        draft.report('in-use', { object: 'node', name: target.node }, `cannot be removed: group ${g.name} lists it in its Nodelist`);
      } else draft.report('unknown-node', nodelist, `names node ${target.node}, which is not a cluster node`);
    } else if (target.zone !== undefined && !node.zones.includes(target.zone)) {
      draft.report('unknown-node', nodelist, `names ${entry}, but node ${node.name} declares no zone ${target.zone}`);
    }
  }
  const maxPrimaries = Number(groupValue(g, 'Maximum_primaries'));
  const desired = Number(groupValue(g, 'Desired_primaries'));
  if (desired > maxPrimaries) {
    draft.report('conflict', { ...at, property: 'Desired_primaries' }, `= ${desired} is above Maximum_primaries ${maxPrimaries}`);
  }
  if (groupValue(g, 'RG_mode') === 'Failover' && maxPrimaries !== 1) {
    draft.report('conflict', { ...at, property: 'Maximum_primaries' }, `= ${maxPrimaries}, but a Failover group is online on at most one node (Maximum_primaries 1); a group for several nodes needs RG_mode=Scalable`);
  }
  for (const entry of stringList(groupValue(g, 'RG_affinities'))) {
    const affinity = parseAffinity(entry);
    if (!affinity) {
      draft.report('invalid-value', { ...at, property: 'RG_affinities' }, `entry "${entry}" must be +group, ++group, +++group, -group or --group`);
    } else checkGroupReference(draft, g, 'RG_affinities', affinity.group);
  }
  for (const other of stringList(groupValue(g, 'RG_dependencies'))) checkGroupReference(draft, g, 'RG_dependencies', other);
  if (g.flavor === 'userApplication') checkRmsKeywords(draft, g);
}

/** AutoSwitchOver and StandbyTransitions are `|`-joined keyword lists (primecluster spec §2.1). */
function checkRmsKeywords(draft: Draft, g: ResourceGroup): void {
  for (const [property, parse] of [['AutoSwitchOver', parseAutoSwitchOver], ['StandbyTransitions', parseStandbyTransitions]] as const) {
    const value = g.properties[property];
    if (value === undefined) continue;
    const parsed = parse(value);
    if (typeof parsed === 'string') draft.report('invalid-value', { object: 'group', name: g.name, property }, parsed.replace(`${property}: `, 'has '));
  }
}

function checkGroupReference(draft: Draft, g: ResourceGroup, property: string, other: string): void {
  const at = { object: 'group', name: g.name, property } as const;
  if (other === g.name) draft.report('invalid-value', at, 'cannot name the group itself');
  else if (draft.group(other)) return;
  else if (draft.original.groups.some((o) => o.name === other)) {
    draft.report('in-use', { object: 'group', name: other }, `cannot be deleted: group ${g.name} names it in ${property}`);
  } else draft.report('unknown-object', at, `names group ${other}, which does not exist`);
}

function dependencies(draft: Draft, r: Resource): { property: string; resource: string; text: string }[] {
  const type = draft.type(r.type);
  if (!type) return [];
  const out = [];
  for (const property of DEPENDENCY_PROPERTIES) {
    for (const text of stringList(resourceValue(type, r, property))) {
      const entry = parseDependencyEntry(text);
      out.push({ property, resource: entry?.resource ?? '', text });
    }
  }
  return out;
}

function checkResource(draft: Draft, r: Resource, singles: Map<string, string>): void {
  const at = { object: 'resource', name: r.name } as const;
  const type = draft.type(r.type);
  const group = draft.group(r.group);
  if (!type || !group) return;
  const isScalableGroup = groupValue(group, 'RG_mode') === 'Scalable';
  if (type.failover && isScalableGroup) {
    draft.report('conflict', at, `has failover type ${type.name} (Failover=TRUE), which cannot be in Scalable group ${group.name}`);
  }
  if (resourceValue(type, r, 'Scalable') === true && !isScalableGroup) {
    draft.report('conflict', { ...at, property: 'Scalable' }, `= TRUE needs a Scalable group, and ${group.name} is a Failover group`);
  }
  if (type.singleInstance) {
    const first = singles.get(type.name);
    if (first !== undefined) draft.report('conflict', at, `cannot be created: type ${type.name} allows one resource in the cluster (Single_instance=TRUE), and ${first} is it`);
    else singles.set(type.name, r.name);
  }
  for (const dep of dependencies(draft, r)) {
    const where = { ...at, property: dep.property };
    if (dep.resource === '') draft.report('invalid-value', where, `entry "${dep.text}" must be a resource name, optionally with {LOCAL_NODE}, {ANY_NODE} or {FROM_RG_AFFINITIES}`);
    else if (dep.resource === r.name) draft.report('invalid-value', where, 'cannot name the resource itself');
    else if (draft.resource(dep.resource)) continue;
    else if (draft.original.resources.some((o) => o.name === dep.resource)) {
      draft.report('in-use', { object: 'resource', name: dep.resource }, `cannot be deleted: resource ${r.name} depends on it (${dep.property})`);
    } else draft.report('unknown-object', where, `names resource ${dep.resource}, which does not exist`);
  }
  for (const [property, values] of Object.entries(r.perNode)) {
    for (const node of Object.keys(values)) {
      if (draft.node(node)) continue;
      if (draft.original.nodes.some((n) => n.name === node)) {
        draft.report('in-use', { object: 'node', name: node }, `cannot be removed: resource ${r.name} has a value of ${property} for it`);
      } else draft.report('unknown-node', { ...at, property, node }, `names node ${node}, which is not a cluster node`);
    }
  }
}

function checkCycle(draft: Draft, object: 'group' | 'resource', property: string, edges: ReadonlyMap<string, readonly string[]>): void {
  const cycle = findCycle(edges);
  if (!cycle || cycle[0] === undefined) return;
  const what = object === 'group' ? 'group dependencies' : 'resource dependencies';
  draft.report('conflict', { object, name: cycle[0], property }, `would make the ${what} circular: ${cycle.join(' -> ')}`);
}
