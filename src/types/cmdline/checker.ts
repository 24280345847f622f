import { setTimeout as sleep } from 'node:timers/promises';
import { callEndpoint, EndpointCallError } from '../../agent/endpoint/client.js';
import { DETECTOR_ROUTE, type DetectorReportRequest } from '../../agent/node/detector-wire.js';
import { nextCheckDelayMs } from './cadence.js';
import { isFailureVerdict, isOnlineVerdict, type CheckVerdict } from './exit-codes.js';
import { runAction, runCheck, type CmdlineContext } from './probe.js';
import type { CmdlineSettings } from './settings.js';

type Report = { readonly kind: 'failed'; readonly message: string } | { readonly kind: 'status'; readonly status: 'OK' | 'DEGRADED' | 'FAULTED'; readonly message: string };

/** Sends a detector report to the node's agent; false when the agent is gone (the loop then ends). */
async function send(ctx: CmdlineContext, r: Report): Promise<boolean> {
  const socket = ctx.env['FERRY_AGENT_SOCKET'];
  if (socket === undefined) { ctx.log(`cannot report (${r.message}): FERRY_AGENT_SOCKET is not set`); return false; }
  const body: DetectorReportRequest = { ...r, resource: ctx.id.resource, target: ctx.id.target };
  try {
    await callEndpoint(socket, DETECTOR_ROUTE, body, { timeoutMs: 30_000 });
    return true;
  } catch (err) {
    ctx.log(`cannot report (${r.message}): ${(err as Error).message}`);
    // No agent (it stopped), or an agent that serves no detector route: a detector that cannot report must not pretend to watch.
    return !(err instanceof EndpointCallError && (err.kind === 'unreachable' || err.code === 'unknown-route'));
  }
}

const statusOf = (v: CheckVerdict): 'OK' | 'DEGRADED' => (v === 'OnlineWarning' ? 'DEGRADED' : 'OK');

/**
 * The Cmdline fault monitor (run under PMF by Monitor_start): Check about every Check_interval
 * seconds (stretching when slow, cadence.ts). Reports only changes: a failure of the online
 * resource is reported once as `failed` (the RGM's RMS fault handling), unless MONITORONLY (then
 * only shown as FAULTED) or AUTORECOVER restarts it here first (Start once more with
 * HV_AUTORECOVER=1, primecluster §2.2); a return to Online (or Warning) is reported as a status.
 * Ends when its token is no longer the resource's checker token (Monitor_stop, or a newer loop).
 * The resource's properties are read again before every check (`reload`).
 */
export async function checkerLoop(first: CmdlineContext, token: string, reload: () => Promise<CmdlineSettings>): Promise<number> {
  let ctx = first;
  let s = ctx.settings;
  const mine = (): boolean => ctx.state.checkerToken() === token;
  let shown: 'OK' | 'DEGRADED' | 'failed' = 'OK';
  let delayMs = s.checkIntervalS * 1000;
  ctx.log(`checker: Check every ${s.checkIntervalS} s: ${s.checkCommand}`);
  for (;;) {
    await sleep(delayMs);
    if (!mine()) { ctx.log('checker: superseded or stopped; exiting'); return 0; }
    // Property changes (Check_command, flags, interval) apply from the next check on.
    s = await reload().catch(() => s);
    ctx = { ...ctx, settings: s };
    let r = await runCheck(ctx, 'Online');
    delayMs = Math.max(0, nextCheckDelayMs(s.checkIntervalS, r.durationMs) - r.durationMs);
    if (!mine()) return 0;
    if (isOnlineVerdict(r.verdict)) {
      const status = statusOf(r.verdict);
      if (shown !== status && !(await send(ctx, { kind: 'status', status, message: `Check: ${r.verdict}` }))) return 0;
      shown = status;
      continue;
    }
    if (!isFailureVerdict(r.verdict) || shown === 'failed') continue;
    const what = `Check reports ${r.verdict} (${r.outcome.execution === 'done' ? `exit ${r.outcome.exitCode ?? '?'}` : r.outcome.execution})`;
    ctx.log(`checker: ${what}`);
    if (s.monitorOnly) {
      if (!(await send(ctx, { kind: 'status', status: 'FAULTED', message: `${what}; MONITORONLY: the application is not faulted` }))) return 0;
      shown = 'failed';
      continue;
    }
    if (s.autoRecover) {
      const started = await runAction(ctx, 'Start', { autoRecover: true });
      if (started) r = await runCheck(ctx, 'Online');
      if (started && isOnlineVerdict(r.verdict)) {
        ctx.log('checker: AutoRecover brought the resource back Online');
        if (!(await send(ctx, { kind: 'status', status: statusOf(r.verdict), message: `${what}; recovered by AutoRecover (Start run once more)` }))) return 0;
        shown = statusOf(r.verdict);
        continue;
      }
    }
    if (!mine()) return 0;
    if (!(await send(ctx, { kind: 'failed', message: `${what}${s.autoRecover ? '; AutoRecover did not bring it back' : ''}` }))) return 0;
    shown = 'failed';
  }
}
