// The golden scenario language (in the style of etcd-io/raft testdata): a file is a list of blocks
//
//   # comments
//   command args
//   input lines (only `setup` has any)
//   ----
//   expected output
//   <blank line>
//
// Each event command folds its fact into the status, then runs decide, prints the actions and
// reasons, and marks the actions issued (as the control loop does). See README.md in test/scenarios.
import type { ClusterConfig, ClusterStatus, MethodName, SchaControlTag, TargetKey } from '../../src/model/index.js';
import { groupName, initialStatus, nodeName, resourceName } from '../../src/model/index.js';
import type { Action, AdminRequest, Decision, Execution, MethodOutcome, PolicyEvent } from '../../src/policy/index.js';
import { decide, deriveGroupStates, formatAction, formatReason, parseWhatIf, reduce, simulate } from '../../src/policy/index.js';
import { applyConfigSwitch } from '../../src/policy/simulate.js';
import { buildConfig, ScenarioError, setProperty } from './scenario-config.js';

export interface Block {
  readonly comments: readonly string[];
  readonly command: string;
  readonly input: readonly string[];
  readonly expected: readonly string[];
  readonly line: number;
}

/** Splits a scenario file into blocks. */
export function parseScenario(text: string): Block[] {
  const lines = text.split('\n');
  const blocks: Block[] = [];
  let i = 0;
  while (i < lines.length) {
    const comments: string[] = [];
    while (i < lines.length && ((lines[i] ?? '').trim() === '' || (lines[i] ?? '').startsWith('#'))) {
      if ((lines[i] ?? '').startsWith('#')) comments.push(lines[i] ?? '');
      i++;
    }
    if (i >= lines.length) {
      if (comments.length > 0) blocks.push({ comments, command: '', input: [], expected: [], line: i });
      break;
    }
    const line = i + 1;
    const command = (lines[i] ?? '').trim();
    i++;
    const input: string[] = [];
    while (i < lines.length && lines[i] !== '----') {
      if ((lines[i] ?? '').trim() === '') throw new ScenarioError(`line ${line}: "${command}" has no "----" line before a blank line`);
      input.push(lines[i] ?? '');
      i++;
    }
    if (i >= lines.length) throw new ScenarioError(`line ${line}: "${command}" has no "----" line`);
    i++;
    const expected: string[] = [];
    while (i < lines.length && (lines[i] ?? '').trim() !== '') { expected.push(lines[i] ?? ''); i++; }
    blocks.push({ comments, command, input, expected, line });
  }
  return blocks;
}

/** Writes blocks back with `outputs` as their expected output (UPDATE=1). */
export function renderScenario(blocks: readonly Block[], outputs: readonly (readonly string[])[]): string {
  const parts: string[] = [];
  blocks.forEach((b, i) => {
    const lines = [...b.comments];
    if (b.command !== '') lines.push(b.command, ...b.input, '----', ...(outputs[i] ?? []));
    parts.push(lines.join('\n'));
  });
  return `${parts.join('\n\n')}\n`;
}

const DURATION = /^\+?([0-9]+)(ms|s|m|h)?$/;

function durationMs(text: string): number {
  const m = DURATION.exec(text);
  if (!m || m[1] === undefined) throw new ScenarioError(`"${text}" is not a duration (e.g. +90s, +10m, +2h)`);
  const unit = m[2] ?? 's';
  return Number(m[1]) * (unit === 'ms' ? 1 : unit === 's' ? 1000 : unit === 'm' ? 60_000 : 3_600_000);
}

/** Runs blocks in order against one cluster; returns each block's actual output. */
export class ScenarioRunner {
  private config: ClusterConfig | undefined;
  private status: ClusterStatus | undefined;
  private now = 0;
  private readonly injected: Array<{ resource: string; method: MethodName; target?: string; outcome: MethodOutcome }> = [];
  /** Every decision made, for invariant checks by the test. */
  readonly decisions: Array<{ config: ClusterConfig; status: ClusterStatus; now: number; decision: Decision }> = [];

  /** Runs one block; a mistake in the script (or a refused command) is printed as `error: …`. */
  run(b: Block): string[] {
    try {
      return this.runBlock(b);
    } catch (e) {
      if (e instanceof ScenarioError) return [`error: ${e.message}`];
      throw e;
    }
  }

