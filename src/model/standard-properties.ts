import type { PropertySchema } from './property.js';
import type { MethodName } from './resource-type.js';

const base = { extension: false, perNode: false } as const;

/** Default `<Method>_timeout` in seconds when the RTR declares the method but no default (r_properties(5)). */
export const DEFAULT_METHOD_TIMEOUT_S = 3600;

/** The `<Method>_timeout` property name of a method. */
export const timeoutProperty = (m: MethodName): string => `${m}_timeout`;

/** A `<Method>_timeout` schema; it exists only for methods the type declares. */
export const methodTimeoutSchema = (m: MethodName): PropertySchema => ({
  ...base, name: timeoutProperty(m), type: 'INT', min: 1, default: DEFAULT_METHOD_TIMEOUT_S, tunable: 'ANYTIME',
});

export type ResourceSystemProperty = PropertySchema & {
  /** Conditional properties exist on a resource only when the type's RTR declares them. */
  readonly conditional: boolean;
};

/**
 * System-defined resource properties (r_properties(5)), with the defaults and tunability Ferry uses
 * when the RTR does not override them. Method timeouts are added per declared method.
 */
export const RESOURCE_SYSTEM_PROPERTIES: readonly ResourceSystemProperty[] = [
  { ...base, conditional: false, name: 'Failover_mode', type: 'ENUM', enumValues: ['NONE', 'SOFT', 'HARD', 'RESTART_ONLY', 'LOG_ONLY'], default: 'NONE', tunable: 'ANYTIME' },
  { ...base, conditional: false, name: 'Resource_dependencies', type: 'STRINGARRAY', default: [], tunable: 'ANYTIME' },
  { ...base, conditional: false, name: 'Resource_dependencies_weak', type: 'STRINGARRAY', default: [], tunable: 'ANYTIME' },
  { ...base, conditional: false, name: 'Resource_dependencies_restart', type: 'STRINGARRAY', default: [], tunable: 'ANYTIME' },
  { ...base, conditional: false, name: 'Resource_dependencies_offline_restart', type: 'STRINGARRAY', default: [], tunable: 'ANYTIME' },
  { ...base, conditional: false, name: 'R_description', type: 'STRING', default: '', tunable: 'ANYTIME' },
  { ...base, conditional: false, name: 'Resource_project_name', type: 'STRING', default: '', tunable: 'ANYTIME' },
  { ...base, conditional: true, name: 'Retry_count', type: 'INT', min: -1, default: 2, tunable: 'ANYTIME' },
  { ...base, conditional: true, name: 'Retry_interval', type: 'INT', min: 0, default: 300, tunable: 'ANYTIME' },
  { ...base, conditional: true, name: 'Thorough_probe_interval', type: 'INT', min: 1, default: 60, tunable: 'ANYTIME' },
  { ...base, conditional: true, name: 'Cheap_probe_interval', type: 'INT', min: 1, default: 30, tunable: 'WHEN_DISABLED' },
  { ...base, conditional: true, name: 'Network_resources_used', type: 'STRINGARRAY', default: [], tunable: 'WHEN_DISABLED' },
  { ...base, conditional: true, name: 'Port_list', type: 'STRINGARRAY', default: [], tunable: 'ANYTIME' },
  { ...base, conditional: true, name: 'Scalable', type: 'BOOLEAN', default: false, tunable: 'AT_CREATION' },
  { ...base, conditional: true, name: 'Load_balancing_policy', type: 'ENUM', enumValues: ['LB_WEIGHTED', 'LB_STICKY', 'LB_STICKY_WILD'], default: 'LB_WEIGHTED', tunable: 'AT_CREATION' },
  { ...base, conditional: true, name: 'Load_balancing_weights', type: 'STRINGARRAY', default: [], tunable: 'ANYTIME' },
  { ...base, conditional: true, name: 'Affinity_timeout', type: 'INT', min: 0, default: 0, tunable: 'ANYTIME' },
  { ...base, conditional: true, name: 'UDP_affinity', type: 'BOOLEAN', default: false, tunable: 'WHEN_DISABLED' },
  { ...base, conditional: true, name: 'Weak_affinity', type: 'BOOLEAN', default: false, tunable: 'WHEN_DISABLED' },
  { ...base, conditional: true, name: 'Generic_affinity', type: 'BOOLEAN', default: false, tunable: 'WHEN_DISABLED' },
  { ...base, conditional: true, name: 'Monitor_retry_count', type: 'INT', min: -1, default: 4, tunable: 'ANYTIME' },
  { ...base, conditional: true, name: 'Monitor_retry_interval', type: 'INT', min: 0, default: 2, tunable: 'ANYTIME' },
  // Exists only when the type has Global_zone=TRUE (added by effectiveSchemas).
  { ...base, conditional: true, name: 'Global_zone_override', type: 'BOOLEAN', default: true, tunable: 'AT_CREATION' },
];

/** Standard resource-group properties (rg_properties(5)). */
export const GROUP_PROPERTIES: readonly PropertySchema[] = [
  { ...base, name: 'Nodelist', type: 'STRINGARRAY', default: [], tunable: 'ANYTIME' },
  { ...base, name: 'RG_mode', type: 'ENUM', enumValues: ['Failover', 'Scalable'], default: 'Failover', tunable: 'AT_CREATION' },
  { ...base, name: 'Maximum_primaries', type: 'INT', min: 1, default: 1, tunable: 'ANYTIME' },
  { ...base, name: 'Desired_primaries', type: 'INT', min: 0, default: 1, tunable: 'ANYTIME' },
  { ...base, name: 'Failback', type: 'BOOLEAN', default: false, tunable: 'ANYTIME' },
  { ...base, name: 'Pingpong_interval', type: 'INT', min: 0, default: 3600, tunable: 'ANYTIME' },
  { ...base, name: 'Auto_start_on_new_cluster', type: 'BOOLEAN', default: true, tunable: 'ANYTIME' },
  { ...base, name: 'RG_affinities', type: 'STRINGARRAY', default: [], tunable: 'ANYTIME' },
  { ...base, name: 'RG_dependencies', type: 'STRINGARRAY', default: [], tunable: 'ANYTIME' },
  { ...base, name: 'Implicit_network_dependencies', type: 'BOOLEAN', default: true, tunable: 'ANYTIME' },
  { ...base, name: 'Global_resources_used', type: 'STRINGARRAY', default: ['*'], tunable: 'ANYTIME' },
  { ...base, name: 'Pathprefix', type: 'STRING', default: '', tunable: 'ANYTIME' },
  { ...base, name: 'RG_description', type: 'STRING', default: '', tunable: 'ANYTIME' },
  { ...base, name: 'RG_project_name', type: 'STRING', default: '', tunable: 'ANYTIME' },
  { ...base, name: 'RG_system', type: 'BOOLEAN', default: false, tunable: 'ANYTIME' },
];
