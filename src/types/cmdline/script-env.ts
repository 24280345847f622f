import type { DetectorReport, OfflineReason, ScriptType } from '../../agent/node/rms-env.js';
import { rmsEnvironment } from '../../agent/node/rms-env.js';

/** Who the method is: from its argv and the FERRY_* variables the agent gives every method. */
export interface MethodIdentity {
  readonly resource: string;
  readonly group: string;
  readonly type: string;
  readonly node: string;
  /** `node` or `node:zone`. */
  readonly target: string;
}

export interface CommandEnvInput {
  readonly scriptType: ScriptType;
  readonly intendedState: 'Online' | 'Offline';
  readonly lastReport: DetectorReport;
  readonly autoRecover?: boolean;
}

const KEPT = ['PATH', 'TZ'] as const;

/**
 * The environment a Cmdline command runs with, built from scratch (no login environment, RMS
 * §3.1): PATH (Ferry's bin first, as the method got it), HOME=/, LANG=C, TZ, the FERRY_* variables,
 * and the RMS HV_* variables. HV_APPLICATION, HV_OFFLINE_REASON and HV_FORCED_REQUEST come from
 * the agent (set for resources of userApplications); a resource of a plain resource group gets its
 * group as HV_APPLICATION.
 */
export function commandEnv(id: MethodIdentity, inherited: Readonly<Record<string, string | undefined>>, i: CommandEnvInput): Record<string, string> {
  const env: Record<string, string> = { HOME: '/', LANG: 'C' };
  for (const k of KEPT) { const v = inherited[k]; if (v !== undefined) env[k] = v; }
  env['PATH'] ??= '/usr/bin:/bin:/usr/sbin:/sbin';
  for (const [k, v] of Object.entries(inherited)) if (k.startsWith('FERRY_') && v !== undefined) env[k] = v;
  const reason = inherited['HV_OFFLINE_REASON'] as OfflineReason | undefined;
  return {
    ...env,
    ...rmsEnvironment({
      application: inherited['HV_APPLICATION'] ?? id.group,
      object: id.resource,
      scriptType: i.scriptType,
      intendedState: i.intendedState,
      lastDetectorReport: i.lastReport,
      autoRecover: i.autoRecover === true,
      ...(i.intendedState === 'Offline' ? { offlineReason: reason ?? 'STOP' } : {}),
      forced: inherited['HV_FORCED_REQUEST'] === '1',
    }),
  };
}
