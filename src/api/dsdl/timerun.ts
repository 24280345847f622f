import { spawn } from 'node:child_process';

export interface TimerunResult {
  /** The command's exit code when it exited by itself within the time. */
  readonly exitCode?: number;
  /** Killed because it ran longer than the timeout (hatimerun's exit 99). */
  readonly timedOut: boolean;
  /** It could not be started (not found, not executable). */
  readonly error?: string;
}

/**
 * scds_timerun / hatimerun: runs `command` (argv, no shell) in its own process group and kills the
 * whole group with `signal` (default SIGKILL) when it runs longer than `timeoutMs`.
 */
export function timerun(command: readonly string[], timeoutMs: number, signal: NodeJS.Signals = 'SIGKILL', env: NodeJS.ProcessEnv = process.env): Promise<TimerunResult> {
  const [program, ...args] = command;
  if (program === undefined) return Promise.resolve({ timedOut: false, error: 'empty command' });
  return new Promise((resolve) => {
    const child = spawn(program, args, { detached: true, stdio: 'ignore', env });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try { process.kill(-(child.pid ?? 0), signal); } catch { /* already gone */ }
    }, timeoutMs);
    child.once('error', (err) => { clearTimeout(timer); resolve({ timedOut: false, error: err.message }); });
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve(timedOut ? { timedOut: true } : { timedOut: false, ...(code === null ? {} : { exitCode: code }) });
    });
  });
}
