import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { eventually } from './contract-helpers.js';

/** crash-child.js running in its own process, with its complete stdout lines collected. */
export interface Child {
  readonly pid: number;
  readonly lines: string[];
  /** Waits until `condition` holds on the lines so far; fails early if the child exits. */
  until(what: string, condition: (lines: readonly string[]) => boolean, timeoutMs?: number): Promise<void>;
  /** Sends SIGKILL to the child's PID and waits until it is gone (reaped). */
  kill9(): Promise<{ readonly code: number | null; readonly signal: NodeJS.Signals | null }>;
}

const CHILD_SCRIPT = fileURLToPath(new URL('./crash-child.js', import.meta.url));

export function spawnChild(mode: 'write' | 'hold', dir: string): Child {
  const proc = spawn(process.execPath, [CHILD_SCRIPT, mode, dir], { stdio: ['ignore', 'pipe', 'pipe'] });
  if (proc.pid === undefined) throw new Error('could not start crash-child');
  const pid = proc.pid;
  const lines: string[] = [];
  let partial = '';
  let stderr = '';
  proc.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    const parts = (partial + chunk).split('\n');
    partial = parts.pop() ?? ''; // a line cut by the kill is not an acknowledgement
    lines.push(...parts);
  });
  proc.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    proc.on('exit', (code, signal) => resolve({ code, signal }));
  });
  let hasExited = false;
  void exited.then(() => (hasExited = true));
  return {
    pid,
    lines,
    until: async (what, condition, timeoutMs = 30_000) => {
      await eventually(what, () => {
        if (hasExited && !condition(lines)) throw new Error(`crash-child exited before ${what}: ${stderr}`);
        return condition(lines);
      }, timeoutMs);
    },
    kill9: async () => {
      if (!hasExited) process.kill(pid, 'SIGKILL');
      const exit = await exited;
      // 'exit' can come before the stdio streams are drained; let them finish.
      await new Promise<void>((resolve) => (proc.stdout.readableEnded ? resolve() : proc.stdout.once('end', resolve)));
      return exit;
    },
  };
}
