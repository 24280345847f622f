import type { GroupName, NodeName, ResourceName, TypeName } from './names.js';
import type { PropertyValue } from './property.js';

/**
 * A configured resource. Property maps are keyed by the schema's declared spelling
 * (`Retry_count`, `Confdir_list`); lookups by users are case-insensitive.
 */
export interface Resource {
  readonly name: ResourceName;
  readonly type: TypeName;
  readonly group: GroupName;
  /** System-defined property values that differ from, or pin, the type's defaults. */
  readonly properties: Readonly<Record<string, PropertyValue>>;
  /** Extension property values (cluster-wide). */
  readonly extension: Readonly<Record<string, PropertyValue>>;
  /** Per-node extension values, `Prop{node}` → value (properties declared PER_NODE). */
  readonly perNode: Readonly<Record<string, Readonly<Record<NodeName, PropertyValue>>>>;
  /** On_off_switch: the resource may run (ENABLED) or not. */
  readonly enabled: boolean;
  /** Monitored_switch: its fault monitor runs while it is online. */
  readonly monitored: boolean;
}
