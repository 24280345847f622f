import type { NodeName, ZoneName } from './names.js';

/** A cluster node (a machine running ferryd, or a virtual node of the embedded cluster). */
export interface ClusterNode {
  readonly name: NodeName;
  /** Small integer id, stable for the node's life (scha_cluster_get NODENAME_NODEID). */
  readonly id: number;
  /** Zones (Linux network namespaces) this node hosts, addressable as `node:zone`. */
  readonly zones: readonly ZoneName[];
}
