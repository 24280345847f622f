import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { isOnlineVerdict } from './exit-codes.js';
import { awaitVerdict, runAction, runCheck, type CmdlineContext } from './probe.js';
import { commandProblem } from './settings.js';

/** Exit status of a callback method: 0 success, 1 failure (the RGM makes the resource Faulted). */
export type MethodExit = 0 | 1;

/**
 * Start (primecluster §3.3): Check first — already Online means Start is not run; then the Start
 * command; then Check until it reports Online (within TIMEOUT). Without a detector (NULLDETECTOR)
 * the Start command's exit status alone decides.
 */
export async function start(ctx: CmdlineContext): Promise<MethodExit> {
  const s = ctx.settings;
  if (s.startCommand === '') { ctx.log('Start_command is empty: nothing can start this resource'); return 1; }
  if (!s.nullDetector) {
    const before = await runCheck(ctx, 'Online');
    if (isOnlineVerdict(before.verdict)) { ctx.log(`Check reports ${before.verdict} before Start: Start is not run`); return 0; }
  }
  if (!(await runAction(ctx, 'Start'))) return 1;
  if (s.nullDetector) return 0;
  const v = await awaitVerdict(ctx, 'Online', isOnlineVerdict, (x) => x === 'Faulted' || x === 'OfflineFaulted');
  if (isOnlineVerdict(v)) { ctx.log(`Check reports ${v} after Start`); return 0; }
  ctx.log(`Start succeeded but Check reports ${v}${v === 'Faulted' || v === 'OfflineFaulted' ? '' : ` after TIMEOUT=${s.timeoutS} s`}: the resource is Faulted`);
  return 1;
}

/**
 * Stop: the Stop command (if any; it must succeed when already stopped), then Check until it no
 * longer reports Online (within TIMEOUT).
 */
export async function stop(ctx: CmdlineContext): Promise<MethodExit> {
  const s = ctx.settings;
  if (s.stopCommand !== '' && !(await runAction(ctx, 'Stop'))) return 1;
  if (s.nullDetector) return 0;
  const v = await awaitVerdict(ctx, 'Offline', (x) => !isOnlineVerdict(x));
  if (!isOnlineVerdict(v)) return 0;
  ctx.log(`${s.stopCommand === '' ? 'no Stop_command, and ' : 'Stop succeeded but '}Check still reports ${v} after TIMEOUT=${s.timeoutS} s: the resource is Faulted`);
  return 1;
}

/** `rg,rs,0.mon`: the DSDL-style PMF nametag of the resource's fault monitor. */
export const monitorTag = (ctx: CmdlineContext): string => `${ctx.id.group},${ctx.id.resource},0.mon`;

/** Monitor_start: the checker loop (`cmdline-method.js check-loop`) under PMF, restarted twice at most. */
export async function monitorStart(ctx: CmdlineContext): Promise<MethodExit> {
  if (ctx.settings.nullDetector) { ctx.log('NULLDETECTOR: no Check, nothing to monitor'); return 0; }
  const token = randomUUID();
  ctx.state.claimChecker(token);
  const program = fileURLToPath(new URL('./cmdline-method.js', import.meta.url));
  const hv = Object.entries(ctx.env).filter(([k, v]) => k.startsWith('HV_') && v !== undefined).flatMap(([k, v]) => ['-e', `${k}=${v as string}`]);
  const args = ['-c', monitorTag(ctx), '-n', '2', '-t', '10', ...hv, process.execPath, program, 'check-loop',
    '-R', ctx.id.resource, '-T', ctx.id.type, '-G', ctx.id.group, '-k', token];
  let r = await pmfadm(args);
  if (r.code === 1) {
    // A checker of an earlier start is still registered: replace it.
    await pmfadm(['-s', monitorTag(ctx), 'KILL']);
    r = await pmfadm(args);
  }
  if (r.code !== 0) { ctx.log(`pmfadm ${args.slice(0, 2).join(' ')} failed: ${r.stderr.trim()}`); return 1; }
  ctx.log(`checker started under PMF as ${monitorTag(ctx)} (every ${ctx.settings.checkIntervalS} s)`);
  return 0;
}

/** Monitor_stop: end the checker loop; idempotent. */
export async function monitorStop(ctx: CmdlineContext): Promise<MethodExit> {
  ctx.state.releaseChecker();
  const r = await pmfadm(['-s', monitorTag(ctx), '-w', '10', 'KILL']);
  if (r.code === 0 || r.code === 1) return 0;
  ctx.log(`pmfadm -s ${monitorTag(ctx)} failed: ${r.stderr.trim()}`);
  return 1;
}

/** Validate: the commands given must be full paths (with arguments). */
export function validate(props: Readonly<Record<string, string | undefined>>, log: (line: string) => void): MethodExit {
  const problems = (['Start_command', 'Stop_command', 'Check_command'] as const)
    .map((p) => (props[p] === undefined ? undefined : commandProblem(p, props[p] ?? '')))
    .filter((x): x is string => x !== undefined);
  for (const p of problems) log(p);
  return problems.length === 0 ? 0 : 1;
}

function pmfadm(args: readonly string[]): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve) => {
    execFile('pmfadm', [...args], { env: process.env, timeout: 30_000 }, (err, _stdout, stderr) => {
      const code = err === null ? 0 : typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : 4;
      resolve({ code, stderr: err !== null && stderr === '' ? err.message : stderr });
    });
  });
}
