import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { basename, isAbsolute } from 'node:path';
import { methodEnv } from './method-env.js';
import { openMethodLog } from './method-log.js';
import { killGroup } from './process-group.js';
import { missingNamespace, namespacedCommand, type NamespaceSpec } from './namespace-exec.js';

/** One callback-method invocation. */
export interface MethodSpec {
  /** Absolute program path (see resolveMethodPath). Executed directly, never through a shell. */
  readonly path: string;
  /** Arguments after the path (see methodArgv). */
  readonly argv: readonly string[];
  /** `<Method>_timeout` in ms; on expiry the whole process group is killed (SIGTERM, grace, SIGKILL). */
  readonly timeoutMs: number;
  /** Method name for the log (`Start`, `Monitor_check`); default the program's basename. */
  readonly name?: string;
  /** Variables added to the minimal environment (see methodEnv), e.g. FERRY_NODE, FERRY_AGENT_SOCKET. */
  readonly env?: Readonly<Record<string, string>>;
  /** Directory put first on PATH, so the method finds Ferry's `scha_*`, `pmfadm`, `hatimerun`. */
  readonly binDir?: string;
  /** File that receives the method's stdout and stderr (appended); none = output discarded. */
  readonly logFile?: string;
  /** Working directory, default `/`. */
  readonly cwd?: string;
  /** Linux network namespace (`ip netns` name) to run in, via `ip netns exec NAME`. */
  readonly netns?: string;
  /**
   * Persistent mount namespace to run in (see NamespaceSpec.mountns); then the method is started
   * with `nsenter`, also for `netns`, so its mounts outlive it.
   */
  readonly mountns?: string;
  /** Aborting kills the method's process group like a timeout; the result is then `killed`. */
  readonly signal?: AbortSignal;
  /** Time between SIGTERM and SIGKILL on timeout or abort, default 2000 ms. */
  readonly killGraceMs?: number;
  /** How many last output lines to return in `outputTail`, default 10. */
  readonly tailLines?: number;
}

/**
 * How the execution went, separate from the exit code (DESIGN.md: a result is data):
 * - `done`: the program ran and exited by itself (any exit code);
 * - `timeout`: we killed it because `timeoutMs` expired;
 * - `not-found`: the program (or its interpreter, cwd or network namespace) does not exist;
 * - `not-executable`: it exists but cannot be executed (no x bit, a directory, bad format);
 * - `killed`: it died of a signal we did not send, or the caller aborted it.
 */
export type MethodExecution = 'done' | 'timeout' | 'not-found' | 'not-executable' | 'killed';

export interface MethodResult {
  readonly execution: MethodExecution;
  /** Set when the program exited by itself, even after a timeout's SIGTERM (a trap that exits 1). */
  readonly exitCode?: number;
  /** Name of the signal that ended the program (`SIGKILL`), when it died of one. */
  readonly signal?: string;
  readonly durationMs: number;
  /**
   * For the event log: the method's last output lines (at most `tailLines`, joined by `\n`; '' without
   * a log file), or the reason it could not run (`detail`) when it never started.
   */
  readonly outputTail: string;
  readonly pid?: number;
  /** Why, for not-found / not-executable, and whether SIGKILL was needed after a timeout. */
  readonly detail?: string;
}

/** setTimeout's limit; a longer timeout would fire at once. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Runs one callback method in its own process group and reports how it went. Never throws for
 * anything the method does; a MethodResult describes every outcome. A method that exits normally
 * may leave processes behind (a Start method's daemon): they are not touched. Only on timeout or
 * abort is the whole group killed, and then the promise resolves once the group is gone.
 */
export async function runMethod(spec: MethodSpec): Promise<MethodResult> {
  const startedAt = performance.now();
  const name = spec.name ?? basename(spec.path);
  const durationMs = (): number => Math.round(performance.now() - startedAt);
  if (spec.signal?.aborted === true) return { execution: 'killed', durationMs: 0, outputTail: '', detail: 'aborted before start' };

  const ns = { ...(spec.netns === undefined ? {} : { netns: spec.netns }), ...(spec.mountns === undefined ? {} : { mountns: spec.mountns }) };
  const refused = (await checkProgram(spec.path)) ?? (await checkNamespaces(ns));
  const log = await openMethodLog(spec.logFile, `[${name}] run ${[spec.path, ...spec.argv].map(quote).join(' ')}`);
  if (refused !== undefined) {
    await log.release();
    await log.note(`[${name}] ${refused.execution}: ${refused.detail}`);
    return { ...refused, durationMs: durationMs(), outputTail: refused.detail ?? '' };
  }

  const [command, args] = namespacedCommand(spec.path, spec.argv, ns);
  let child: ChildProcess;
  try {
    child = spawn(command, args, {
      cwd: spec.cwd ?? '/',
      env: methodEnv(spec.binDir, spec.env),
      detached: true,
      stdio: ['ignore', log.fd, log.fd],
    });
  } catch (err) {
    await log.release();
    const failure = spawnFailure(err);
    return { ...failure, durationMs: durationMs(), outputTail: failure.detail ?? '' };
  }
  // Listen before the first await: a quick method can exit while we close our copy of the log fd.
  const supervised = supervise(child, spec);
  await log.release();
  const outcome = await supervised;
  const tail = outcome.pid === undefined ? (outcome.detail ?? '') : (await log.tail(spec.tailLines ?? 10)).join('\n');
  const result: MethodResult = { ...outcome, durationMs: durationMs(), outputTail: tail };
  await log.note(`[${name}] ${describe(result)}`);
  return result;
}

