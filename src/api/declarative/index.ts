// Public surface of the declarative cluster file: cluster.yaml → desired cluster → plan → changes,
// and a configuration → cluster.yaml.
export type { DesiredCluster, DesiredGroup, DesiredNode, DesiredResource, DesiredType, SourcePosition } from './desired.js';
export { loadClusterFile, type ReadFile } from './load.js';
export { planApply, type Plan, type PlanOptions } from './plan.js';
export { exportCluster, type ExportOptions } from './export.js';
export { formatChange, formatPlan } from './format-plan.js';
export { typeFromRtr } from './rtr-type.js';
