import type { ClusterStatus, MethodName, ResourceGroup } from '../../model/index.js';
import type { Layout } from '../../store/layout.js';
import type { Store } from '../../store/store.js';
import { isForced, offlineReason, rmsEnvironment } from './rms-env.js';

export interface RmsContext {
  readonly group: ResourceGroup | undefined;
  readonly status: ClusterStatus | undefined;
  readonly managed: boolean;
}

/** The group's configuration and the RGM's status, read when an RMS script or method starts. */
export async function readRmsContext(store: Store, keys: Layout, group: string): Promise<RmsContext> {
  const [groupKv, statusKv] = await Promise.all([store.get(keys.group(group)), store.get(keys.status)]);
  const g = groupKv ? (JSON.parse(groupKv.value) as ResourceGroup) : undefined;
  const status = statusKv ? (JSON.parse(statusKv.value) as ClusterStatus) : undefined;
  return { group: g, status, managed: g?.managed ?? true };
}

const UP: readonly MethodName[] = ['Prenet_start', 'Start', 'Monitor_start'];
const DOWN: readonly MethodName[] = ['Stop', 'Postnet_stop', 'Monitor_stop'];

/**
 * HV_* variables for a callback method of a resource in a userApplication (empty for resource
 * groups): the methods of RMS-style types (Cmdline) pass them on to their commands. The method sets
 * HV_SCRIPT_TYPE, HV_LAST_DET_REPORT and HV_AUTORECOVER itself, since only it knows them.
 */
export async function rmsMethodEnv(
  store: Store, keys: Layout, intent: { readonly resource: string; readonly group: string; readonly target: string; readonly method: MethodName },
): Promise<Record<string, string>> {
  // Resource groups get no HV_* variables: do not read (and parse) the whole status for them.
  const groupKv = await store.get(keys.group(intent.group));
  if (groupKv === undefined || (JSON.parse(groupKv.value) as ResourceGroup).flavor !== 'userApplication') return {};
  const ctx = await readRmsContext(store, keys, intent.group);
  const up = UP.includes(intent.method);
  const down = DOWN.includes(intent.method);
  const env = rmsEnvironment({
    application: intent.group,
    object: intent.resource,
    scriptType: up ? 'Online' : down ? 'Offline' : 'Check',
    intendedState: down ? 'Offline' : 'Online',
    ...(down ? { offlineReason: offlineReason(ctx.status, intent.group, intent.target, ctx.managed) } : {}),
    forced: isForced(ctx.status, intent.group),
  });
  const { HV_SCRIPT_TYPE: _t, HV_LAST_DET_REPORT: _d, HV_AUTORECOVER: _a, ...rest } = env;
  return rest;
}
