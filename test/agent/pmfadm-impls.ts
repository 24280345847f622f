// The two builds of pmfadm the tests run side by side: the JavaScript one (dist/src/main/pmfadm.js,
// under node) and the native one (dist/native/pmfadm, from native/*.c) when scripts/build-native.mjs
// could build it. Both must behave exactly the same.
import { execFile } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { mainBin } from './helpers.js';

export interface PmfadmRun {
  readonly code: number | null;
  readonly signal: string | null;
  readonly stdout: string;
  readonly stderr: string;
  /** The exact bytes, for comparing the two builds. */
  readonly stdoutBytes: Buffer;
  readonly stderrBytes: Buffer;
}

export interface PmfadmImpl {
  readonly name: 'js' | 'native';
  run(args: readonly string[], env: NodeJS.ProcessEnv, options?: { readonly cwd?: string }): Promise<PmfadmRun>;
}

/** dist/native/pmfadm (this file runs as dist/test/agent/pmfadm-impls.js). */
export const nativePmfadmPath = fileURLToPath(new URL('../../native/pmfadm', import.meta.url));

export function isNativeBuilt(): boolean {
  try {
    accessSync(nativePmfadmPath, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Runs `file args` asynchronously (the test process may be serving the endpoint it calls). */
export function runFile(file: string, args: readonly string[], env: NodeJS.ProcessEnv, cwd?: string, timeoutMs = 30_000): Promise<PmfadmRun> {
  return new Promise((resolve) => {
    execFile(file, [...args], { env, timeout: timeoutMs, encoding: 'buffer', ...(cwd === undefined ? {} : { cwd }) }, (err, stdout, stderr) => {
      const e = err as (NodeJS.ErrnoException & { code?: number | string; signal?: string }) | null;
      resolve({
        code: e === null ? 0 : typeof e.code === 'number' ? e.code : null,
        signal: e?.signal ?? null,
        stdout: stdout.toString('utf8'),
        stderr: stderr.toString('utf8'),
        stdoutBytes: stdout,
        stderrBytes: stderr,
      });
    });
  });
}

export const jsPmfadm: PmfadmImpl = {
  name: 'js',
  run: (args, env, options = {}) => runFile(process.execPath, [mainBin('pmfadm'), ...args], env, options.cwd),
};

export const nativePmfadm: PmfadmImpl = {
  name: 'native',
  run: (args, env, options = {}) => runFile(nativePmfadmPath, args, env, options.cwd),
};

/** The JavaScript build, and the native one when it was built. */
export const pmfadmImpls = (): readonly PmfadmImpl[] => (isNativeBuilt() ? [jsPmfadm, nativePmfadm] : [jsPmfadm]);
