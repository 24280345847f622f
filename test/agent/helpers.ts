// Shared helpers for the agent process tests: temp dirs, small sh scripts, /proc liveness.
import { execFile } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';

export function tempDir(prefix = 'ferry-agent-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Writes an executable `#!/bin/sh` script and returns its absolute path. */
export function writeScript(dir: string, name: string, body: string, mode = 0o755): string {
  const path = join(dir, name);
  writeFileSync(path, `#!/bin/sh\n${body}\n`);
  chmodSync(path, mode);
  return path;
}

/** True while `pid` exists and is not a zombie. */
export function isAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

/** Polls until `pred` holds; throws with `what` if it does not within `timeoutMs`. */
export async function waitFor(pred: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!pred()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

/** Reads a file of whitespace-separated pids once it has `count` of them. */
export async function readPids(path: string, count = 1): Promise<number[]> {
  let pids: number[] = [];
  await waitFor(() => {
    try {
      pids = readFileSync(path, 'utf8').split(/\s+/).filter(Boolean).map(Number);
    } catch {
      return false;
    }
    return pids.length >= count;
  }, `${count} pid(s) in ${path}`);
  return pids;
}

/** SIGKILLs leftovers a test started on purpose (by pid, never by name). */
export function killPids(pids: readonly number[]): void {
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

export interface RunResult {
  readonly code: number | null;
  readonly signal: string | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a compiled binary of ours with node, asynchronously (the test process may serve its endpoint). */
export function runNode(script: string, args: readonly string[], env: NodeJS.ProcessEnv = process.env, timeoutMs = 30_000): Promise<RunResult> {
  return new Promise((resolve) => {
    execFile(process.execPath, [script, ...args], { env, timeout: timeoutMs }, (err, stdout, stderr) => {
      const e = err as (NodeJS.ErrnoException & { code?: number | string; signal?: string }) | null;
      resolve({
        code: e === null ? 0 : typeof e.code === 'number' ? e.code : null,
        signal: e?.signal ?? null,
        stdout,
        stderr,
      });
    });
  });
}

/** Path of a compiled binary of src/main (this file runs as dist/test/agent/helpers.js). */
export const mainBin = (name: string): string => fileURLToPath(new URL(`../../src/main/${name}.js`, import.meta.url));
