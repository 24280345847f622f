import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { isAbsolute } from 'node:path';
import { groupAlive, methodEnv, namespacedCommand, openMethodLog, readProcTable, runMethod, signalGroup } from '../method-runner/index.js';
import { ProcessTree } from './process-tree.js';
import { RestartHistory } from './restart-history.js';
import { PmfError } from './types.js';
import type { PmfEvents, PmfStartOptions, PmfTagStatus, ProcessMonitorOptions } from './types.js';

interface Instance {
  readonly child: ChildProcess;
  readonly tree: ProcessTree;
  leaderExit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  readonly gone: Promise<void>;
  readonly markGone: () => void;
}

interface TagState {
  readonly tag: string;
  readonly opts: PmfStartOptions;
  readonly env: Readonly<Record<string, string>>;
  readonly history: RestartHistory;
  monitored: boolean;
  phase: PmfTagStatus['phase'];
  instance: Instance | undefined;
  totalRestarts: number;
  lastStartMs: number;
  pendingTimer: NodeJS.Timeout | undefined;
}

/**
 * PMF: keeps commands running under nametags, supervising each command's whole process tree
 * (process group plus descendants found in /proc) and restarting it only when the last process of
 * the tree is gone, within a retries-per-period budget (spec §6.2, §9 item 11).
 */
export class ProcessMonitor extends EventEmitter<PmfEvents> {
  private readonly tags = new Map<string, TagState>();
  private readonly pollIntervalMs: number;
  private readonly idlePollIntervalMs: number;
  private lastScanMs = 0;
  private readonly killGraceMs: number;
  private readonly minRestartIntervalMs: number;
  private readonly actionTimeoutMs: number;
  private readonly baseEnv: Readonly<Record<string, string>>;

  constructor(options: ProcessMonitorOptions = {}) {
    super();
    this.pollIntervalMs = options.pollIntervalMs ?? 250;
    this.idlePollIntervalMs = Math.max(this.pollIntervalMs, options.idlePollIntervalMs ?? 1000);
    this.killGraceMs = options.killGraceMs ?? 2000;
    this.minRestartIntervalMs = options.minRestartIntervalMs ?? 100;
    this.actionTimeoutMs = options.actionTimeoutMs ?? 60_000;
    this.baseEnv = options.baseEnv ?? methodEnv();
  }

  /** Starts `opts.command` under `tag`. Throws PmfError `tag-exists`, `bad-request` or `spawn-failed`. */
  async start(tag: string, opts: PmfStartOptions): Promise<PmfTagStatus> {
    if (tag.length === 0) throw new PmfError('bad-request', tag, 'the nametag is empty');
    if (this.tags.has(tag)) throw new PmfError('tag-exists', tag, `nametag ${tag} already exists`);
    if (opts.command.length === 0) throw new PmfError('bad-request', tag, 'no command given');
    const retries = opts.retries ?? 0;
    if (!Number.isInteger(retries) || retries < -1) throw new PmfError('bad-request', tag, `retries ${retries} is not an integer ≥ -1`);
    const action0 = opts.action?.[0];
    if (opts.action !== undefined && (action0 === undefined || !isAbsolute(action0))) {
      throw new PmfError('bad-request', tag, `the action program must be an absolute path, not "${action0 ?? ''}"`);
    }
    const state: TagState = {
      // FERRY_PMF_TAG marks the tree so a restarted agent can find monitors it no longer supervises.
      tag, opts, env: { ...(opts.env ?? this.baseEnv), FERRY_PMF_TAG: tag }, history: new RestartHistory(retries, opts.periodMs),
      monitored: true, phase: 'running', instance: undefined, totalRestarts: 0, lastStartMs: 0, pendingTimer: undefined,
    };
    this.tags.set(tag, state);
    try {
      await this.launch(state);
    } catch (err) {
      if (this.tags.get(tag) === state) this.tags.delete(tag);
      this.updatePolling();
      if (err instanceof PmfError) throw err;
      throw new PmfError('spawn-failed', tag, `cannot start ${opts.command}: ${(err as Error).message}`);
    }
    this.updatePolling();
    return this.statusOf(state);
  }

