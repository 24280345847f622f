import type { GroupName, NodeName, ResourceName, ZoneName } from '../names.js';
import type { ResourceType } from '../resource-type.js';
import type { ResourceGroup } from '../group.js';
import type { Assignment } from './assignment.js';

/** A property to put back to its default (remove the configured value), optionally only per node. */
export interface PropertyReset {
  readonly name: string;
  readonly nodes?: readonly NodeName[];
}

/**
 * One administrative change to the configuration, as `clnode`/`clrt`/`clrg`/`clrs` (spec §7) would
 * make it. Changes are pure data; `applyChanges` validates and applies a list of them atomically.
 */
export type ConfigChange =
  | { readonly kind: 'add-node'; readonly name: NodeName; readonly zones?: readonly ZoneName[]; /** default: one above the largest id */ readonly id?: number }
  | { readonly kind: 'remove-node'; readonly name: NodeName }
  /** Replaces the zones a node declares (not a Sun Cluster command: zones are configured on the node). */
  | { readonly kind: 'set-node-zones'; readonly name: NodeName; readonly zones: readonly ZoneName[] }
  /** The RTR was validated by the parser. A Global_zone type needs `trustGlobalZone` (DESIGN.md, Safety). */
  | { readonly kind: 'register-type'; readonly type: ResourceType; readonly trustGlobalZone?: boolean }
  | { readonly kind: 'unregister-type'; readonly name: string }
  | { readonly kind: 'create-group'; readonly name: GroupName; readonly assignments: readonly Assignment[]; readonly flavor?: ResourceGroup['flavor'] }
  | { readonly kind: 'set-group'; readonly name: GroupName; readonly assignments: readonly Assignment[]; readonly reset?: readonly PropertyReset[] }
  | { readonly kind: 'delete-group'; readonly name: GroupName; /** also deletes its resources, and deletes a managed group that is offline (clrg delete -F) */ readonly force?: boolean }
  | { readonly kind: 'manage-group'; readonly name: GroupName }
  | { readonly kind: 'unmanage-group'; readonly name: GroupName }
  | { readonly kind: 'suspend-group'; readonly name: GroupName }
  | { readonly kind: 'resume-group'; readonly name: GroupName }
  | {
    readonly kind: 'create-resource';
    readonly name: ResourceName;
    readonly group: GroupName;
    /** Type name as typed (`SUNW.gds`, `gds`, full name); resolved with `lookupType`. */
    readonly type: string;
    readonly assignments: readonly Assignment[];
    readonly enabled: boolean;
    /** default true */
    readonly monitored?: boolean;
  }
  | { readonly kind: 'set-resource'; readonly name: ResourceName; readonly assignments: readonly Assignment[]; readonly reset?: readonly PropertyReset[] }
  | { readonly kind: 'delete-resource'; readonly name: ResourceName }
  | { readonly kind: 'enable-resource'; readonly name: ResourceName }
  | { readonly kind: 'disable-resource'; readonly name: ResourceName }
  | { readonly kind: 'monitor-resource'; readonly name: ResourceName }
  | { readonly kind: 'unmonitor-resource'; readonly name: ResourceName };

export type ConfigChangeKind = ConfigChange['kind'];

/**
 * What the configuration alone does not know: runtime state the caller read from the status.
 * Without `isGroupOffline` every group counts as offline (a configuration that runs nowhere).
 */
export interface ChangeContext {
  readonly isGroupOffline?: (group: GroupName) => boolean;
}