  private runBlock(b: Block): string[] {
    const [cmd, ...args] = b.command.split(/\s+/);
    if (cmd === undefined || cmd === '') return [];
    if (cmd === 'setup') {
      this.config = buildConfig(b.input);
      this.now = 0;
      let status = initialStatus(this.config, 0);
      for (const d of b.input.filter((l) => /^node\s+\S+.*\bdown\b/.test(l.trim()))) {
        status = reduce(this.config, status, { kind: 'node-down', node: nodeName(d.trim().split(/\s+/)[1] ?? '') }, 0);
      }
      this.status = status;
      return [];
    }
    const config = this.config;
    if (!config || !this.status) throw new ScenarioError(`line ${b.line}: "${cmd}" before setup`);
    switch (cmd) {
      case 'decide': return this.decideAndIssue();
      case 'state': return this.state();
      case 'auto': return this.auto();
      case 'what-if': return this.whatIf(args.join(' '));
      case 'inject': {
        const [resource, method, target, how] = args;
        const m = ['Start', 'Stop', 'Prenet_start', 'Postnet_stop', 'Monitor_start', 'Monitor_stop', 'Monitor_check', 'Init', 'Boot', 'Fini', 'Update'].find((x) => x.toLowerCase() === (method ?? '').toLowerCase());
        if (!resource || !m) throw new ScenarioError(`line ${b.line}: inject RESOURCE METHOD [TARGET|*] [fail|timeout]`);
        this.injected.push({ resource, method: m as MethodName, ...(target && target !== '*' ? { target } : {}), outcome: how === 'timeout' ? { execution: 'timeout' } : { execution: 'done', exitCode: 1 } });
        return [];
      }
      case 'time': this.now += durationMs(need(args[0], 'time +DURATION')); return this.decideAndIssue();
      case 'ok': case 'fail': case 'timeout': case 'killed': case 'not-found': case 'not-executable':
        for (const id of args.includes('*') ? this.inFlightIds() : args.filter((x) => !x.startsWith('exit='))) this.result(cmd, id, args.find((x) => x.startsWith('exit=')));
        return this.decideAndIssue();
      case 'config': this.configChange(args); return this.decideAndIssue();
      default: {
        const ev = this.event(cmd, args);
        this.status = reduce(config, this.status, ev, this.now);
        return this.decideAndIssue();
      }
    }
  }

  private result(how: string, id: string, exit: string | undefined): void {
    const status = this.status as ClusterStatus;
    for (const [resource, rr] of Object.entries(status.resources)) {
      for (const [target, e] of Object.entries(rr.targets)) {
        if (e.inFlight?.actionId !== id) continue;
        const execution: Execution = how === 'ok' || how === 'fail' ? 'done' : (how as Execution);
        const exitCode = how === 'ok' ? 0 : how === 'fail' ? Number(exit?.slice(5) ?? '1') : undefined;
        const ev: PolicyEvent = { kind: 'method-result', actionId: id, resource: resourceName(resource), target, method: e.inFlight.method, execution, ...(exitCode !== undefined ? { exitCode } : {}) };
        this.status = reduce(this.config as ClusterConfig, status, ev, this.now);
        return;
      }
    }
    for (const [group, g] of Object.entries(status.groups)) {
      for (const [target, pass] of Object.entries(g.scripts ?? {})) {
        if (pass.inFlight?.actionId !== id) continue;
        const ev: PolicyEvent = { kind: 'script-result', actionId: id, group: groupName(group), target, script: pass.inFlight.script, execution: how === 'ok' || how === 'fail' ? 'done' : (how as Execution), exitCode: how === 'ok' ? 0 : 1 };
        this.status = reduce(this.config as ClusterConfig, status, ev, this.now);
        return;
      }
    }
    throw new ScenarioError(`no method or script ${id} is in flight`);
  }

  /** Every method and script in flight, in action order (`ok *`). */
  private inFlightIds(): string[] {
    const status = this.status as ClusterStatus;
    const ids: string[] = [];
    for (const rr of Object.values(status.resources)) for (const e of Object.values(rr.targets)) if (e.inFlight) ids.push(e.inFlight.actionId);
    for (const g of Object.values(status.groups)) for (const p of Object.values(g.scripts ?? {})) if (p.inFlight) ids.push(p.inFlight.actionId);
    return ids.sort((a, b) => Number(a.slice(1)) - Number(b.slice(1)));
  }

