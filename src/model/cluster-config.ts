import type { ClusterNode } from './node.js';
import type { ResourceGroup } from './group.js';
import type { Resource } from './resource.js';
import type { ResourceType } from './resource-type.js';

/**
 * The whole cluster configuration: what the administrator asked for. Runtime state lives
 * apart (status). Every accepted change produces a new value with `generation` + 1.
 */
export interface ClusterConfig {
  readonly clusterName: string;
  readonly generation: number;
  readonly nodes: readonly ClusterNode[];
  readonly types: readonly ResourceType[];
  readonly groups: readonly ResourceGroup[];
  readonly resources: readonly Resource[];
}

export const emptyConfig = (clusterName: string): ClusterConfig => ({
  clusterName, generation: 0, nodes: [], types: [], groups: [], resources: [],
});
