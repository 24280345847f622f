import { setTimeout as sleep } from 'node:timers/promises';
import type { DetectorReport } from '../../agent/node/rms-env.js';
import { runCommandLine, type CommandOutcome } from './command.js';
import type { DetectorState } from './detector-state.js';
import { checkVerdict, detectorReport, type CheckVerdict } from './exit-codes.js';
import { commandEnv, type MethodIdentity } from './script-env.js';
import type { CmdlineSettings } from './settings.js';

/** What the Cmdline methods need to run commands for one resource. */
export interface CmdlineContext {
  readonly id: MethodIdentity;
  readonly settings: CmdlineSettings;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly state: DetectorState;
  readonly log: (line: string) => void;
}

export interface CheckResult {
  readonly verdict: CheckVerdict;
  readonly durationMs: number;
  readonly outcome: CommandOutcome;
}

const describe = (o: CommandOutcome): string => (o.execution === 'done' ? `exit ${o.exitCode ?? '?'}` : o.execution);

/** Runs the Check command once (at most TIMEOUT) and remembers its verdict for HV_LAST_DET_REPORT. */
export async function runCheck(ctx: CmdlineContext, intendedState: 'Online' | 'Offline'): Promise<CheckResult> {
  const s = ctx.settings;
  const env = commandEnv(ctx.id, ctx.env, { scriptType: 'Check', intendedState, lastReport: lastReport(ctx) });
  const outcome = await runCommandLine(s.checkCommand, env, s.timeoutS * 1000);
  const verdict = checkVerdict(outcome.execution, outcome.exitCode, s.allExitCodes);
  ctx.state.saveVerdict(verdict);
  return { verdict, durationMs: outcome.durationMs, outcome };
}

export function lastReport(ctx: CmdlineContext): DetectorReport {
  return detectorReport(ctx.state.lastVerdict());
}

/** Runs the Start or Stop command (at most TIMEOUT); true when it exited 0. */
export async function runAction(ctx: CmdlineContext, which: 'Start' | 'Stop', options: { readonly autoRecover?: boolean } = {}): Promise<boolean> {
  const s = ctx.settings;
  const line = which === 'Start' ? s.startCommand : s.stopCommand;
  const env = commandEnv(ctx.id, ctx.env, {
    scriptType: which === 'Start' ? 'Online' : 'Offline', intendedState: which === 'Start' ? 'Online' : 'Offline',
    lastReport: lastReport(ctx), ...(options.autoRecover === true ? { autoRecover: true } : {}),
  });
  ctx.log(`${which}${options.autoRecover === true ? ' (AutoRecover)' : ''}: ${line}`);
  const o = await runCommandLine(line, env, s.timeoutS * 1000);
  const ok = o.execution === 'done' && o.exitCode === 0;
  ctx.log(`${which} ${ok ? 'succeeded' : 'failed'} (${o.execution === 'timeout' ? `timeout after TIMEOUT=${s.timeoutS} s` : describe(o)}, ${o.durationMs} ms)`);
  return ok;
}

/**
 * Runs Check until `wanted` accepts the verdict or TIMEOUT passes (first check at once, then about
 * once a second): after Start the resource must come Online, after Stop it must leave Online. A
 * verdict `stop` accepts ends the wait at once (a Faulted report after Start). Returns the last.
 */
export async function awaitVerdict(
  ctx: CmdlineContext, intendedState: 'Online' | 'Offline', wanted: (v: CheckVerdict) => boolean, stop: (v: CheckVerdict) => boolean = () => false,
): Promise<CheckVerdict> {
  const deadline = Date.now() + ctx.settings.timeoutS * 1000;
  for (;;) {
    const r = await runCheck(ctx, intendedState);
    if (wanted(r.verdict) || stop(r.verdict)) return r.verdict;
    const left = deadline - Date.now();
    if (left <= 0) return r.verdict;
    await sleep(Math.min(1000, left));
  }
}
