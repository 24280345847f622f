#!/usr/bin/env node
// pmfadm: the Process Monitor Facility command (spec §6.2), a client of the agent's PMF through the
// endpoint socket named by FERRY_AGENT_SOCKET.
//
//   pmfadm -c nametag [-a action] [[-e VAR=value]... | -E] [-n retries] [-t period] [-C level#] command [args...]
//   pmfadm -k nametag [-w timeout] [signal]     signal the tree (default KILL); supervision goes on
//   pmfadm -s nametag [-w timeout] [signal]     stop restarting; signal the tree if a signal is given
//   pmfadm -m nametag [-n retries] [-t period]  change the restart budget
//   pmfadm -q nametag                           exit 0 if the tag exists and runs, 1 if not
//   pmfadm -l nametag | -L                      show one tag / list all tags
//
// retries −1 = unlimited; period in minutes (−1 = unbounded); -w timeout in seconds. Exit status:
// 0 success; 1 no such nametag, the nametag already exists (-c), or not running (-q); 2 -w timed
// out; 3 bad usage; 4 any other error (agent unreachable, command cannot be started).
// Imports only the endpoint client, getopt and the wire shapes (no agent, no zod): it must start fast.
import { hostname } from 'node:os';
import { delimiter, isAbsolute, join, resolve } from 'node:path';
import { accessSync, constants } from 'node:fs';
import { callEndpoint, EndpointCallError } from '../agent/endpoint/client.js';
import { getopt, parseIntOption, UsageError } from '../agent/method-runner/getopt.js';
import { parseSignal } from '../agent/method-runner/signals.js';
import { PMF_ROUTES as ROUTES } from '../agent/pmf/wire.js';
import type { PmfListAnswer, PmfModifyRequest, PmfSignalAnswer, PmfSignalRequest, PmfStartRequest, PmfStatusAnswer } from '../agent/pmf/wire.js';

const EXIT = { ok: 0, noTag: 1, timedOut: 2, usage: 3, error: 4 } as const;
const USAGE = `usage: pmfadm -c nametag [-a action] [[-e VAR=value]... | -E] [-n retries] [-t period] [-C level#] command [args...]
       pmfadm -k nametag [-w timeout] [signal]
       pmfadm -s nametag [-w timeout] [signal]
       pmfadm -m nametag [-n retries] [-t period]
       pmfadm -q nametag [-h host]
       pmfadm -l nametag [-h host]
       pmfadm -L [-h host]`;

type Command =
  | { readonly kind: 'create'; readonly request: PmfStartRequest }
  | { readonly kind: 'signal'; readonly request: PmfSignalRequest }
  | { readonly kind: 'modify'; readonly request: PmfModifyRequest }
  | { readonly kind: 'query' | 'show'; readonly tag: string }
  | { readonly kind: 'list' };

const MODES = 'ckmsqlL';
/** Options each mode accepts besides itself. */
const ALLOWED: Record<string, string> = { c: 'aeEntC', k: 'w', s: 'w', m: 'nt', q: 'h', l: 'h', L: 'h' };

class PmfadmError extends Error {
  constructor(message: string, readonly exitCode: number) {
    super(message);
  }
}