  private configChange(args: readonly string[]): void {
    const [what, name, ...rest] = args;
    const config = this.config as ClusterConfig;
    if (what === 'set') {
      let c = config;
      for (const kv of rest) c = setProperty(c, need(name, 'config set NAME Prop=value'), kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1));
      this.config = c;
      return;
    }
    const changes = ['enable', 'disable', 'monitor', 'unmonitor', 'manage', 'unmanage'] as const;
    const change = changes.find((c) => c === what);
    if (!change || !name) throw new ScenarioError(`config ${changes.join('|')} NAME, or config set NAME Prop=value`);
    this.config = applyConfigSwitch(config, change, name);
  }

  private event(cmd: string, args: readonly string[]): PolicyEvent {
    const a0 = need(args[0], `${cmd} needs an argument`);
    switch (cmd) {
      case 'node-up': return { kind: 'node-up', node: nodeName(a0) };
      case 'node-down': return { kind: 'node-down', node: nodeName(a0) };
      case 'node-fenced': return { kind: 'node-fenced', node: nodeName(a0) };
      case 'fence-failed': return { kind: 'fence-failed', node: nodeName(a0) };
      case 'zone-up': return { kind: 'zone-up', target: a0 };
      case 'zone-down': return { kind: 'zone-down', target: a0 };
      case 'monitor-failed': return { kind: 'monitor-failed', resource: resourceName(a0), target: need(args[1], 'monitor-failed RESOURCE TARGET'), ...(args[2] === 'monitor-died' ? { cause: 'monitor-died' as const } : {}) };
      case 'setstatus': return { kind: 'setstatus', resource: resourceName(a0), target: need(args[1], 'target'), status: need(args[2], 'status') as never, ...(args.length > 3 ? { message: args.slice(3).join(' ') } : {}) };
      case 'properties-changed': return { kind: 'properties-changed', resources: args.map(resourceName) };
      case 'scha': {
        const [id, tag, resource, target] = args;
        const group = args[4] !== undefined ? groupName(args[4]) : this.config?.resources.find((r) => r.name === resource)?.group ?? groupName('unknown');
        return { kind: 'scha-control', requestId: need(id, 'id'), tag: need(tag, 'tag') as SchaControlTag, resource: resourceName(need(resource, 'resource')), group, target: need(target, 'target') };
      }
      case 'admin': return { kind: 'admin', request: this.admin(a0, args.slice(1)) };
      case 'result': {
        // A raw method result, in flight or not: `result ACTION RESOURCE TARGET METHOD ok|fail`.
        const [, resource, target, method, how] = args;
        return { kind: 'method-result', actionId: a0, resource: resourceName(need(resource, 'resource')), target: need(target, 'target'), method: need(method, 'method') as MethodName, execution: 'done', exitCode: how === 'ok' ? 0 : 1 };
      }
      default: throw new ScenarioError(`unknown command "${cmd}"`);
    }
  }

  private admin(request: string, args: readonly string[]): AdminRequest {
    const name = need(args[0], `admin ${request} NAME`);
    const targets: TargetKey[] | undefined = args[1] !== undefined && !args[1].includes('=') ? args[1].split(',') : undefined;
    const isResource = this.config?.resources.some((r) => r.name === name) ?? false;
    const withTargets = <T extends object>(o: T): T & { targets?: readonly TargetKey[] } => (targets ? { ...o, targets } : o);
    switch (request) {
      case 'online': return withTargets({ request, group: groupName(name) });
      case 'offline': return withTargets({ request, group: groupName(name) });
      case 'switch': return { request, group: groupName(name), targets: targets ?? [] };
      case 'restart': return isResource ? withTargets({ request, resource: resourceName(name) }) : withTargets({ request, group: groupName(name) });
      case 'clear': return isResource ? withTargets({ request, resource: resourceName(name) }) : withTargets({ request, group: groupName(name) });
      case 'suspend': case 'resume': return { request, group: groupName(name) };
      case 'shutdown': return { request, node: nodeName(name) };
      case 'evacuate': {
        const forArg = args.find((x) => x.startsWith('for='));
        return { request, node: nodeName(name), ...(forArg ? { untilMs: this.now + durationMs(forArg.slice(4)) } : {}) };
      }
      default: throw new ScenarioError(`unknown admin request "${request}"`);
    }
  }

  private decideAndIssue(): string[] {
    const config = this.config as ClusterConfig;
    const status = this.status as ClusterStatus;
    const d = decide({ config, status, now: this.now });
    this.decisions.push({ config, status, now: this.now, decision: d });
    this.status = reduce(config, status, { kind: 'actions-issued', actions: d.actions }, this.now);
    return printDecision(d);
  }

  private auto(): string[] {
    const sim = simulate(this.config as ClusterConfig, this.status as ClusterStatus, [], this.now, {
      outcome: (a) => this.takeInjected(a),
      onDecision: (input, decision) => this.decisions.push({ ...input, decision }),
    });
    const out: string[] = [];
    for (const e of sim.transcript) {
      if (e.kind === 'decision') {
        for (const a of e.actions) out.push(formatAction(a));
        for (const r of e.reasons) out.push(formatReason(r));
      } else if (e.kind === 'result' && e.text !== 'exit 0' && !e.text.endsWith('fenced')) {
        out.push(`  ${e.actionId} → ${e.text}`);
      }
    }
    this.status = sim.status;
    if (!sim.quiescent) out.push('(not quiet after the round limit)');
    out.push('-- quiet');
    for (const r of sim.finalReasons) out.push(formatReason(r));
    return out;
  }

  private takeInjected(a: Extract<Action, { kind: 'run-method' }>): MethodOutcome | undefined {
    const i = this.injected.findIndex((x) => x.resource === a.resource && x.method === a.method && (x.target === undefined || x.target === a.target));
    if (i < 0) return undefined;
    const [inj] = this.injected.splice(i, 1);
    return inj?.outcome;
  }

  private whatIf(text: string): string[] {
    const steps = parseWhatIf(text);
    if (!steps.ok) return steps.errors.map((e) => `error: ${e.message}`);
    const sim = simulate(this.config as ClusterConfig, this.status as ClusterStatus, steps.value, this.now, {
      onDecision: (input, decision) => this.decisions.push({ ...input, decision }),
    });
    const out: string[] = [];
    for (const e of sim.transcript) {
      if (e.kind === 'event' || e.kind === 'note') out.push(`> ${e.text}`);
      else if (e.kind === 'decision') { for (const a of e.actions) out.push(formatAction(a)); for (const r of e.reasons) out.push(formatReason(r)); }
      else if (e.text !== 'exit 0' && !e.text.endsWith('fenced')) out.push(`  ${e.actionId} → ${e.text}`);
    }
    out.push('-- quiet');
    for (const r of sim.finalReasons) out.push(formatReason(r));
    return out;
  }

  private state(): string[] {
    const config = this.config as ClusterConfig;
    const status = this.status as ClusterStatus;
    const out: string[] = [];
    const nodes = config.nodes.map((n) => {
      const m = status.nodes[n.name];
      const flags = [m?.fenced ? 'fenced' : '', m?.evacuatingUntilMs !== undefined && m.evacuatingUntilMs > this.now ? 'evacuating' : '', m?.shuttingDown ? 'shutting-down' : ''].filter((x) => x !== '');
      return `${n.name}=${m?.state ?? 'DOWN'}${flags.length > 0 ? `(${flags.join(',')})` : ''}`;
    });
    out.push(`nodes: ${nodes.join(' ')}`);
    const groups = deriveGroupStates(config, status, this.now);
    for (const g of config.groups) {
      const row = groups[g.name] ?? {};
      out.push(`group ${g.name}: ${Object.entries(row).map(([t, s]) => `${t}=${s}`).join(' ')}`);
    }
    for (const r of config.resources) {
      const entries = Object.entries(status.resources[r.name]?.targets ?? {}).filter(([, e]) => e.state !== 'OFFLINE' || e.inFlight);
      if (entries.length === 0) continue;
      out.push(`  ${r.name}: ${entries.sort(([a], [b]) => (a < b ? -1 : 1)).map(([t, e]) => `${t}=${e.state}${e.status !== 'OK' && e.status !== 'OFFLINE' ? `/${e.status}` : ''}${e.inFlight ? `(${e.inFlight.method}…)` : ''}`).join(' ')}`);
    }
    return out;
  }
}

function printDecision(d: Decision): string[] {
  const out = d.actions.map(formatAction);
  for (const r of d.reasons) out.push(formatReason(r));
  if (d.nextWakeAtMs !== undefined) out.push(`next wake at t=${Math.round(d.nextWakeAtMs / 1000)}s`);
  return out.length > 0 ? out : ['(no actions)'];
}

function need(x: string | undefined, what: string): string {
  if (x === undefined || x === '') throw new ScenarioError(`missing argument: ${what}`);
  return x;
}
