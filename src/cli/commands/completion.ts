import type { ClusterView } from '../../api/view/cluster-view.js';

export interface RequestSpec {
  readonly kind: string;
  readonly group?: string;
  readonly resource?: string;
  readonly node?: string;
  readonly target?: string;
  readonly [k: string]: unknown;
}

/** A one-line account of where the request's groups are, for the progress line. */
export function completion(view: ClusterView, request: RequestSpec): { readonly progress: string } {
  const groups = request.group !== undefined ? view.groups.filter((g) => g.name === request.group)
    : request.resource !== undefined ? view.groups.filter((g) => view.resources.some((r) => r.name === request.resource && r.group === g.name))
      : request.node !== undefined ? view.groups.filter((g) => g.perNode.some((p) => p.target === request.node || p.target.startsWith(`${request.node}:`)))
        : [];
  const states = groups.flatMap((g) => g.perNode.map((p) => ({ group: g.name, ...p })));
  const busy = states.filter((s) => s.state !== 'OFFLINE' && s.state !== 'UNMANAGED').map((s) => `${s.group} ${s.state} on ${s.target}`);
  return { progress: busy.join(', ') || (groups.length ? groups.map((g) => `${g.name} OFFLINE`).join(', ') : 'waiting') };
}
