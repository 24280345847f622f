import { join } from 'node:path';
import type { ClusterStatus, UserApplicationScript } from '../../model/index.js';
import { runMethod } from '../method-runner/index.js';
import { isForced, offlineReason, rmsEnvironment, type ScriptType } from './rms-env.js';

/**
 * A userApplication script the RGM asks this node to run (the policy's `run-script` action, written
 * at `<root>/intents/<node>/<id>` like a method intent). The agent answers with a `script-result`.
 */
export interface ScriptIntent {
  readonly kind: 'run-script';
  readonly id: string;
  readonly group: string;
  readonly target: string;
  readonly script: UserApplicationScript;
  /** A command line, run with `/bin/sh -c`. */
  readonly command: string;
  readonly timeoutS: number;
  readonly epoch: number;
}

export function isScriptIntent(x: unknown): x is ScriptIntent {
  return typeof x === 'object' && x !== null && (x as { kind?: unknown }).kind === 'run-script';
}

export interface ScriptResultReport {
  readonly kind: 'script-result';
  readonly actionId: string;
  readonly group: string;
  readonly target: string;
  readonly script: UserApplicationScript;
  readonly execution: 'done' | 'timeout' | 'not-found' | 'not-executable' | 'killed';
  readonly exitCode?: number;
  readonly durationMs: number;
  readonly outputTail?: string;
}

const SCRIPT_TYPES: Readonly<Record<UserApplicationScript, ScriptType>> = {
  PreCheckScript: 'PreCheck', PreOnlineScript: 'PreOnline', PostOnlineScript: 'PostOnline',
  PreOfflineScript: 'PreOffline', OfflineDoneScript: 'OfflineDone', FaultScript: 'Fault',
};

const INTENDED: Readonly<Record<UserApplicationScript, 'Online' | 'Offline' | 'Faulted'>> = {
  PreCheckScript: 'Online', PreOnlineScript: 'Online', PostOnlineScript: 'Online',
  PreOfflineScript: 'Offline', OfflineDoneScript: 'Offline', FaultScript: 'Faulted',
};

export interface ScriptRunContext {
  /** Per-node directory; output goes to `logs/<application>.log`. */
  readonly dataDir: string;
  readonly binDir: string;
  /** FERRY_* variables of the node (cluster, node, agent socket). */
  readonly baseEnv: Readonly<Record<string, string>>;
  /** The RGM's status when the script starts (for HV_OFFLINE_REASON and HV_FORCED_REQUEST). */
  readonly status: ClusterStatus | undefined;
  /** The application is managed (not deactivated). */
  readonly managed: boolean;
  readonly signal?: AbortSignal;
}

/**
 * Runs one userApplication script with `/bin/sh -c` in its own process group, under its timeout,
 * with the minimal method environment plus the RMS HV_* variables (never the agent's own
 * environment), and returns the script-result report.
 */
export async function runScriptIntent(intent: ScriptIntent, ctx: ScriptRunContext): Promise<ScriptResultReport> {
  const offline = INTENDED[intent.script] !== 'Online';
  const hv = rmsEnvironment({
    application: intent.group,
    object: intent.group,
    scriptType: SCRIPT_TYPES[intent.script],
    intendedState: INTENDED[intent.script],
    ...(offline ? { offlineReason: offlineReason(ctx.status, intent.group, intent.target, ctx.managed) } : {}),
    forced: isForced(ctx.status, intent.group),
  });
  const result = await runMethod({
    path: '/bin/sh',
    argv: ['-c', intent.command],
    name: intent.script,
    timeoutMs: intent.timeoutS * 1000,
    env: { ...ctx.baseEnv, FERRY_GROUP: intent.group, ...hv },
    binDir: ctx.binDir,
    logFile: join(ctx.dataDir, 'logs', `${intent.group}.log`),
    ...(ctx.signal ? { signal: ctx.signal } : {}),
  });
  return {
    kind: 'script-result', actionId: intent.id, group: intent.group, target: intent.target, script: intent.script,
    execution: result.execution, durationMs: result.durationMs,
    ...(result.exitCode !== undefined ? { exitCode: result.exitCode } : {}),
    ...(result.outputTail !== '' ? { outputTail: result.outputTail } : {}),
  };
}
