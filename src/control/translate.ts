import type { GroupName, NodeName, ResourceName } from '../model/index.js';
import { parseNodeTarget } from '../model/index.js';
import type { Action, AdminRequest, PolicyEvent } from '../policy/index.js';
import type { KeyValue } from '../store/store.js';

/** What an agent writes under reports/ (see src/agent/node/intent.ts; kept structurally in sync). */
export interface ReportBody {
  readonly kind: 'method-result' | 'monitor-failed' | 'setstatus' | 'script-result' | 'node-fenced' | 'fence-failed' | 'zone-up' | 'zone-down';
  readonly [k: string]: unknown;
}

/** A stored request: an admin request from the CLI, or a scha_control call from an agent. */
export interface RequestBody {
  readonly kind: string;
  readonly requestId: string;
  readonly [k: string]: unknown;
}

export function reportEvent(kv: KeyValue): PolicyEvent | undefined {
  const r = JSON.parse(kv.value) as ReportBody;
  const known: readonly string[] = ['method-result', 'monitor-failed', 'setstatus', 'script-result', 'node-fenced', 'fence-failed', 'zone-up', 'zone-down'];
  if (known.includes(r.kind)) {
    return r as unknown as PolicyEvent;
  }
  return undefined;
}

const targetsOf = (r: RequestBody): { targets?: string[] } => (typeof r['target'] === 'string' ? { targets: [r['target']] } : {});

/** Turns a stored request into the policy's event, or says why it is malformed. */
export function requestEvent(r: RequestBody, now: number): PolicyEvent | string {
  if (r.kind === 'scha-control') return r as unknown as PolicyEvent;
  if (r.kind === 'properties-changed' && Array.isArray(r['resources'])) return { kind: 'properties-changed', resources: r['resources'] as ResourceName[] };
  const group = r['group'] as GroupName | undefined;
  const resource = r['resource'] as ResourceName | undefined;
  let request: AdminRequest | undefined;
  switch (r.kind) {
    case 'online':
    case 'offline':
      if (group) request = { request: r.kind, group, ...targetsOf(r), ...(r.kind === 'online' && r['forced'] === true ? { forced: true } : {}) } as AdminRequest;
      break;
    case 'switch':
      if (group && typeof r['target'] === 'string') request = { request: 'switch', group, targets: [r['target']], ...(r['forced'] === true ? { forced: true } : {}) };
      break;
    case 'maintenance': {
      const mode = r['mode'];
      if (mode !== 'on' && mode !== 'off' && mode !== 'forceoff') return 'maintenance needs mode on, off or forceoff';
      if (group) request = { request: 'maintenance', group, mode };
      break;
    }
    case 'restart':
      if (group) request = { request: 'restart', group, ...targetsOf(r) } as AdminRequest;
      else if (resource) request = { request: 'restart', resource, ...targetsOf(r) } as AdminRequest;
      break;
    case 'clear':
      if (resource) request = { request: 'clear', resource, ...targetsOf(r) } as AdminRequest;
      else if (group) request = { request: 'clear', group, ...targetsOf(r) } as AdminRequest;
      break;
    case 'evacuate':
      if (typeof r['node'] === 'string') request = { request: 'evacuate', node: r['node'] as NodeName, untilMs: now + Number(r['seconds'] ?? 60) * 1000 };
      break;
    case 'suspend':
    case 'resume':
      if (group) request = { request: r.kind, group };
      break;
    case 'shutdown':
      if (typeof r['node'] === 'string') request = { request: 'shutdown', node: r['node'] as NodeName };
      break;
    default:
      return `unknown request "${r.kind}"`;
  }
  return request ? { kind: 'admin', request } : `request "${r.kind}" is missing its group, resource or node`;
}

/** The node that must carry out an action, if it runs somewhere. */
export function actionNode(a: Action): string | undefined {
  if (a.kind === 'run-method' || a.kind === 'run-script') return parseNodeTarget(a.target).node;
  return undefined;
}
