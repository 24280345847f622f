import type { AssignmentValue, ResourceGroup } from '../../model/index.js';

/** A place in the YAML file (1-based), with the dotted path of the field as written there. */
export interface SourcePosition {
  readonly line: number;
  readonly column: number;
  /** `groups.web-rg.resources.web-rs.properties.Retry_count` */
  readonly path: string;
}

export interface DesiredNode {
  readonly name: string;
  /** Absent: the node keeps its current id, or gets the smallest free one. */
  readonly id?: number;
  readonly zones: readonly string[];
}

/**
 * A type the file asks for. RTR entries carry the file's text, so whoever plans the change parses
 * it again itself rather than trusting a parse made elsewhere (the file may travel to a server).
 */
export type DesiredType =
  | { readonly kind: 'rtr'; /** as written */ readonly path: string; /** absolute */ readonly file: string; readonly text: string; readonly trustGlobalZone: boolean }
  | { readonly kind: 'builtin'; readonly name: string; readonly trustGlobalZone: boolean };

export interface DesiredResource {
  readonly name: string;
  readonly type: string;
  /** System and extension properties together, values as written (numbers keep their source text). */
  readonly properties: Readonly<Record<string, AssignmentValue>>;
  /** `Prop → node → value` for PER_NODE properties. */
  readonly perNode: Readonly<Record<string, Readonly<Record<string, AssignmentValue>>>>;
  readonly enabled: boolean;
  readonly monitored: boolean;
}

export interface DesiredGroup {
  readonly name: string;
  readonly flavor: ResourceGroup['flavor'];
  readonly managed: boolean;
  readonly suspended: boolean;
  readonly properties: Readonly<Record<string, AssignmentValue>>;
  readonly resources: readonly DesiredResource[];
}

/**
 * A whole cluster as a `cluster.yaml` describes it: shape-checked, not yet validated against the
 * model (that is `planApply`'s job). Plain JSON data, so it can be sent to the cluster's API.
 */
export interface DesiredCluster {
  /** The YAML file, as named to `loadClusterFile` (used in messages). */
  readonly file: string;
  readonly clusterName: string;
  readonly nodes: readonly DesiredNode[];
  readonly types: readonly DesiredType[];
  readonly groups: readonly DesiredGroup[];
  /** Lookup key (see `positionKey`) → where that field is written. */
  readonly positions: Readonly<Record<string, SourcePosition>>;
}

/**
 * The key under which a field's position is recorded: path segments joined by `.`, with property
 * names (the keys of `properties` and `perNode` maps) lower-cased since they are case-insensitive.
 */
export function positionKey(segments: readonly (string | number)[]): string {
  return segments.map((s, i) => {
    const parent = segments[i - 1];
    const isPropertyName = parent === 'properties' || (parent === 'perNode' && i >= 1);
    return isPropertyName ? String(s).toLowerCase() : String(s);
  }).join('.');
}