  /**
   * Stops supervision and ends the tree: `signal` (default SIGTERM) to every process, SIGKILL after
   * the grace period to whatever is left. Resolves when the tree is gone; false if there was no tag.
   */
  async stop(tag: string, signal: NodeJS.Signals = 'SIGTERM'): Promise<boolean> {
    if (!this.stopMonitoring(tag, signal)) return false;
    if (!(await this.waitForExit(tag, this.killGraceMs))) {
      this.kill(tag, 'SIGKILL');
      await this.waitForExit(tag, 5000);
    }
    return true;
  }

  /**
   * `pmfadm -s`: no more restarts; the tag is removed when its tree is gone (at once if it has
   * none). Sends `signal` to the tree when given. False if there is no such tag.
   */
  stopMonitoring(tag: string, signal?: NodeJS.Signals): boolean {
    const state = this.tags.get(tag);
    if (state === undefined) return false;
    state.monitored = false;
    if (state.instance === undefined) {
      this.remove(state);
      return true;
    }
    if (signal !== undefined) this.signalTree(state, signal);
    return true;
  }

  /** `pmfadm -k`: signals every process of the tree; supervision goes on. False if there is no such tag. */
  kill(tag: string, signal: NodeJS.Signals): boolean {
    const state = this.tags.get(tag);
    if (state === undefined) return false;
    this.signalTree(state, signal);
    return true;
  }

  /**
   * Resolves true once the tree running now is gone (also when the tag has none or does not exist),
   * false if it is still there after `timeoutMs`.
   */
  async waitForExit(tag: string, timeoutMs: number): Promise<boolean> {
    const inst = this.tags.get(tag)?.instance;
    if (inst === undefined) return true;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<boolean>((resolve) => { timer = setTimeout(() => resolve(false), timeoutMs); });
    const done = await Promise.race([inst.gone.then(() => true), timeout]);
    clearTimeout(timer);
    return done;
  }

  /** `pmfadm -m`: new budget; `periodMs: null` = unbounded window. False if there is no such tag. */
  modify(tag: string, change: { readonly retries?: number; readonly periodMs?: number | null }): boolean {
    const state = this.tags.get(tag);
    if (state === undefined) return false;
    if (change.retries !== undefined) state.history.retries = change.retries;
    if (change.periodMs !== undefined) state.history.periodMs = change.periodMs ?? undefined;
    return true;
  }

  list(): string[] {
    return [...this.tags.keys()].sort();
  }

  status(tag: string): PmfTagStatus | undefined {
    const state = this.tags.get(tag);
    if (state === undefined) return undefined;
    this.scan();
    // scan() may have found the tree gone and removed the tag.
    return this.tags.has(tag) ? this.statusOf(state) : undefined;
  }

  /** Stops every tag (TERM, grace, KILL) and the /proc polling. */
  async stopAll(): Promise<void> {
    await Promise.all(this.list().map((t) => this.stop(t)));
    this.updatePolling();
  }

  /**
   * Lets go of every tag without signalling anything (the agent stops, its services keep running, as
   * when ferryd restarts): timers end and the children no longer keep this process alive.
   */
  detach(): void {
    for (const state of this.tags.values()) {
      if (state.pendingTimer !== undefined) clearTimeout(state.pendingTimer);
      state.instance?.child.unref();
    }
    this.tags.clear();
    this.updatePolling();
  }

  private statusOf(state: TagState): PmfTagStatus {
    const inst = state.instance;
    const pids = inst === undefined ? [] : inst.tree.monitoredPids();
    const leader = inst?.child.pid;
    if (inst !== undefined && inst.leaderExit === undefined && leader !== undefined && !pids.includes(leader)) pids.unshift(leader);
    const o = state.opts;
    return {
      tag: state.tag, command: o.command, args: o.args ?? [], env: state.env, cwd: o.cwd ?? '/',
      retries: state.history.retries,
      ...(state.history.periodMs === undefined ? {} : { periodMs: state.history.periodMs }),
      ...(o.action === undefined ? {} : { action: o.action }),
      ...(o.childMonitorLevel === undefined ? {} : { childMonitorLevel: o.childMonitorLevel }),
      monitored: state.monitored, running: inst !== undefined, phase: state.phase, pids,
      restartsInWindow: state.history.inWindow(performance.now()), totalRestarts: state.totalRestarts,
    };
  }

