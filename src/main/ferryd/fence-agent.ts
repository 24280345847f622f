import { spawn } from 'node:child_process';

export interface FenceAgentRun {
  /** True when the agent exited 0: the node is confirmed off (or rebooted). */
  readonly ok: boolean;
  readonly exitCode: number | null;
  readonly output: string;
  readonly durationMs: number;
}

/**
 * Runs a fencing agent the way Debian's `fence-agents` are driven by Pacemaker and others: the
 * command (run by /bin/sh, so it may carry arguments) gets its options on stdin as `key=value` lines
 * — `action=off|reboot`, `plug=<node>` and `port=<node>` (older agents read `port`), `nodename=<node>`
 * — and exit status 0 means done. It is SIGKILLed (with its process group) after `timeoutMs`.
 */
export function runFenceAgent(command: string, node: string, action: 'off' | 'reboot', timeoutMs: number, extraEnv: Readonly<Record<string, string>> = {}): Promise<FenceAgentRun> {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn('/bin/sh', ['-c', command], { stdio: ['pipe', 'pipe', 'pipe'], detached: true, env: { ...process.env, ...extraEnv } });
    let output = '';
    const keep = (d: Buffer): void => {
      output = (output + d.toString()).slice(-4000);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    const timer = setTimeout(() => {
      output += `\n(fencing agent killed after ${timeoutMs} ms)`;
      try { if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL'); } catch { /* gone */ }
    }, timeoutMs);
    child.on('error', (err) => {
      clearTimeout(timer);
      resolve({ ok: false, exitCode: null, output: err.message, durationMs: Date.now() - started });
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ ok: code === 0, exitCode: code, output: output.trim(), durationMs: Date.now() - started });
    });
    child.stdin.on('error', () => undefined);
    child.stdin.end(`action=${action}\nplug=${node}\nport=${node}\nnodename=${node}\n`);
  });
}