function parse(argv: readonly string[]): Command {
  const { options, operands } = getopt(argv, 'c:k:s:m:q:l:La:e:En:t:C:w:h:');
  const modes = options.filter((o) => MODES.includes(o.flag));
  if (modes.length !== 1) throw new UsageError(modes.length === 0 ? 'one of -c, -k, -s, -m, -q, -l, -L is required' : 'only one of -c, -k, -s, -m, -q, -l, -L may be given');
  const mode = modes[0] as { flag: string; value?: string };
  const tag = mode.value ?? '';
  if (mode.flag !== 'L' && tag.length === 0) throw new UsageError(`option -${mode.flag}: the nametag is empty`);
  for (const o of options) {
    if (o !== mode && !(ALLOWED[mode.flag] ?? '').includes(o.flag)) throw new UsageError(`option -${o.flag} cannot be used with -${mode.flag}`);
  }
  const value = (flag: string): string | undefined => options.filter((o) => o.flag === flag).at(-1)?.value;
  const has = (flag: string): boolean => options.some((o) => o.flag === flag);
  const host = value('h');
  if (host !== undefined && !isLocalHost(host)) throw new PmfadmError(`-h ${host}: only the local node can be managed`, EXIT.error);
  const retries = value('n') === undefined ? undefined : parseIntOption('n', value('n') as string, -1);
  const periodMin = value('t') === undefined ? undefined : parseIntOption('t', value('t') as string, -1);
  if (periodMin === 0) throw new UsageError('option -t: the period must be a positive number of minutes or -1');
  const periodMs = periodMin === undefined ? undefined : periodMin === -1 ? null : periodMin * 60_000;

  switch (mode.flag) {
    case 'c': {
      const [command, ...args] = operands;
      if (command === undefined) throw new UsageError('option -c: no command given');
      if (has('e') && has('E')) throw new UsageError('options -e and -E cannot be used together');
      const level = value('C') === undefined ? undefined : parseIntOption('C', value('C') as string, 0);
      const action = value('a');
      return {
        kind: 'create',
        request: {
          tag, command, args, cwd: process.cwd(), retries: retries ?? 0, replaceEnv: has('E'),
          env: has('E') ? definedEnv() : { ...inheritedEnv(), ...envAssignments(options) },
          ...(periodMs === null || periodMs === undefined ? {} : { periodMs }),
          ...(action === undefined ? {} : { action: actionArgv(action) }),
          ...(level === undefined ? {} : { childMonitorLevel: level }),
        },
      };
    }
    case 'k':
    case 's': {
      if (operands.length > 1) throw new UsageError(`option -${mode.flag}: unexpected "${operands[1] ?? ''}" after the signal`);
      const signalText = operands[0];
      const signal = signalText === undefined ? undefined : parseSignal(signalText);
      if (signalText !== undefined && signal === undefined) throw new UsageError(`unknown signal "${signalText}"`);
      const waitS = value('w') === undefined ? undefined : parseIntOption('w', value('w') as string, 0);
      return {
        kind: 'signal',
        request: {
          tag, stopMonitoring: mode.flag === 's',
          ...(signal === undefined ? (mode.flag === 'k' ? { signal: 'SIGKILL' } : {}) : { signal: signal.name }),
          ...(waitS === undefined ? {} : { waitMs: waitS * 1000 }),
        },
      };
    }
    case 'm':
      if (operands.length > 0) throw new UsageError(`option -m: unexpected "${operands[0] ?? ''}"`);
      if (retries === undefined && periodMs === undefined) throw new UsageError('option -m needs -n or -t');
      return { kind: 'modify', request: { tag, ...(retries === undefined ? {} : { retries }), ...(periodMs === undefined ? {} : { periodMs }) } };
    default:
      if (operands.length > 0) throw new UsageError(`unexpected "${operands[0] ?? ''}"`);
      return mode.flag === 'L' ? { kind: 'list' } : { kind: mode.flag === 'q' ? 'query' : 'show', tag };
  }
}