type Outcome = Omit<MethodResult, 'durationMs' | 'outputTail'>;

function supervise(child: ChildProcess, spec: MethodSpec): Promise<Outcome> {
  return new Promise((resolve) => {
    let cause: 'timeout' | 'abort' | undefined;
    let killing: ReturnType<typeof killGroup> | undefined;
    let settled = false;
    const pid = child.pid;
    const startKill = (why: 'timeout' | 'abort'): void => {
      if (cause !== undefined || pid === undefined || settled) return;
      cause = why;
      killing = killGroup(pid, spec.killGraceMs === undefined ? {} : { graceMs: spec.killGraceMs });
    };
    const timer = setTimeout(() => startKill('timeout'), Math.min(Math.max(spec.timeoutMs, 0), MAX_TIMER_MS));
    const onAbort = (): void => startKill('abort');
    spec.signal?.addEventListener('abort', onAbort, { once: true });
    const settle = (outcome: Outcome): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      spec.signal?.removeEventListener('abort', onAbort);
      resolve(outcome);
    };
    child.on('error', (err) => {
      // After a successful spawn 'error' only reports a failed kill(); the 'exit' event still comes.
      if (child.pid === undefined) settle(spawnFailure(err));
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      void (async () => {
        const killed = killing === undefined ? undefined : await killing;
        const base = { ...(pid === undefined ? {} : { pid }), ...(code === null ? {} : { exitCode: code }), ...(signal === null ? {} : { signal }) };
        const escalated = killed?.escalated === true ? 'SIGKILL sent after the grace period' : undefined;
        if (cause === 'timeout') settle({ execution: 'timeout', ...base, ...(escalated === undefined ? {} : { detail: escalated }) });
        else if (cause === 'abort') settle({ execution: 'killed', ...base, detail: escalated === undefined ? 'aborted' : `aborted; ${escalated}` });
        else settle({ execution: signal === null ? 'done' : 'killed', ...base });
      })();
    });
  });
}

async function checkProgram(path: string): Promise<Pick<MethodResult, 'execution' | 'detail'> | undefined> {
  if (!isAbsolute(path)) return { execution: 'not-found', detail: `${path}: method path is not absolute` };
  try {
    const s = await stat(path);
    if (!s.isFile()) return { execution: 'not-executable', detail: `${path}: not a regular file` };
    await access(path, constants.X_OK);
    return undefined;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { execution: 'not-found', detail: `${path}: no such file` };
    return { execution: 'not-executable', detail: `${path}: ${code ?? String(err)}` };
  }
}

async function checkNamespaces(ns: NamespaceSpec): Promise<Pick<MethodResult, 'execution' | 'detail'> | undefined> {
  const missing = await missingNamespace(ns);
  return missing === undefined ? undefined : { execution: 'not-found', detail: missing };
}

function spawnFailure(err: unknown): Outcome {
  const e = err as NodeJS.ErrnoException;
  const detail = `${e.path ?? 'spawn'}: ${e.code ?? e.message}`;
  // ENOENT after the program itself was found means a missing interpreter (#!) or cwd.
  return { execution: e.code === 'ENOENT' ? 'not-found' : 'not-executable', detail };
}

const quote = (arg: string): string => (/^[\w@%+=:,./{}-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`);

function describe(r: MethodResult): string {
  const parts: string[] = [r.execution];
  if (r.pid !== undefined) parts.push(`pid=${r.pid}`);
  if (r.exitCode !== undefined) parts.push(`exit=${r.exitCode}`);
  if (r.signal !== undefined) parts.push(`signal=${r.signal}`);
  if (r.detail !== undefined) parts.push(`(${r.detail})`);
  parts.push(`after ${r.durationMs} ms`);
  return parts.join(' ');
}
