import type { ClusterConfig, ClusterStatus, GroupName, ResourceName, ResourceState } from '../model/index.js';
import { parseNodeTarget } from '../model/index.js';
import { deriveGroupStates } from '../policy/index.js';

/** What the leader writes at replies/<id>; the CLI and scha_control wait for `done`. */
export interface ReplyBody {
  readonly accepted?: boolean;
  readonly done: boolean;
  readonly failed?: boolean;
  readonly reason: string;
  readonly error?: string;
  readonly request?: { readonly kind: string; readonly [k: string]: unknown };
  readonly acceptedAtMs?: number;
  /** When the RGM marked it done (finished replies are removed some minutes later). */
  readonly doneAtMs?: number;
}

const UP: readonly ResourceState[] = ['ONLINE', 'ONLINE_NOT_MONITORED'];
const FAILED: readonly ResourceState[] = ['STOP_FAILED', 'START_FAILED', 'MONITOR_FAILED'];

/**
 * Whether an accepted request has finished: undefined while the cluster is still moving; otherwise
 * `failed` and a reason a person can read. A request is judged only once its group has settled
 * (no method in flight, no failure waiting for a decision), so transient states never count.
 */
export function evaluateReply(
  body: ReplyBody, config: ClusterConfig, status: ClusterStatus, now: number,
  /** The groups' states for this status (a pass judging many replies works them out once). */
  groupStates: () => ReturnType<typeof deriveGroupStates> = () => deriveGroupStates(config, status, now),
): { failed: boolean; reason: string } | undefined {
  const req = body.request;
  if (!req) return { failed: false, reason: 'done' };
  const since = body.acceptedAtMs ?? 0;
  const groupOf = (r: unknown): string | undefined => config.resources.find((x) => x.name === r)?.group;
  const group = typeof req['group'] === 'string' ? req['group'] : groupOf(req['resource']);
  const target = typeof req['target'] === 'string' ? req['target'] : undefined;
  if (req.kind === 'suspend' || req.kind === 'resume') return { failed: false, reason: `${req.kind}ed` };
  if (req.kind === 'evacuate') {
    const node = String(req['node']);
    const busy = config.groups.filter((g) => !settled(config, status, g.name) || onlineTargets(config, status, g.name).some((t) => parseNodeTarget(t).node === node));
    return busy.length === 0 ? { failed: false, reason: `no group is online on ${node}` } : undefined;
  }
  if (group === undefined) return { failed: true, reason: 'the object no longer exists' };
  if (!settled(config, status, group)) {
    // A group stuck faulted (a failure the RGM will not recover from, e.g. Failover_mode NONE)
    // with nothing in flight has finished too, unsuccessfully.
    const stuck = Object.entries(groupStates()[group as GroupName] ?? {}).filter(([, st]) => st === 'ONLINE_FAULTED' || st === 'ERROR_STOP_FAILED');
    if (stuck.length > 0 && !inFlight(config, status, group) && now - since > 2000) {
      return { failed: true, reason: `${group} is ${stuck.map(([t, st]) => `${st} on ${t}`).join(', ')}${failedHere(config, status, group) ? `; ${failedHere(config, status, group)}` : ''}` };
    }
    return undefined;
  }
  const online = onlineTargets(config, status, group);
  const failures = failedHere(config, status, group);
  const where = online.length ? `online on ${online.join(', ')}` : 'offline';
  switch (req.kind) {
    case 'online':
      if (online.length > 0 && (target === undefined || online.includes(target))) return { failed: false, reason: where };
      return { failed: true, reason: `${group} is ${where}${failures ? `; ${failures}` : ''}` };
    case 'switch':
      return target !== undefined && online.includes(target) ? { failed: false, reason: where } : { failed: true, reason: `${group} is ${where}${failures ? `; ${failures}` : ''}` };
    case 'offline':
      return online.length === 0 && !failures ? { failed: false, reason: 'offline' } : { failed: true, reason: `${group} is ${where}${failures ? `; ${failures}` : ''}` };
    case 'restart': {
      const fresh = online.length > 0 && resourcesOf(config, group).every((r) => online.every((t) => (status.resources[r as ResourceName]?.targets[t]?.sinceMs ?? 0) >= since));
      if (fresh) return { failed: false, reason: `restarted, ${where}` };
      return failures ? { failed: true, reason: failures } : now - since > 1000 && online.length === 0 ? { failed: true, reason: `${group} is ${where}` } : undefined;
    }
    case 'clear':
      return failures.includes('STOP_FAILED') ? { failed: true, reason: failures } : { failed: false, reason: `cleared; ${group} is ${where}` };
    default:
      return failures ? { failed: true, reason: failures } : { failed: false, reason: where };
  }
}

function resourcesOf(config: ClusterConfig, group: string): string[] {
  return config.resources.filter((r) => r.group === group && r.enabled).map((r) => r.name);
}

/** Targets where every enabled resource of the group is up (and there is at least one). */
export function onlineTargets(config: ClusterConfig, status: ClusterStatus, group: string): string[] {
  const rs = resourcesOf(config, group);
  if (rs.length === 0) return [];
  const targets = new Set<string>();
  for (const r of rs) for (const t of Object.keys(status.resources[r as ResourceName]?.targets ?? {})) targets.add(t);
  return [...targets].filter((t) => rs.every((r) => UP.includes(status.resources[r as ResourceName]?.targets[t]?.state ?? 'OFFLINE'))).sort();
}

function settled(config: ClusterConfig, status: ClusterStatus, group: string): boolean {
  const g = status.groups[group as GroupName];
  if (g?.restarting && Object.keys(g.restarting).length > 0) return false;
  if (g?.relocating && Object.keys(g.relocating).length > 0) return false;
  if (status.pending.some((p) => 'group' in p && p.group === group)) return false;
  // A switch or online request the RGM still works on, or an RMS script running (PreOnlineScript before the resources start).
  if (g?.request !== undefined && g.request.targets.length > 0) return false;
  if (g?.scripts && Object.values(g.scripts).some((p) => p.inFlight !== undefined)) return false;
  const entries = config.resources.filter((r) => r.group === group).flatMap((r) => Object.entries(status.resources[r.name]?.targets ?? {}));
  if (entries.some(([, t]) => t.inFlight !== undefined || t.restart !== undefined)) return false;
  // A failed Stop holds the rest of the group where it is (STOPPING) until an operator or a fence acts: nothing moves by itself.
  const stuck = entries.filter(([, t]) => t.state === 'STOP_FAILED').map(([target]) => parseNodeTarget(target).node);
  if (stuck.length > 0) return !stuck.some((n) => status.nodes[n]?.fencing !== undefined);
  return entries.every(([, t]) => t.state !== 'STARTING' && t.state !== 'STOPPING');
}

function inFlight(config: ClusterConfig, status: ClusterStatus, group: string): boolean {
  return config.resources.filter((r) => r.group === group).some((r) => Object.values(status.resources[r.name]?.targets ?? {}).some((t) => t.inFlight !== undefined));
}

function failedHere(config: ClusterConfig, status: ClusterStatus, group: string): string {
  const out: string[] = [];
  for (const r of config.resources.filter((x) => x.group === group)) {
    for (const [t, s] of Object.entries(status.resources[r.name]?.targets ?? {})) if (FAILED.includes(s.state)) out.push(`${r.name} ${s.state} on ${t}`);
  }
  return out.join(', ');
}