  private async launch(state: TagState): Promise<number> {
    const o = state.opts;
    const log = await openMethodLog(o.logFile, `[pmf ${state.tag}] start ${[o.command, ...(o.args ?? [])].join(' ')}`);
    if (this.tags.get(state.tag) !== state || !state.monitored) {
      // Stopped while we opened the log: starting now would leave an unsupervised process.
      await log.release();
      throw new PmfError('bad-request', state.tag, `nametag ${state.tag} was stopped while starting`);
    }
    const [command, args] = namespacedCommand(o.command, o.args ?? [], o);
    let child: ChildProcess;
    try {
      child = spawn(command, args, { cwd: o.cwd ?? '/', env: state.env, detached: true, stdio: ['ignore', log.fd, log.fd] });
    } catch (err) {
      await log.release();
      throw err;
    }
    const pid = child.pid;
    if (pid === undefined) {
      // spawn() reports ENOENT/EACCES through an 'error' event on the next tick.
      const err = await new Promise<Error>((resolve) => child.once('error', resolve));
      await log.release();
      throw err;
    }
    // Everything up to state.instance is synchronous, so no 'exit' can be missed before we listen.
    child.on('error', () => {}); // later errors only report a failed kill(); never crash the agent
    let markGone = (): void => {};
    const gone = new Promise<void>((resolve) => { markGone = resolve; });
    const inst: Instance = { child, tree: new ProcessTree(pid, o.childMonitorLevel), leaderExit: undefined, gone, markGone };
    child.once('exit', (code, signal) => {
      inst.leaderExit = { code, signal };
      setImmediate(() => this.scan());
    });
    state.instance = inst;
    state.phase = 'running';
    state.lastStartMs = performance.now();
    await log.release();
    return pid;
  }

  /** One pass over /proc: updates every tree and handles the ones that are gone. */
  private scan(table = readProcTable()): void {
    this.lastScanMs = performance.now();
    for (const state of [...this.tags.values()]) {
      const inst = state.instance;
      if (inst === undefined) continue;
      let alive: boolean;
      if (table === undefined) {
        alive = inst.leaderExit === undefined || groupAlive(inst.tree.pgid);
      } else {
        inst.tree.update(table);
        alive = inst.leaderExit === undefined || inst.tree.monitoredPids().length > 0;
      }
      if (!alive) this.treeGone(state, inst);
    }
  }

  private treeGone(state: TagState, inst: Instance): void {
    state.instance = undefined;
    inst.markGone();
    const exit = inst.leaderExit;
    this.emit('exited', state.tag, {
      ...(exit?.code === null || exit === undefined ? {} : { exitCode: exit.code }),
      ...(exit?.signal === null || exit === undefined ? {} : { signal: exit.signal }),
    });
    if (!state.monitored) {
      this.remove(state);
      return;
    }
    if (state.history.tryConsume(performance.now())) return this.scheduleRestart(state, false);
    if (state.opts.action === undefined) return this.exhaust(state, 'retries');
    state.phase = 'action';
    void this.runAction(state);
  }

  private async runAction(state: TagState): Promise<void> {
    const [path, ...args] = state.opts.action as readonly string[];
    const result = await runMethod({
      path: path as string, argv: [...args, 'failed', state.tag], name: `pmf ${state.tag} action`,
      timeoutMs: this.actionTimeoutMs, env: state.env, cwd: state.opts.cwd ?? '/',
      ...(state.opts.netns === undefined ? {} : { netns: state.opts.netns }),
      ...(state.opts.mountns === undefined ? {} : { mountns: state.opts.mountns }),
      ...(state.opts.logFile === undefined ? {} : { logFile: state.opts.logFile }),
    });
    if (this.tags.get(state.tag) !== state || !state.monitored) {
      this.remove(state);
      return;
    }
    if (result.execution === 'done' && result.exitCode === 0) {
      state.history.reset();
      return this.scheduleRestart(state, true);
    }
    this.exhaust(state, 'action-refused', `action ${result.execution}${result.exitCode === undefined ? '' : ` exit ${result.exitCode}`}`);
  }

