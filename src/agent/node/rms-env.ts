import type { ClusterStatus, GroupRuntime, NodeMembership } from '../../model/index.js';
import { parseNodeTarget } from '../../model/index.js';

/** Why an object goes offline, as RMS tells its scripts (primecluster §3.4 HV_OFFLINE_REASON). */
export type OfflineReason = 'SWITCH' | 'STOP' | 'FAULT' | 'DEACT' | 'SHUT';

/** What an RMS script or Cmdline command is run for (`HV_SCRIPT_TYPE`). */
export type ScriptType =
  | 'PreCheck' | 'PreOnline' | 'Online' | 'PostOnline' | 'PreOffline' | 'Offline' | 'OfflineDone' | 'Fault' | 'Check';

export type DetectorReport = 'Online' | 'Offline' | 'Faulted' | 'Standby' | 'NoReport';

export interface RmsEnvInput {
  /** The userApplication (resource group) the object belongs to. */
  readonly application: string;
  /** The object the script belongs to: the resource, or the application itself for its own scripts. */
  readonly object: string;
  readonly scriptType: ScriptType;
  readonly intendedState: 'Online' | 'Offline' | 'Faulted' | 'Standby';
  readonly lastDetectorReport?: DetectorReport;
  readonly autoRecover?: boolean;
  /** Why it goes offline; only given to offline-direction scripts. */
  readonly offlineReason?: OfflineReason;
  readonly forced?: boolean;
}

/**
 * The RMS script environment (primecluster §3.4): HV_APPLICATION, HV_NODENAME (the object, not the
 * host), HV_SCRIPT_TYPE, HV_LAST_DET_REPORT, HV_INTENDED_STATE, HV_OFFLINE_REASON (offline only),
 * HV_FORCED_REQUEST and HV_AUTORECOVER (0/1). Nothing of a login environment is included.
 */
export function rmsEnvironment(i: RmsEnvInput): Record<string, string> {
  return {
    HV_APPLICATION: i.application,
    HV_NODENAME: i.object,
    HV_SCRIPT_TYPE: i.scriptType,
    HV_LAST_DET_REPORT: i.lastDetectorReport ?? 'NoReport',
    HV_INTENDED_STATE: i.intendedState,
    ...(i.offlineReason !== undefined ? { HV_OFFLINE_REASON: i.offlineReason } : {}),
    HV_FORCED_REQUEST: i.forced === true ? '1' : '0',
    HV_AUTORECOVER: i.autoRecover === true ? '1' : '0',
  };
}

/**
 * Why a userApplication goes offline on `target`, read from the RGM's status at the time the
 * offline script or Stop runs: RMS shutdown of the node (SHUT), a fault there (FAULT), deactivation
 * (DEACT: the group is unmanaged), a switch to another node (SWITCH), else an operator's offline or
 * fault clear (STOP).
 */
export function offlineReason(status: ClusterStatus | undefined, group: string, target: string, managed: boolean): OfflineReason {
  const node = parseNodeTarget(target).node;
  const m: NodeMembership | undefined = status?.nodes[node];
  if (m?.shuttingDown === true) return 'SHUT';
  const g: GroupRuntime | undefined = status?.groups[group];
  if (g?.faults?.[target] !== undefined) return 'FAULT';
  if (!managed) return 'DEACT';
  if (g?.request !== undefined && g.desire !== 'offline' && !g.request.targets.includes(target)) return 'SWITCH';
  if (g?.relocating?.[target] !== undefined) return 'SWITCH';
  return 'STOP';
}

/** The operator forced the request the application is carrying out (`hvswitch -f`). */
export function isForced(status: ClusterStatus | undefined, group: string): boolean {
  const request = status?.groups[group]?.request as { readonly forced?: boolean } | undefined;
  return request?.forced === true;
}
