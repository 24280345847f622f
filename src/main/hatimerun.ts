#!/usr/bin/env node
// hatimerun: run a program under a timeout, Sun Cluster style (spec §6.3). Standalone: no agent.
//
//   hatimerun -t secs [-adv] [-e exitcode] [-x pct] prog [args…]
//   hatimerun -t secs [-dv] [-e exitcode] [-k signal] [-x pct] prog [args…]
//
// prog runs in its own process group (a new session: Node can only setsid, not setpgid) with
// hatimerun's environment and standard streams. Exit status: prog's own (128 + signal number when a
// signal ended it); 99 (or -e) on timeout, after the group got SIGKILL (or -k); with -a the timeout
// only makes hatimerun exit 99 and leaves prog running; 98 when hatimerun itself fails (bad usage,
// prog cannot be started) or is told to stop (SIGTERM, also SIGINT/SIGHUP): it then kills the group
// first, as on a timeout. -x pct writes a warning on stderr once pct % of the timeout has passed.
// Imports only light files: this runs inside scripts, often in loops.
import { spawn } from 'node:child_process';
import { getopt, parseIntOption, UsageError } from '../agent/method-runner/getopt.js';
import { parseSignal, signalNumber } from '../agent/method-runner/signals.js';
import type { SignalSpec } from '../agent/method-runner/signals.js';

const EXIT_ERROR = 98;
const USAGE = `usage: hatimerun -t secs [-adv] [-e exitcode] [-x pct] prog [args...]
       hatimerun -t secs [-dv] [-e exitcode] [-k signal] [-x pct] prog [args...]`;

interface Options {
  timeoutS: number;
  leaveRunning: boolean;
  delayClock: boolean;
  verbose: boolean;
  timeoutExit: number;
  killSignal: SignalSpec;
  warnPct?: number;
  prog: string;
  args: string[];
}

function parse(argv: readonly string[]): Options {
  const { options, operands } = getopt(argv, 't:ak:e:dvx:');
  let timeoutS: number | undefined;
  let killSignal: SignalSpec | undefined;
  const o: Partial<Options> = { leaveRunning: false, delayClock: false, verbose: false, timeoutExit: 99 };
  for (const { flag, value = '' } of options) {
    if (flag === 't') timeoutS = parseIntOption('t', value, 1);
    else if (flag === 'a') o.leaveRunning = true;
    else if (flag === 'd') o.delayClock = true;
    else if (flag === 'v') o.verbose = true;
    else if (flag === 'e') o.timeoutExit = parseIntOption('e', value, 0, 255);
    else if (flag === 'x') o.warnPct = parseIntOption('x', value, 1, 100);
    else if (flag === 'k') {
      killSignal = parseSignal(value);
      if (killSignal === undefined) throw new UsageError(`option -k: unknown signal "${value}"`);
    }
  }
  if (timeoutS === undefined) throw new UsageError('option -t is required');
  if (o.leaveRunning === true && killSignal !== undefined) throw new UsageError('options -a and -k cannot be used together');
  const [prog, ...args] = operands;
  if (prog === undefined) throw new UsageError('no program given');
  return { ...(o as Options), timeoutS, killSignal: killSignal ?? { name: 'SIGKILL', number: signalNumber('SIGKILL') }, prog, args };
}

function run(o: Options): void {
  const say = (text: string): void => { if (o.verbose) process.stderr.write(`hatimerun: ${text}\n`); };
  const child = spawn(o.prog, o.args, { detached: true, stdio: 'inherit' });
  const timers: NodeJS.Timeout[] = [];
  const killGroup = (): void => {
    if (child.pid === undefined) return;
    try {
      process.kill(-child.pid, o.killSignal.name);
    } catch {
      // the group is already gone
    }
  };
  const startClock = (): void => {
    const timeoutMs = o.timeoutS * 1000;
    if (o.warnPct !== undefined && o.warnPct < 100) {
      timers.push(setTimeout(() => process.stderr.write(`hatimerun: ${o.prog} is still running after ${o.warnPct}% of its ${o.timeoutS} s timeout\n`), (timeoutMs * o.warnPct) / 100));
    }
    timers.push(setTimeout(() => {
      if (o.leaveRunning) {
        say(`timeout after ${o.timeoutS} s; leaving pid ${child.pid ?? '?'} running`);
      } else {
        say(`timeout after ${o.timeoutS} s; sending ${o.killSignal.name} to process group ${child.pid ?? '?'}`);
        killGroup();
      }
      process.exit(o.timeoutExit);
    }, timeoutMs));
  };
  if (!o.delayClock) startClock();
  child.once('spawn', () => {
    say(`started ${o.prog} as pid ${child.pid ?? '?'}, timeout ${o.timeoutS} s`);
    if (o.delayClock) startClock();
  });
  child.once('error', (err: NodeJS.ErrnoException) => {
    if (child.pid !== undefined) return;
    process.stderr.write(`hatimerun: cannot run ${o.prog}: ${err.code ?? err.message}\n`);
    process.exit(EXIT_ERROR);
  });
  child.once('exit', (code, signal) => {
    for (const t of timers) clearTimeout(t);
    const status = code ?? 128 + signalNumber(signal ?? 'SIGKILL');
    say(`${o.prog} ended with ${code === null ? `signal ${signal ?? '?'}` : `exit status ${code}`}`);
    process.exit(status);
  });
  for (const sig of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) {
    process.on(sig, () => {
      say(`received ${sig}; sending ${o.killSignal.name} to process group ${child.pid ?? '?'}`);
      killGroup();
      process.exit(EXIT_ERROR);
    });
  }
}

try {
  run(parse(process.argv.slice(2)));
} catch (err) {
  if (!(err instanceof UsageError)) throw err;
  process.stderr.write(`hatimerun: ${err.message}\n${USAGE}\n`);
  process.exitCode = EXIT_ERROR;
}
