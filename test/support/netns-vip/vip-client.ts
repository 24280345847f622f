import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';

/** One connection attempt of the test client (see tcp-client.ts). */
export interface Attempt { readonly atMs: number; readonly ok: boolean; readonly node?: string; readonly error?: string }

/**
 * The test client, running in the client namespace and connecting to HOST:PORT every
 * `intervalMs`; `attempts` grows as answers come in. `stop()` ends it (by its PID).
 */
export interface RunningClient {
  readonly attempts: readonly Attempt[];
  stop(): Promise<void>;
}

export function startClient(clientNs: string, host: string, port: number, intervalMs = 100, timeoutMs = 300): RunningClient {
  const script = resolve('dist/test/support/netns-vip/tcp-client.js');
  const child: ChildProcess = spawn('ip', ['netns', 'exec', clientNs, process.execPath, script, host, String(port), String(intervalMs), String(timeoutMs)], { stdio: ['ignore', 'pipe', 'inherit'] });
  const attempts: Attempt[] = [];
  let buffered = '';
  child.stdout?.on('data', (d: Buffer) => {
    buffered += d.toString();
    const lines = buffered.split('\n');
    buffered = lines.pop() ?? '';
    for (const line of lines) if (line.trim()) attempts.push(JSON.parse(line) as Attempt);
  });
  return {
    attempts,
    stop: () => new Promise((res) => {
      if (child.exitCode !== null || child.signalCode !== null) return res();
      child.once('exit', () => res());
      child.kill('SIGKILL');
    }),
  };
}

/**
 * The client's outage when node `from` crashed at `crashAtMs`: from the last answer by `from` to
 * the first answer by another node (`gapMs`), and from the crash to that answer (`sinceCrashMs`).
 */
export function outage(attempts: readonly Attempt[], from: string, crashAtMs: number): { gapMs: number; sinceCrashMs: number; failedAttempts: number; firstNode: string } | undefined {
  const after = attempts.find((a) => a.ok && a.atMs >= crashAtMs && a.node !== from);
  const before = attempts.filter((a) => a.ok && a.node === from && (after === undefined || a.atMs < after.atMs)).at(-1);
  if (!before || !after) return undefined;
  return {
    gapMs: after.atMs - before.atMs,
    sinceCrashMs: after.atMs - crashAtMs,
    failedAttempts: attempts.filter((a) => !a.ok && a.atMs > before.atMs && a.atMs < after.atMs).length,
    firstNode: after.node ?? '',
  };
}