  private scheduleRestart(state: TagState, byAction: boolean): void {
    state.phase = 'restart-pending';
    const delayMs = Math.max(0, state.lastStartMs + this.minRestartIntervalMs - performance.now());
    state.pendingTimer = setTimeout(() => {
      state.pendingTimer = undefined;
      if (this.tags.get(state.tag) !== state || !state.monitored) return;
      this.launch(state).then(
        (pid) => {
          state.totalRestarts++;
          this.emit('restarted', state.tag, { pid, restartsInWindow: state.history.inWindow(performance.now()), byAction });
        },
        (err: Error) => this.exhaust(state, 'spawn-failed', err.message),
      );
    }, delayMs);
  }

  private exhaust(state: TagState, reason: PmfEvents['exhausted'][1]['reason'], detail?: string): void {
    // A tag stopped meanwhile was removed already and is not a failure.
    if (this.remove(state)) this.emit('exhausted', state.tag, { reason, ...(detail === undefined ? {} : { detail }) });
  }

  /** Drops the tag if `state` is still its current entry; false if it was gone already. */
  private remove(state: TagState): boolean {
    if (this.tags.get(state.tag) !== state) return false;
    if (state.pendingTimer !== undefined) clearTimeout(state.pendingTimer);
    this.tags.delete(state.tag);
    this.updatePolling();
    this.emit('removed', state.tag);
    return true;
  }

  private signalTree(state: TagState, signal: NodeJS.Signals): void {
    const inst = state.instance;
    if (inst === undefined) return;
    const table = readProcTable();
    if (table !== undefined) inst.tree.update(table);
    signalGroup(inst.tree.pgid, signal);
    // Members that left the group (setsid daemons) get the signal one by one.
    for (const pid of inst.tree.allPids()) {
      if (table?.get(pid)?.pgid === inst.tree.pgid) continue;
      try {
        process.kill(pid, signal);
      } catch {
        // exited meanwhile
      }
    }
  }

  /**
   * Whether the shared poller's tick should scan for this monitor: every `pollIntervalMs` while a
   * tree outlived its leader (only /proc tells when such a tree ends), else every
   * `idlePollIntervalMs` (a leader's exit is seen at once through its 'exit' event; the scan then
   * only finds new descendants).
   */
  private due(nowMs: number): boolean {
    let daemons = false;
    for (const state of this.tags.values()) if (state.instance?.leaderExit !== undefined) daemons = true;
    return nowMs - this.lastScanMs >= (daemons ? this.pollIntervalMs : this.idlePollIntervalMs) - 5;
  }

  private readonly polled = { due: (nowMs: number) => this.due(nowMs), scan: (table: ProcTable) => this.scan(table) };

  private updatePolling(): void {
    if (this.tags.size > 0) poller.add(this.polled, this.pollIntervalMs);
    else poller.remove(this.polled);
  }
}

type ProcTable = ReturnType<typeof readProcTable>;

/**
 * One /proc reading per tick for all the process monitors of this process (an embedded cluster has
 * one per virtual node and zone), instead of one per monitor.
 */
class SharedProcPoller {
  private readonly members = new Map<{ due(nowMs: number): boolean; scan(table: ProcTable): void }, number>();
  private timer: NodeJS.Timeout | undefined;
  private tickMs = Infinity;

  add(m: { due(nowMs: number): boolean; scan(table: ProcTable): void }, intervalMs: number): void {
    if (this.members.get(m) === intervalMs) return;
    this.members.set(m, intervalMs);
    this.rearm();
  }

  remove(m: { due(nowMs: number): boolean; scan(table: ProcTable): void }): void {
    if (this.members.delete(m)) this.rearm();
  }

  private rearm(): void {
    const tickMs = Math.min(...this.members.values());
    if (tickMs === this.tickMs) return;
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
    this.tickMs = tickMs;
    if (Number.isFinite(tickMs)) this.timer = setInterval(() => this.tick(), tickMs);
  }

  private tick(): void {
    const now = performance.now();
    const due = [...this.members.keys()].filter((m) => m.due(now));
    if (due.length === 0) return;
    const table = readProcTable();
    for (const m of due) m.scan(table);
  }
}

const poller = new SharedProcPoller();
