import type { ResourceGroup } from '../group.js';
import { groupName, illegalNameReason } from '../names.js';
import type { ConfigChange } from './change.js';
import type { Draft } from './draft.js';
import { groupSchemas } from './group-schemas.js';
import type { ProblemTarget } from './problems.js';
import { assign, resetProperties, tunabilityReason, type AssignContext, type PropertyBag } from './values.js';

type Of<K extends ConfigChange['kind']> = Extract<ConfigChange, { kind: K }>;

const groupTarget = (name: string): ProblemTarget => ({ object: 'group', name });

function context(draft: Draft, group: Pick<ResourceGroup, 'name' | 'flavor'>, phase: AssignContext['phase'], isBusy: boolean): AssignContext {
  const kind = group.flavor === 'userApplication' ? 'a userApplication' : 'a resource group';
  return {
    draft, phase, owner: groupTarget(group.name), schemas: groupSchemas(group.flavor),
    notTunable: (s) => tunabilityReason(s, () => (isBusy ? 'can be changed only while the group is unmanaged or offline (Tunable WHEN_DISABLED)' : undefined)),
    unknown: () => `is not a property of ${kind}`,
  };
}

function lookup(draft: Draft, name: string): ResourceGroup | undefined {
  const g = draft.group(name);
  if (!g) draft.report('unknown-object', groupTarget(name), 'does not exist');
  return g;
}

/**
 * A new group is unmanaged. Without a Nodelist it gets every cluster node (clrg create without -n);
 * with Maximum_primaries > 1 and no RG_mode it is Scalable (rg_properties(5)). Group properties
 * without a default (RMS ShutdownPriority) are optional: unset means "not configured".
 */
export function createGroup(draft: Draft, c: Of<'create-group'>): void {
  const at = groupTarget(c.name);
  const bad = illegalNameReason(c.name);
  if (bad !== undefined) return draft.report('invalid-name', at, `name ${bad}`);
  if (draft.group(c.name)) return draft.report('duplicate-name', at, 'already exists');
  const flavor = c.flavor ?? 'resourceGroup';
  const bag: PropertyBag = { values: {}, perNode: {} };
  const ctx = context(draft, { name: groupName(c.name), flavor }, 'create', false);
  assign(bag, c.assignments, ctx);
  if (bag.values['Nodelist'] === undefined) bag.values['Nodelist'] = draft.nodes.map((n) => n.name);
  const maxPrimaries = bag.values['Maximum_primaries'];
  if (bag.values['RG_mode'] === undefined && typeof maxPrimaries === 'number' && maxPrimaries > 1) bag.values['RG_mode'] = 'Scalable';
  draft.groups = [...draft.groups, { name: groupName(c.name), properties: bag.values, managed: false, suspended: false, flavor }];
}

export function setGroup(draft: Draft, c: Of<'set-group'>): void {
  const group = lookup(draft, c.name);
  if (!group) return;
  const bag: PropertyBag = { values: { ...group.properties }, perNode: {} };
  const ctx = context(draft, group, 'set', group.managed && !draft.isGroupOffline(group));
  assign(bag, c.assignments, ctx);
  resetProperties(bag, c.reset ?? [], ctx);
  draft.replaceGroup({ ...group, properties: bag.values });
}

/** References from other groups and resources to this one are checked on the final configuration. */
export function deleteGroup(draft: Draft, c: Of<'delete-group'>): void {
  const group = lookup(draft, c.name);
  if (!group) return;
  const at = groupTarget(c.name);
  const force = c.force === true;
  const members = draft.resources.filter((r) => r.group === group.name);
  let refused = false;
  if (group.managed && !draft.isGroupOffline(group)) {
    draft.report('conflict', at, 'is online; take it offline and unmanage it before deleting it');
    refused = true;
  } else if (group.managed && !force) {
    draft.report('conflict', at, 'is managed; unmanage it first, or force the deletion');
    refused = true;
  }
  if (members.length > 0 && !force) {
    draft.report('in-use', at, `still has resources (${members.map((r) => r.name).join(', ')}); delete them first, or force the deletion`);
    refused = true;
  }
  if (refused) return;
  draft.resources = draft.resources.filter((r) => r.group !== group.name);
  draft.groups = draft.groups.filter((g) => g.name !== group.name);
}

export function manageGroup(draft: Draft, c: Of<'manage-group'>): void {
  const group = lookup(draft, c.name);
  if (group && !group.managed) draft.replaceGroup({ ...group, managed: true });
}

/** Sun Cluster unmanages only an offline group; the caller says which groups are offline. */
export function unmanageGroup(draft: Draft, c: Of<'unmanage-group'>): void {
  const group = lookup(draft, c.name);
  if (!group || !group.managed) return;
  if (!draft.isGroupOffline(group)) return draft.report('conflict', groupTarget(c.name), 'must be offline before it can be unmanaged');
  draft.replaceGroup({ ...group, managed: false });
}

export function setGroupSuspended(draft: Draft, name: string, suspended: boolean): void {
  const group = lookup(draft, name);
  if (group && group.suspended !== suspended) draft.replaceGroup({ ...group, suspended });
}
