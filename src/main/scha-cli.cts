// The scha_* commands (spec §5): option parsing, the call to the node agent's endpoint, output and
// exit status.
//
// An agent's probe runs these in a loop, so a call must cost little more than starting Node
// (bench/scha.bench.ts). Hence, deliberately: CommonJS (it starts ~10 ms faster than ES modules),
// node:net instead of node:http (whose client compiles for ~30 ms at its first request), and only
// the scha error table and output format as dependencies (codes.cts, output.cts). It speaks the
// endpoint's protocol (src/agent/endpoint: JSON over HTTP/1.1 on a Unix socket).
/* eslint-disable @typescript-eslint/no-require-imports -- CommonJS on purpose (start-up time); verbatimModuleSyntax spells its imports import x = require(). */
import net = require('node:net');
import os = require('node:os');
import path = require('node:path');
import codes = require('../api/scha/codes.cjs');
import output = require('../api/scha/output.cjs');
import type { SchaControlResult, SchaGetRequest, SchaObject, SchaValue, SCHA_ROUTES } from '../api/scha/wire.js' with { 'resolution-mode': 'import' };

type SchaErrorCode = keyof typeof codes.SCHA_ERRORS;
type CommandName =
  | 'scha_resource_get' | 'scha_resourcegroup_get' | 'scha_resourcetype_get' | 'scha_cluster_get'
  | 'scha_control' | 'scha_resource_setstatus';

/** The route names of wire.ts (checked against it by the type). */
const ROUTES: Pick<typeof SCHA_ROUTES, 'get' | 'control' | 'setstatus'> = { get: 'scha.get', control: 'scha.control', setstatus: 'scha.setstatus' };

interface CommandSpec {
  /** getopt(3) option letters; `:` after a letter means it takes a value. */
  readonly options: string;
  readonly usage: string;
  /** For the *_get commands: which object they read. */
  readonly object?: SchaObject;
}

const COMMANDS: Readonly<Record<CommandName, CommandSpec>> = {
  scha_resource_get: { options: 'QO:R:G:Z:', object: 'resource', usage: 'scha_resource_get [-Q] -O optag -R resource [-G group] [-Z zone] [args...]' },
  scha_resourcegroup_get: { options: 'O:G:Z:', object: 'group', usage: 'scha_resourcegroup_get -O optag -G group [-Z zone] [args...]' },
  scha_resourcetype_get: { options: 'O:T:Z:', object: 'type', usage: 'scha_resourcetype_get -O optag -T type [-Z zone] [args...]' },
  scha_cluster_get: { options: 'O:Z:', object: 'cluster', usage: 'scha_cluster_get -O optag [-Z zone] [args...]' },
  scha_control: { options: 'O:G:R:Z:', usage: 'scha_control -O optag -G group -R resource [-Z zone]' },
  scha_resource_setstatus: { options: 'R:G:s:m:Z:', usage: 'scha_resource_setstatus -R resource -G group -s OK|DEGRADED|FAULTED|UNKNOWN|OFFLINE [-m msg] [-Z zone]' },
};

/** Bad command line: exit SCHA_ERR_INVAL with the usage line. */
class UsageError extends Error {}

/** A failure with its scha_err_t code, printed as one line on stderr. */
class CommandError extends Error {
  constructor(readonly code: SchaErrorCode, message: string) {
    super(message);
  }
}

