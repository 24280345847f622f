/** Per-node resource state (Sun Cluster resource states; C enum order). */
export const RESOURCE_STATES = [
  'ONLINE', 'OFFLINE', 'START_FAILED', 'STOP_FAILED', 'MONITOR_FAILED',
  'ONLINE_NOT_MONITORED', 'STARTING', 'STOPPING', 'DETACHED',
] as const;
export type ResourceState = (typeof RESOURCE_STATES)[number];

/** Per-node resource-group state (Sun Cluster RG states; C enum order). */
export const GROUP_STATES = [
  'UNMANAGED', 'ONLINE', 'OFFLINE', 'PENDING_ONLINE', 'PENDING_OFFLINE',
  'ERROR_STOP_FAILED', 'ONLINE_FAULTED', 'PENDING_ONLINE_BLOCKED',
] as const;
export type GroupState = (typeof GROUP_STATES)[number];

/** Monitor-reported status (scha_resource_setstatus); OK is displayed as ONLINE. */
export const RESOURCE_STATUSES = ['OK', 'DEGRADED', 'FAULTED', 'UNKNOWN', 'OFFLINE'] as const;
export type ResourceStatus = (typeof RESOURCE_STATUSES)[number];

export type NodeState = 'UP' | 'DOWN';
