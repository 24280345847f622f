import type { ClusterConfig } from '../cluster-config.js';
import { illegalNameReason } from '../names.js';
import { fail, ok, type Result } from '../result.js';
import type { ChangeContext, ConfigChange } from './change.js';
import { deepEqual } from './deep-equal.js';
import { Draft } from './draft.js';
import { createGroup, deleteGroup, manageGroup, setGroup, setGroupSuspended, unmanageGroup } from './group-changes.js';
import { checkInvariants } from './invariants.js';
import { addNode, removeNode, setNodeZones } from './node-changes.js';
import type { ChangeProblem } from './problems.js';
import { createResource, deleteResource, setResource, setResourceSwitch } from './resource-changes.js';
import { registerType, unregisterType } from './type-changes.js';

function applyOne(draft: Draft, c: ConfigChange): void {
  switch (c.kind) {
    case 'set-cluster-name': return setClusterName(draft, c.name);
    case 'add-node': return addNode(draft, c);
    case 'remove-node': return removeNode(draft, c);
    case 'set-node-zones': return setNodeZones(draft, c);
    case 'register-type': return registerType(draft, c);
    case 'unregister-type': return unregisterType(draft, c);
    case 'create-group': return createGroup(draft, c);
    case 'set-group': return setGroup(draft, c);
    case 'delete-group': return deleteGroup(draft, c);
    case 'manage-group': return manageGroup(draft, c);
    case 'unmanage-group': return unmanageGroup(draft, c);
    case 'suspend-group': return setGroupSuspended(draft, c.name, true);
    case 'resume-group': return setGroupSuspended(draft, c.name, false);
    case 'create-resource': return createResource(draft, c);
    case 'set-resource': return setResource(draft, c);
    case 'delete-resource': return deleteResource(draft, c);
    case 'enable-resource': return setResourceSwitch(draft, c.name, 'enabled', true);
    case 'disable-resource': return setResourceSwitch(draft, c.name, 'enabled', false);
    case 'monitor-resource': return setResourceSwitch(draft, c.name, 'monitored', true);
    case 'unmonitor-resource': return setResourceSwitch(draft, c.name, 'monitored', false);
  }
}

function setClusterName(draft: Draft, name: string): void {
  const bad = illegalNameReason(name);
  if (bad !== undefined) return draft.report('invalid-name', { object: 'cluster', name }, `name ${bad}`);
  draft.clusterName = name;
}

/**
 * Validates and applies `changes` in order, all or nothing. Each change sees the result of the
 * ones before it (disable, then set a WHEN_DISABLED property); rules spanning objects (references,
 * dependency cycles, Nodelists, Failover/Scalable) are checked once on the final result.
 *
 * Every problem is collected, never only the first; the errors are `ChangeProblem`s (which carry
 * a `target` for edges such as the YAML loader). On success the new configuration has
 * `generation + 1`; when the changes leave the configuration as it was (enable an enabled
 * resource), the input itself is returned, generation unchanged. The input is never mutated.
 */
export function applyChanges(config: ClusterConfig, changes: readonly ConfigChange[], context: ChangeContext = {}): Result<ClusterConfig, ChangeProblem> {
  const draft = new Draft(config, context);
  for (const c of changes) applyOne(draft, c);
  checkInvariants(draft);
  if (draft.problems.length > 0) return fail(...dedupe(draft.problems));
  const next = draft.toConfig();
  const unchanged = deepEqual({ ...next, generation: config.generation }, config);
  return ok(unchanged ? config : next);
}

/** The same message twice (a cycle seen from two changes) is reported once. */
function dedupe(problems: readonly ChangeProblem[]): ChangeProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => (seen.has(p.message) ? false : (seen.add(p.message), true)));
}
