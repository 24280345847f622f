import type { ClusterConfig, GroupState, ResourceState, ResourceStatus } from '../../model/index.js';

/** The stored runtime status, as the RGM leader writes it (see src/model/status.ts). */
export type StatusLike = unknown;

export interface DerivedStates {
  groupState(group: string, target: string): GroupState;
  resourceState(resource: string, target: string): { state: ResourceState; status: ResourceStatus; message: string };
}

/** Per-target states for display. Until the RGM has written a status, everything is at rest. */
export function deriveStates(config: ClusterConfig, _status: StatusLike): DerivedStates {
  const managed = new Map<string, boolean>(config.groups.map((g) => [g.name, g.managed]));
  return {
    groupState: (group) => (managed.get(group) ? 'OFFLINE' : 'UNMANAGED'),
    resourceState: () => ({ state: 'OFFLINE', status: 'OFFLINE', message: '' }),
  };
}
