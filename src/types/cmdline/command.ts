import { spawn } from 'node:child_process';
import { killGroup } from '../../agent/method-runner/index.js';

export interface CommandOutcome {
  readonly execution: 'done' | 'timeout' | 'not-found' | 'not-executable' | 'killed';
  readonly exitCode?: number;
  readonly durationMs: number;
}

/**
 * Runs one Cmdline command line with `/bin/sh -c` in its own process group, with exactly `env` as
 * its environment (no login environment), its output going where ours goes (the method's log).
 * On timeout the whole group is killed (SIGTERM, then SIGKILL) and the outcome is `timeout`. A
 * command that leaves a process behind (a started guest) is not waited for: only its exit counts.
 */
export function runCommandLine(line: string, env: Readonly<Record<string, string>>, timeoutMs: number): Promise<CommandOutcome> {
  const started = Date.now();
  return new Promise((resolve) => {
    let timedOut = false;
    let killing: Promise<unknown> | undefined;
    const child = spawn('/bin/sh', ['-c', line], { env: { ...env }, stdio: ['ignore', 'inherit', 'inherit'], detached: true, cwd: '/' });
    const timer = setTimeout(() => {
      timedOut = true;
      if (child.pid !== undefined) killing = killGroup(child.pid, { graceMs: 2000 });
    }, Math.min(timeoutMs, 2 ** 31 - 1));
    child.once('error', (err: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      resolve({ execution: err.code === 'ENOENT' ? 'not-found' : 'not-executable', durationMs: Date.now() - started });
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      void Promise.resolve(killing).then(() => {
        const durationMs = Date.now() - started;
        if (timedOut) resolve({ execution: 'timeout', durationMs });
        else if (code === null) resolve({ execution: 'killed', durationMs });
        else resolve({ execution: 'done', exitCode: code, durationMs });
      });
    });
  });
}
