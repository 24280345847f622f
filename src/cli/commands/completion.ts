import type { ClusterView } from '../../api/view/cluster-view.js';

export interface RequestSpec {
  readonly kind: string;
  readonly group?: string;
  readonly resource?: string;
  readonly node?: string;
  readonly target?: string;
  readonly [k: string]: unknown;
}

export interface Completion { readonly done: boolean; readonly failed: boolean; readonly progress: string }

const FAILED_GROUP = new Set(['ERROR_STOP_FAILED', 'ONLINE_FAULTED']);
const PENDING = new Set(['PENDING_ONLINE', 'PENDING_OFFLINE', 'PENDING_ONLINE_BLOCKED']);

/** Whether the cluster, as `view` shows it, has done what `request` asked, and a one-line progress. */
export function completion(view: ClusterView, request: RequestSpec): Completion {
  const groups = request.group !== undefined ? view.groups.filter((g) => g.name === request.group)
    : request.node !== undefined ? view.groups.filter((g) => g.perNode.some((p) => p.target === request.node || p.target.startsWith(`${request.node}:`)))
      : [];
  const states = groups.flatMap((g) => g.perNode.map((p) => ({ group: g.name, ...p })));
  const progress = states.filter((s) => s.state !== 'OFFLINE' && s.state !== 'UNMANAGED').map((s) => `${s.group} ${s.state} on ${s.target}`).join(', ') || (groups.length ? groups.map((g) => `${g.name} OFFLINE`).join(', ') : 'nothing to do');
  const failed = states.some((s) => FAILED_GROUP.has(s.state));
  const pending = states.some((s) => PENDING.has(s.state));
  if (failed) return { done: true, failed: true, progress };
  if (pending) return { done: false, failed: false, progress };
  switch (request.kind) {
    case 'online':
    case 'restart':
      return { done: states.some((s) => s.state === 'ONLINE' && (request.target === undefined || s.target === request.target)), failed: false, progress };
    case 'switch':
      return { done: states.some((s) => s.state === 'ONLINE' && s.target === request.target), failed: false, progress };
    case 'offline':
      return { done: states.every((s) => s.state === 'OFFLINE' || s.state === 'UNMANAGED'), failed: false, progress };
    case 'evacuate':
      return { done: !states.some((s) => (s.target === request.node || s.target.startsWith(`${request.node}:`)) && s.state === 'ONLINE'), failed: false, progress };
    default:
      return { done: true, failed: false, progress };
  }
}
