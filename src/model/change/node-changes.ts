import { illegalNameReason, nodeName, zoneName } from '../names.js';
import type { ConfigChange } from './change.js';
import type { Draft } from './draft.js';

type Of<K extends ConfigChange['kind']> = Extract<ConfigChange, { kind: K }>;

function checkZones(draft: Draft, node: string, zones: readonly string[]): boolean {
  let good = true;
  const seen = new Set<string>();
  for (const z of zones) {
    const bad = illegalNameReason(z);
    if (bad !== undefined) {
      draft.report('invalid-name', { object: 'node', name: node }, `zone name "${z}" ${bad}`);
      good = false;
    } else if (seen.has(z)) {
      draft.report('duplicate-name', { object: 'node', name: node }, `declares zone ${z} twice`);
      good = false;
    }
    seen.add(z);
  }
  return good;
}

export function addNode(draft: Draft, c: Of<'add-node'>): void {
  const at = { object: 'node', name: c.name } as const;
  const bad = illegalNameReason(c.name);
  if (bad !== undefined) return draft.report('invalid-name', at, `name ${bad}`);
  if (draft.node(c.name)) return draft.report('duplicate-name', at, 'is already a cluster node');
  const zones = c.zones ?? [];
  if (!checkZones(draft, c.name, zones)) return;
  const id = c.id ?? Math.max(0, ...draft.nodes.map((n) => n.id)) + 1;
  if (!Number.isInteger(id) || id < 1) return draft.report('invalid-value', at, `node id ${id} must be a positive integer`);
  const holder = draft.nodes.find((n) => n.id === id);
  if (holder) return draft.report('duplicate-name', at, `node id ${id} is already used by node ${holder.name}`);
  draft.nodes = [...draft.nodes, { name: nodeName(c.name), id, zones: zones.map(zoneName) }];
}

/** References to the node (Nodelists, per-node values) are checked on the final configuration. */
export function removeNode(draft: Draft, c: Of<'remove-node'>): void {
  if (!draft.node(c.name)) return draft.report('unknown-object', { object: 'node', name: c.name }, 'is not a cluster node');
  draft.nodes = draft.nodes.filter((n) => n.name !== c.name);
}

export function setNodeZones(draft: Draft, c: Of<'set-node-zones'>): void {
  const node = draft.node(c.name);
  if (!node) return draft.report('unknown-object', { object: 'node', name: c.name }, 'is not a cluster node');
  if (!checkZones(draft, c.name, c.zones)) return;
  draft.replaceNode({ ...node, zones: c.zones.map(zoneName) });
}
