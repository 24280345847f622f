/** The four resource dependency properties (spec §2.3), strongest first. */
export const DEPENDENCY_PROPERTIES = [
  'Resource_dependencies', 'Resource_dependencies_restart', 'Resource_dependencies_offline_restart', 'Resource_dependencies_weak',
] as const;
export type DependencyProperty = (typeof DEPENDENCY_PROPERTIES)[number];

/** Where a dependee must be online: `{LOCAL_NODE}`, `{ANY_NODE}`, or derived from RG affinities (default). */
export type DependencyScope = 'LOCAL_NODE' | 'ANY_NODE' | 'FROM_RG_AFFINITIES';
const SCOPES: readonly DependencyScope[] = ['LOCAL_NODE', 'ANY_NODE', 'FROM_RG_AFFINITIES'];

export interface DependencyEntry {
  readonly resource: string;
  readonly scope: DependencyScope;
}

/** Parses `rs` or `rs{LOCAL_NODE}` (qualifier case-insensitive); undefined when malformed. */
export function parseDependencyEntry(text: string): DependencyEntry | undefined {
  const m = /^([^{}]+?)(?:\{([^{}]*)\})?$/.exec(text.trim());
  if (!m || m[1] === undefined) return undefined;
  if (m[2] === undefined) return { resource: m[1], scope: 'FROM_RG_AFFINITIES' };
  const scope = SCOPES.find((s) => s === m[2]?.trim().toUpperCase());
  return scope === undefined ? undefined : { resource: m[1], scope };
}

/** RG affinity strengths (spec §2.5): weak/strong positive, strong positive with delegation, weak/strong negative. */
export type AffinityStrength = '+' | '++' | '+++' | '-' | '--';

export interface AffinityEntry {
  readonly strength: AffinityStrength;
  readonly group: string;
}

/** Parses `+rg`, `++rg`, `+++rg`, `-rg`, `--rg`; undefined when malformed. */
export function parseAffinity(text: string): AffinityEntry | undefined {
  const m = /^(\+\+\+|\+\+|\+|--|-)([^+-].*)$/.exec(text.trim());
  if (!m || m[1] === undefined || m[2] === undefined) return undefined;
  return { strength: m[1] as AffinityStrength, group: m[2] };
}

/**
 * One cycle in a directed graph given as `node → successors`, as the list of nodes along it
 * (first node repeated at the end), or undefined when the graph has none. Deterministic: nodes are
 * visited in map order.
 */
export function findCycle(edges: ReadonlyMap<string, readonly string[]>): string[] | undefined {
  const state = new Map<string, 'open' | 'done'>();
  const path: string[] = [];
  const visit = (n: string): string[] | undefined => {
    state.set(n, 'open');
    path.push(n);
    for (const next of edges.get(n) ?? []) {
      const s = state.get(next);
      if (s === 'open') return [...path.slice(path.indexOf(next)), next];
      if (s === undefined && edges.has(next)) {
        const found = visit(next);
        if (found) return found;
      }
    }
    path.pop();
    state.set(n, 'done');
    return undefined;
  };
  for (const n of edges.keys()) {
    if (state.has(n)) continue;
    const found = visit(n);
    if (found) return found;
  }
  return undefined;
}