interface CommandIo {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

/**
 * POSIX getopt(3), as the Solaris commands parse: clustered flags, values attached or separate,
 * `--` or the first operand ends the options (the rules of src/agent/method-runner/getopt.ts).
 */
function getopt(argv: readonly string[], spec: string): { options: { flag: string; value?: string }[]; operands: string[] } {
  const options: { flag: string; value?: string }[] = [];
  let i = 0;
  for (; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--') { i++; break; }
    if (!arg.startsWith('-') || arg === '-') break;
    for (let j = 1; j < arg.length; j++) {
      const flag = arg.charAt(j);
      const at = spec.indexOf(flag);
      if (flag === ':' || at < 0) throw new UsageError(`unknown option -${flag}`);
      if (spec.charAt(at + 1) !== ':') { options.push({ flag }); continue; }
      const rest = arg.slice(j + 1);
      if (rest.length > 0) options.push({ flag, value: rest });
      else {
        const next = argv[i + 1];
        if (next === undefined) throw new UsageError(`option -${flag} requires a value`);
        options.push({ flag, value: next });
        i++;
      }
      break;
    }
  }
  return { options, operands: argv.slice(i) };
}

/**
 * The agent endpoint to talk to: FERRY_AGENT_SOCKET (set for every method and every process PMF
 * starts), else — for an administrator's shell — `<data>/nodes/$FERRY_NODE/agent.sock` of the
 * embedded cluster's data directory (FERRY_DATA, default $XDG_STATE_HOME/ferry or
 * ~/.local/state/ferry, as `ferry up`). Undefined when neither is set.
 */
function agentSocket(env: CommandIo['env']): string | undefined {
  const socket = env['FERRY_AGENT_SOCKET'];
  if (socket !== undefined && socket !== '') return socket;
  const node = env['FERRY_NODE'];
  if (node === undefined || node === '') return undefined;
  const data = env['FERRY_DATA'] ?? path.join(env['XDG_STATE_HOME'] ?? path.join(os.homedir(), '.local', 'state'), 'ferry');
  return path.join(data, 'nodes', node, 'agent.sock');
}

/** Runs one scha_* command and returns its exit status (a scha_err_t number). */
async function runSchaCommand(name: CommandName, argv: readonly string[], io: CommandIo): Promise<number> {
  const spec = COMMANDS[name];
  try {
    const { route, body, timeoutMs } = parse(name, spec, argv);
    const socket = agentSocket(io.env);
    if (socket === undefined) {
      throw new CommandError('SCHA_ERR_ACCESS', 'not called from a method: FERRY_AGENT_SOCKET is not set (set it to a node agent socket, or set FERRY_NODE to use <data>/nodes/<node>/agent.sock)');
    }
    const value = await callRetryingBusy(socket, route, body, timeoutMs);
    if (route === ROUTES.get) {
      const lines = output.formatSchaValue(value as SchaValue);
      if (lines.length > 0) io.stdout(`${lines.join('\n')}\n`);
    } else if (route === ROUTES.control) {
      const r = value as SchaControlResult;
      if (r.failed) io.stderr(`${name}: ${r.tag} was carried out but did not end well: ${r.reason}\n`);
    }
    return codes.SCHA_ERRORS.SCHA_ERR_NOERR;
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr(`${name}: ${err.message}\nusage: ${spec.usage}\n`);
      return codes.SCHA_ERRORS.SCHA_ERR_INVAL;
    }
    if (err instanceof CommandError) {
      io.stderr(`${name}: ${err.message}\n`);
      return codes.schaExitCode(err.code);
    }
    io.stderr(`${name}: ${(err as Error).message}\n`);
    return codes.SCHA_ERRORS.SCHA_ERR_INTERNAL;
  }
}

function parse(name: CommandName, spec: CommandSpec, argv: readonly string[]): { route: string; body: unknown; timeoutMs: number } {
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
    const group = value('G');
    const body: SchaGetRequest = {
      object: spec.object, optag: need('O', 'optag'), args: operands,
      ...(spec.object === 'resource' ? { resource: need('R', 'resource') } : {}),
      ...(spec.object === 'group' ? { group: need('G', 'group') } : group === undefined ? {} : { group }),
      ...(spec.object === 'type' ? { type: need('T', 'type') } : {}),
      ...(options.some((o) => o.flag === 'Q') ? { qualified: true } : {}),
      ...z,
    };
    return { route: ROUTES.get, body, timeoutMs: 30_000 };
  }
  if (operands.length > 0) throw new UsageError(`unexpected operand "${operands[0] ?? ''}"`);
  if (name === 'scha_control') {
    // Synchronous: an accepted request returns only when the group or resource is back (spec §5.6).
    return { route: ROUTES.control, body: { tag: need('O', 'optag'), group: need('G', 'group'), resource: need('R', 'resource'), ...z }, timeoutMs: 0 };
  }
  const message = value('m');
  return {
    route: ROUTES.setstatus,
    body: { resource: need('R', 'resource'), group: need('G', 'group'), status: need('s', 'status'), ...(message === undefined ? {} : { message }), ...z },
    timeoutMs: 30_000,
  };
}

