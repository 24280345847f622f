import type { ClusterConfig, ClusterStatus, GroupName, GroupState, ResourceName, ResourceState, ResourceStatus } from '../../model/index.js';
import { deriveGroupStates } from '../../policy/index.js';

/** The stored runtime status, as the RGM leader writes it (src/model/status.ts). */
export type StatusLike = ClusterStatus;

export interface DerivedStates {
  groupState(group: string, target: string): GroupState;
  resourceState(resource: string, target: string): { state: ResourceState; status: ResourceStatus; message: string };
}

/**
 * Per-target states for display, derived by the policy core from the stored status (group states
 * are never stored). Until the RGM has written a status, everything is at rest.
 */
export function deriveStates(config: ClusterConfig, status: StatusLike | undefined, now: number): DerivedStates {
  const managed = new Map<string, boolean>(config.groups.map((g) => [g.name, g.managed]));
  const groups = status ? deriveGroupStates(config, status, now) : undefined;
  return {
    groupState: (group, target) => groups?.[group as GroupName]?.[target] ?? (managed.get(group) ? 'OFFLINE' : 'UNMANAGED'),
    resourceState: (resource, target) => {
      const t = status?.resources[resource as ResourceName]?.targets[target];
      return t ? { state: t.state, status: t.status, message: t.statusMessage ?? '' } : { state: 'OFFLINE', status: 'OFFLINE', message: '' };
    },
  };
}
