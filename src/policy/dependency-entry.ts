import type { NodeName } from '../model/index.js';
import { nodeName } from '../model/index.js';

/** The four Resource_dependencies flavours (spec §2.3), plus the implicit network dependency. */
export type DependencyFlavour = 'strong' | 'weak' | 'restart' | 'offline-restart';

/** Where the dependee must be online, as written: `{LOCAL_NODE}`, `{ANY_NODE}`, `{FROM_RG_AFFINITIES}` (default), or `@node`. */
export type DependencyScope = 'local' | 'any' | 'from-rg-affinities' | { readonly node: NodeName };

export interface DependencyEntry {
  readonly name: string;
  readonly scope: DependencyScope;
  /** The entry as written, for reasons. */
  readonly text: string;
}

export const DEPENDENCY_PROPERTIES: ReadonlyArray<readonly [string, DependencyFlavour]> = [
  ['Resource_dependencies', 'strong'],
  ['Resource_dependencies_weak', 'weak'],
  ['Resource_dependencies_restart', 'restart'],
  ['Resource_dependencies_offline_restart', 'offline-restart'],
];

const ENTRY = /^\s*([^{}@\s]+)\s*(?:\{\s*([A-Za-z_]+)\s*\})?\s*(?:@\s*([^{}@\s]+))?\s*$/;

/**
 * Parses one dependency list entry: `rs2`, `rs2{local_node}`, `rs2{ANY_NODE}`,
 * `rs2{FROM_RG_AFFINITIES}` (scope keywords are case-insensitive), or the 4.x per-node form
 * `rs2@node`. Returns a message for anything else.
 */
export function parseDependencyEntry(text: string): DependencyEntry | string {
  const m = ENTRY.exec(text);
  if (!m || m[1] === undefined) return `"${text}" is not a dependency entry (expected name, name{LOCAL_NODE}, name{ANY_NODE}, name{FROM_RG_AFFINITIES} or name@node)`;
  const name = m[1];
  if (m[2] !== undefined && m[3] !== undefined) return `"${text}" has both a {scope} and an @node`;
  if (m[3] !== undefined) return { name, scope: { node: nodeName(m[3]) }, text };
  if (m[2] === undefined) return { name, scope: 'from-rg-affinities', text };
  switch (m[2].toUpperCase()) {
    case 'LOCAL_NODE': return { name, scope: 'local', text };
    case 'ANY_NODE': return { name, scope: 'any', text };
    case 'FROM_RG_AFFINITIES': return { name, scope: 'from-rg-affinities', text };
    default: return `"${text}": unknown scope {${m[2]}} (expected LOCAL_NODE, ANY_NODE or FROM_RG_AFFINITIES)`;
  }
}

export const formatScope = (s: DependencyScope): string =>
  typeof s === 'object' ? `@${s.node}` : s === 'local' ? '{LOCAL_NODE}' : s === 'any' ? '{ANY_NODE}' : '{FROM_RG_AFFINITIES}';