/** While the agent's listen queue is full (EAGAIN: hundreds of methods calling at once), retry for up to 10 s. */
async function callRetryingBusy(socketPath: string, route: string, body: unknown, timeoutMs: number): Promise<unknown> {
  const giveUpAt = Date.now() + 10_000;
  for (let pauseMs = 5; ; pauseMs = Math.min(pauseMs * 2, 200)) {
    try {
      return await call(socketPath, route, body, timeoutMs);
    } catch (err) {
      if (!(err instanceof Error) || !err.message.includes(': EAGAIN') || Date.now() + pauseMs > giveUpAt) throw err;
      await new Promise((r) => setTimeout(r, pauseMs));
    }
  }
}

/**
 * POSTs `body` to `route` over the Unix socket and resolves with the answer's value; a refusal
 * becomes a CommandError with its scha_err_t code. One connection per call (`Connection: close`);
 * it resolves as soon as the whole answer is in. `timeoutMs` 0 waits as long as the route takes.
 */
function call(socketPath: string, route: string, body: unknown, timeoutMs: number): Promise<unknown> {
  const payload = Buffer.from(JSON.stringify(body), 'utf8');
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let settled = false;
    const socket = net.connect(socketPath);
    const settle = (fn: () => void): void => {
      if (settled) return;
      settled = true;
      if (timer) clearTimeout(timer);
      socket.destroy();
      fn();
    };
    const timer = timeoutMs > 0 ? setTimeout(() => settle(() => reject(new CommandError('SCHA_ERR_INTERNAL', `${route}: no answer within ${timeoutMs} ms`))), timeoutMs) : undefined;
    socket.on('connect', () => {
      // Not half-closed after the body: the endpoint would take a closed request side for a caller gone.
      socket.write(`POST /${route} HTTP/1.1\r\nHost: agent\r\nContent-Type: application/json\r\nContent-Length: ${payload.length}\r\nConnection: close\r\n\r\n`);
      socket.write(payload);
    });
    socket.on('data', (c: Buffer) => {
      chunks.push(c);
      const raw = Buffer.concat(chunks);
      const head = raw.indexOf('\r\n\r\n');
      const length = head < 0 ? undefined : /\r\ncontent-length: *(\d+)/i.exec(raw.subarray(0, head).toString('latin1'))?.[1];
      if (length === undefined || raw.length - (head + 4) < Number(length)) return;
      settle(() => {
        try {
          resolve(answerValue(route, raw.subarray(head + 4)));
        } catch (err) {
          reject(err);
        }
      });
    });
    socket.on('error', (err: NodeJS.ErrnoException) => settle(() => {
      const unreachable = ['ENOENT', 'ECONNREFUSED', 'EACCES', 'ENOTSOCK', 'EPERM'].includes(err.code ?? '');
      reject(new CommandError(unreachable ? 'SCHA_ERR_RECONF' : 'SCHA_ERR_INTERNAL', `cannot reach the agent at ${socketPath}: ${err.code ?? err.message}${unreachable ? " (is the node's agent running?)" : ''}`));
    }));
    socket.on('end', () => settle(() => reject(new CommandError('SCHA_ERR_INTERNAL', `${route}: the agent closed the connection without an answer`))));
  });
}

/** The value of an endpoint answer `{ ok: true, result: SchaAnswer }`. */
function answerValue(route: string, json: Buffer): unknown {
  let answer: { ok?: unknown; result?: { ok?: unknown; value?: unknown; error?: unknown; message?: unknown }; error?: { message?: unknown } };
  try {
    answer = JSON.parse(json.toString('utf8')) as typeof answer;
  } catch {
    throw new CommandError('SCHA_ERR_INTERNAL', `${route}: the agent's answer is not JSON`);
  }
  if (answer.ok !== true) throw new CommandError('SCHA_ERR_INTERNAL', `${route}: ${typeof answer.error?.message === 'string' ? answer.error.message : 'the agent refused the call'}`);
  const r = answer.result;
  if (r?.ok === true) return r.value;
  if (r?.ok === false && codes.isSchaErrorCode(r.error)) throw new CommandError(r.error, typeof r.message === 'string' ? r.message : r.error);
  throw new CommandError('SCHA_ERR_INTERNAL', `${route}: unexpected answer from the agent`);
}

/**
 * The entry point of each scha_* binary. It exits as soon as the answer is printed (stdout and
 * stderr writes are synchronous on Linux for files, pipes and terminals), saving the teardown.
 */
function main(name: CommandName): void {
  void runSchaCommand(name, process.argv.slice(2), {
    env: process.env,
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
  }).then((code) => process.exit(code));
}

export = { runSchaCommand, agentSocket, main };
