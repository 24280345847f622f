import type { ResourceType } from '../resource-type.js';
import type { ResourceGroup } from '../group.js';
import type { Assignment } from './assignment.js';

/** A property to put back to its default (remove the configured value), optionally only per node. */
export interface PropertyReset {
  readonly name: string;
  readonly nodes?: readonly string[];
}

/**
 * One administrative change to the configuration, as `clnode`/`clrt`/`clrg`/`clrs` (spec §7) would
 * make it. Changes are pure, JSON-serialisable data and untrusted input (names are plain strings,
 * checked when applied); `applyChanges` validates and applies a list of them atomically.
 */
export type ConfigChange =
  /** Renames the cluster (a declarative file names it; no Sun Cluster command does this). */
  | { readonly kind: 'set-cluster-name'; readonly name: string }
  | { readonly kind: 'add-node'; readonly name: string; readonly zones?: readonly string[]; /** default: one above the largest id */ readonly id?: number }
  | { readonly kind: 'remove-node'; readonly name: string }
  /** Replaces the zones a node declares (not a Sun Cluster command: zones are configured on the node). */
  | { readonly kind: 'set-node-zones'; readonly name: string; readonly zones: readonly string[] }
  /** The RTR was validated by the parser. A Global_zone type needs `trustGlobalZone` (DESIGN.md, Safety). */
  | { readonly kind: 'register-type'; readonly type: ResourceType; readonly trustGlobalZone?: boolean }
  | { readonly kind: 'unregister-type'; readonly name: string }
  | { readonly kind: 'create-group'; readonly name: string; readonly assignments: readonly Assignment[]; readonly flavor?: ResourceGroup['flavor'] }
  | { readonly kind: 'set-group'; readonly name: string; readonly assignments: readonly Assignment[]; readonly reset?: readonly PropertyReset[] }
  | { readonly kind: 'delete-group'; readonly name: string; /** also deletes its resources, and deletes a managed group that is offline (clrg delete -F) */ readonly force?: boolean }
  | { readonly kind: 'manage-group'; readonly name: string }
  | { readonly kind: 'unmanage-group'; readonly name: string }
  | { readonly kind: 'suspend-group'; readonly name: string }
  | { readonly kind: 'resume-group'; readonly name: string }
  | {
    readonly kind: 'create-resource';
    readonly name: string;
    readonly group: string;
    /** Type name as typed (`SUNW.gds`, `gds`, full name); resolved with `lookupType`. */
    readonly type: string;
    readonly assignments: readonly Assignment[];
    readonly enabled: boolean;
    /** default true */
    readonly monitored?: boolean;
  }
  | { readonly kind: 'set-resource'; readonly name: string; readonly assignments: readonly Assignment[]; readonly reset?: readonly PropertyReset[] }
  | { readonly kind: 'delete-resource'; readonly name: string }
  | { readonly kind: 'enable-resource'; readonly name: string }
  | { readonly kind: 'disable-resource'; readonly name: string }
  | { readonly kind: 'monitor-resource'; readonly name: string }
  | { readonly kind: 'unmonitor-resource'; readonly name: string };

export type ConfigChangeKind = ConfigChange['kind'];

/**
 * What the configuration alone does not know: runtime state the caller read from the status.
 * Without `isGroupOffline` every group counts as offline (a configuration that runs nowhere).
 */
export interface ChangeContext {
  readonly isGroupOffline?: (group: string) => boolean;
}
