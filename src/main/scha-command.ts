// The scha_* commands (spec §5): option parsing, the call to the node agent's endpoint, output and
// exit status. Agents call these in tight probe loops, so this imports only a node:net caller of
// the endpoint, getopt and the scha wire/format/error files — no node:http, no validation library,
// no server code (measured in bench/scha.bench.ts).
import { homedir } from 'node:os';
import { join } from 'node:path';
import { getopt, UsageError } from '../agent/method-runner/getopt.js';
import { isSchaErrorCode, SCHA_ERRORS, schaExitCode, type SchaErrorCode } from '../api/scha/errors.js';
import { formatSchaValue } from '../api/scha/format.js';
import { SCHA_ROUTES, type SchaAnswer, type SchaControlResult, type SchaGetRequest, type SchaObject, type SchaValue } from '../api/scha/wire.js';
import { callSocket, SocketCallError } from './scha-socket.js';

export type SchaCommandName =
  | 'scha_resource_get' | 'scha_resourcegroup_get' | 'scha_resourcetype_get' | 'scha_cluster_get'
  | 'scha_control' | 'scha_resource_setstatus';

interface CommandSpec {
  readonly options: string;
  readonly usage: string;
  /** For the *_get commands: which object they read. */
  readonly object?: SchaObject;
}

const COMMANDS: Readonly<Record<SchaCommandName, CommandSpec>> = {
  scha_resource_get: { options: 'QO:R:G:Z:', object: 'resource', usage: 'scha_resource_get [-Q] -O optag -R resource [-G group] [-Z zone] [args...]' },
  scha_resourcegroup_get: { options: 'O:G:Z:', object: 'group', usage: 'scha_resourcegroup_get -O optag -G group [-Z zone] [args...]' },
  scha_resourcetype_get: { options: 'O:T:Z:', object: 'type', usage: 'scha_resourcetype_get -O optag -T type [-Z zone] [args...]' },
  scha_cluster_get: { options: 'O:Z:', object: 'cluster', usage: 'scha_cluster_get -O optag [-Z zone] [args...]' },
  scha_control: { options: 'O:G:R:Z:', usage: 'scha_control -O optag -G group -R resource [-Z zone]' },
  scha_resource_setstatus: { options: 'R:G:s:m:Z:', usage: 'scha_resource_setstatus -R resource -G group -s OK|DEGRADED|FAULTED|UNKNOWN|OFFLINE [-m msg] [-Z zone]' },
};

/** A failure with its scha_err_t code, printed as one line on stderr. */
class CommandError extends Error {
  constructor(readonly code: SchaErrorCode, message: string) {
    super(message);
  }
}

export interface CommandIo {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

/**
 * The agent endpoint to talk to: FERRY_AGENT_SOCKET (set for every method and every process PMF
 * starts), else — for an administrator's shell — `<data>/nodes/$FERRY_NODE/agent.sock` of the
 * embedded cluster's data directory (FERRY_DATA, default ~/.local/state/ferry). Undefined when
 * neither is set: the caller is not a method and said nothing about where the agent is.
 */
export function agentSocket(env: CommandIo['env']): string | undefined {
  const socket = env['FERRY_AGENT_SOCKET'];
  if (socket !== undefined && socket !== '') return socket;
  const node = env['FERRY_NODE'];
  // The default data directory of `ferry up` (defaultDataDir in options.ts, not imported: startup cost).
  const data = env['FERRY_DATA'] ?? join(env['XDG_STATE_HOME'] ?? join(homedir(), '.local', 'state'), 'ferry');
  if (node !== undefined && node !== '') return join(data, 'nodes', node, 'agent.sock');
  return undefined;
}

/** Runs one scha_* command and returns its exit status (a scha_err_t number). */
export async function runSchaCommand(name: SchaCommandName, argv: readonly string[], io: CommandIo): Promise<number> {
  const spec = COMMANDS[name];
  try {
    const { route, body, timeoutMs } = parse(name, spec, argv);
    const socket = agentSocket(io.env);
    if (socket === undefined) {
      throw new CommandError('SCHA_ERR_ACCESS', 'not called from a method: FERRY_AGENT_SOCKET is not set (set it to a node agent socket, or set FERRY_NODE to use <data>/nodes/<node>/agent.sock)');
    }
    const answer = await call(socket, route, body, timeoutMs);
    if (!answer.ok) throw new CommandError(answer.error, answer.message);
    if (route === SCHA_ROUTES.get) {
      const lines = formatSchaValue(answer.value as SchaValue);
      if (lines.length > 0) io.stdout(`${lines.join('\n')}\n`);
    } else if (route === SCHA_ROUTES.control) {
      const r = answer.value as SchaControlResult;
      if (r.failed) io.stderr(`${name}: ${r.tag} was carried out but did not end well: ${r.reason}\n`);
    }
    return SCHA_ERRORS.SCHA_ERR_NOERR;
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr(`${name}: ${err.message}\nusage: ${spec.usage}\n`);
      return SCHA_ERRORS.SCHA_ERR_INVAL;
    }
    if (err instanceof CommandError) {
      io.stderr(`${name}: ${err.message}\n`);
      return schaExitCode(err.code);
    }
    io.stderr(`${name}: ${(err as Error).message}\n`);
    return SCHA_ERRORS.SCHA_ERR_INTERNAL;
  }
}