function envAssignments(options: readonly { flag: string; value?: string }[]): Record<string, string> {
  const env: Record<string, string> = {};
  for (const o of options) {
    if (o.flag !== 'e') continue;
    const eq = (o.value ?? '').indexOf('=');
    const name = (o.value ?? '').slice(0, eq);
    if (eq < 1 || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new UsageError(`option -e: "${o.value ?? ''}" is not VAR=value`);
    env[name] = (o.value ?? '').slice(eq + 1);
  }
  return env;
}

const definedEnv = (): Record<string, string> =>
  Object.fromEntries(Object.entries(process.env).filter((e): e is [string, string] => e[1] !== undefined));

/**
 * Without -E the command gets the agent's environment plus our PATH (as Solaris pmfadm does) and,
 * a Ferry addition, our FERRY_* variables, so the command can call scha_* and the agent can find it.
 */
function inheritedEnv(): Record<string, string> {
  return Object.fromEntries(Object.entries(definedEnv()).filter(([k]) => k === 'PATH' || k.startsWith('FERRY_')));
}

/** The action as argv: a plain program path is resolved here; a command line goes through /bin/sh. */
function actionArgv(action: string): string[] {
  if (/\s/.test(action.trim())) return ['/bin/sh', '-c', `${action} "$@"`, 'sh'];
  if (action.includes('/')) return [resolve(action)];
  for (const dir of (process.env['PATH'] ?? '').split(delimiter)) {
    const candidate = join(dir, action);
    try {
      accessSync(candidate, constants.X_OK);
      return [isAbsolute(candidate) ? candidate : resolve(candidate)];
    } catch {
      // not in this directory
    }
  }
  return [resolve(action)];
}

function isLocalHost(host: string): boolean {
  return ['localhost', '127.0.0.1', hostname(), process.env['FERRY_NODE']].includes(host);
}

/** Undoes actionArgv for display: the /bin/sh wrapper shows as the command line that was given. */
function actionText(argv: readonly string[]): string {
  const [sh, c, line, name] = argv;
  if (argv.length === 4 && sh === '/bin/sh' && c === '-c' && name === 'sh' && line?.endsWith(' "$@"') === true) return line.slice(0, -5);
  return argv.join(' ');
}

function showTag(s: NonNullable<PmfStatusAnswer>): string {
  const shellWord = (w: string): string => (/^[\w@%+=:,./-]+$/.test(w) ? w : `'${w.replace(/'/g, `'\\''`)}'`);
  const create = ['pmfadm', '-c', s.tag];
  if (s.action !== undefined) create.push('-a', actionText(s.action));
  create.push('-n', String(s.retries));
  if (s.periodMs !== undefined) create.push('-t', String(s.periodMs / 60_000));
  if (s.childMonitorLevel !== undefined) create.push('-C', String(s.childMonitorLevel));
  const lines = [[...create, s.command, ...s.args].map(shellWord).join(' '), '\tenvironment:'];
  for (const [k, v] of Object.entries(s.env).sort(([a], [b]) => a.localeCompare(b))) lines.push(`\t\t${k}=${v}`);
  lines.push(
    `\tretries: ${s.restartsInWindow}`,
    `\tmonitor children: ${s.childMonitorLevel === undefined ? 'all' : `level ${s.childMonitorLevel}`}`,
    `\tmonitored: ${s.monitored ? 'yes' : 'no (stopped, not restarted)'}`,
    `\tpids: ${s.pids.join(' ')}`,
  );
  return `${lines.join('\n')}\n`;
}

async function run(cmd: Command): Promise<number> {
  const socket = process.env['FERRY_AGENT_SOCKET'];
  if (socket === undefined || socket.length === 0) throw new PmfadmError('FERRY_AGENT_SOCKET is not set; run pmfadm from a method or set it to the agent socket', EXIT.error);
  const call = (route: string, body: unknown, timeoutMs = 30_000): Promise<unknown> => callEndpoint(socket, route, body, { timeoutMs });
  switch (cmd.kind) {
    case 'create':
      await call(ROUTES.start, cmd.request);
      return EXIT.ok;
    case 'signal': {
      const answer = (await call(ROUTES.signal, cmd.request, (cmd.request.waitMs ?? 0) + 30_000)) as PmfSignalAnswer;
      if (cmd.request.waitMs !== undefined && !answer.exited) {
        process.stderr.write(`pmfadm: nametag ${cmd.request.tag} did not exit within ${cmd.request.waitMs / 1000} s\n`);
        return EXIT.timedOut;
      }
      return EXIT.ok;
    }
    case 'modify':
      await call(ROUTES.modify, cmd.request);
      return EXIT.ok;
    case 'query': {
      const s = (await call(ROUTES.status, { tag: cmd.tag })) as PmfStatusAnswer;
      return s !== null && s.running ? EXIT.ok : EXIT.noTag;
    }
    case 'show': {
      const s = (await call(ROUTES.status, { tag: cmd.tag })) as PmfStatusAnswer;
      if (s === null) throw new PmfadmError(`nametag ${cmd.tag} does not exist`, EXIT.noTag);
      process.stdout.write(showTag(s));
      return EXIT.ok;
    }
    case 'list': {
      const { tags } = (await call(ROUTES.list, {})) as PmfListAnswer;
      process.stdout.write(`tags:${tags.map((t) => ` ${t}`).join('')}\n`);
      return EXIT.ok;
    }
  }
}

function exitCodeOf(err: EndpointCallError): number {
  if (err.kind !== 'remote') return EXIT.error;
  return err.code === 'no-such-tag' || err.code === 'tag-exists' ? EXIT.noTag : err.code === 'bad-request' ? EXIT.usage : EXIT.error;
}

try {
  process.exitCode = await run(parse(process.argv.slice(2)));
} catch (err) {
  if (err instanceof UsageError) {
    process.stderr.write(`pmfadm: ${err.message}\n${USAGE}\n`);
    process.exitCode = EXIT.usage;
  } else if (err instanceof PmfadmError) {
    process.stderr.write(`pmfadm: ${err.message}\n`);
    process.exitCode = err.exitCode;
  } else if (err instanceof EndpointCallError) {
    process.stderr.write(`pmfadm: ${err.message}\n`);
    process.exitCode = exitCodeOf(err);
  } else {
    throw err;
  }
}