function parse(name: SchaCommandName, spec: CommandSpec, argv: readonly string[]): { route: string; body: unknown; timeoutMs: number } {
  const { options, operands } = getopt(argv, spec.options);
  const value = (flag: string): string | undefined => options.filter((o) => o.flag === flag).at(-1)?.value;
  const need = (flag: string, what: string): string => {
    const v = value(flag);
    if (v === undefined || v === '') throw new UsageError(`-${flag} ${what} is required`);
    return v;
  };
  const zone = value('Z');
  const z = zone === undefined ? {} : { zone };
  if (spec.object !== undefined) {
    const body: SchaGetRequest = {
      object: spec.object, optag: need('O', 'optag'), args: operands,
      ...(spec.object === 'resource' ? { resource: need('R', 'resource') } : {}),
      ...(spec.object === 'group' ? { group: need('G', 'group') } : value('G') === undefined ? {} : { group: value('G') as string }),
      ...(spec.object === 'type' ? { type: need('T', 'type') } : {}),
      ...(options.some((o) => o.flag === 'Q') ? { qualified: true } : {}),
      ...z,
    };
    return { route: SCHA_ROUTES.get, body, timeoutMs: 30_000 };
  }
  if (operands.length > 0) throw new UsageError(`unexpected operand "${operands[0] ?? ''}"`);
  if (name === 'scha_control') {
    // Synchronous: an accepted request returns only when the group or resource is back (spec §5.6).
    return { route: SCHA_ROUTES.control, body: { tag: need('O', 'optag'), group: need('G', 'group'), resource: need('R', 'resource'), ...z }, timeoutMs: 0 };
  }
  const message = value('m');
  return {
    route: SCHA_ROUTES.setstatus,
    body: { resource: need('R', 'resource'), group: need('G', 'group'), status: need('s', 'status'), ...(message === undefined ? {} : { message }), ...z },
    timeoutMs: 30_000,
  };
}

async function call(socket: string, route: string, body: unknown, timeoutMs: number): Promise<SchaAnswer<unknown>> {
  let result: unknown;
  try {
    result = await callSocket(socket, route, body, timeoutMs);
  } catch (err) {
    if (err instanceof SocketCallError && err.kind === 'unreachable') {
      throw new CommandError('SCHA_ERR_RECONF', `${err.message} (is the node's agent running?)`);
    }
    throw new CommandError('SCHA_ERR_INTERNAL', (err as Error).message);
  }
  const a = result as { ok?: unknown; error?: unknown; message?: unknown };
  if (a?.ok === true) return result as SchaAnswer<unknown>;
  if (a?.ok === false && isSchaErrorCode(a.error)) return { ok: false, error: a.error, message: String(a.message ?? a.error) };
  throw new CommandError('SCHA_ERR_INTERNAL', `${route}: unexpected answer from the agent`);
}

/**
 * The entry point of each scha_* binary. It exits as soon as the answer is printed (stdout and
 * stderr writes are synchronous on Linux for files, pipes and terminals), saving the teardown.
 */
export function main(name: SchaCommandName): void {
  void runSchaCommand(name, process.argv.slice(2), {
    env: process.env,
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
  }).then((code) => process.exit(code));
}
