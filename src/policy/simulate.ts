import type { ClusterConfig, ClusterStatus, MethodName, NodeName, ResourceName, SchaControlTag, TargetKey } from '../model/index.js';
import { actionNumber, type Action, type Decision, type Reason } from './actions.js';
import { groupName, nodeName, resourceName, typeName } from '../model/index.js';
import { decide } from './decide.js';
import type { Execution, PolicyEvent } from './events.js';
import { reduce } from './reduce.js';
import { describeResult } from './reduce-results.js';
import { isUpState } from './runtime.js';

export interface MethodOutcome {
  readonly execution: Execution;
  readonly exitCode?: number;
  readonly message?: string;
}

type RunMethod = Extract<Action, { kind: 'run-method' }>;

/**
 * One step of a simulation: a fact, time passing, an injected method outcome (used by the next
 * matching method call), a monitor failure wherever the resource runs, a scha_control request from
 * wherever it runs, an evacuation for a duration, or a configuration switch flipped.
 */
export type SimStep =
  | { readonly kind: 'event'; readonly event: PolicyEvent }
  | { readonly kind: 'advance'; readonly byMs: number }
  | { readonly kind: 'inject'; readonly resource: ResourceName; readonly target?: TargetKey; readonly method: MethodName; readonly outcome: MethodOutcome; readonly times?: number }
  | { readonly kind: 'monitor-fails'; readonly resource: ResourceName; readonly target?: TargetKey }
  | { readonly kind: 'scha'; readonly tag: SchaControlTag; readonly resource: ResourceName; readonly target?: TargetKey }
  | { readonly kind: 'evacuate'; readonly node: NodeName; readonly forMs?: number }
  | { readonly kind: 'config'; readonly change: 'enable' | 'disable' | 'monitor' | 'unmonitor' | 'manage' | 'unmanage'; readonly name: string };

export interface SimulateOptions {
  /** Outcome of each method call; undefined means success (done, exit 0). Injected outcomes come first. */
  readonly outcome?: (action: RunMethod) => MethodOutcome | undefined;
  /** Stop after this many decide rounds without reaching quiet (default 1000). */
  readonly maxRounds?: number;
  /** Called with every decision and its input (for checks and tracing). */
  readonly onDecision?: (input: { readonly config: ClusterConfig; readonly status: ClusterStatus; readonly now: number }, decision: Decision) => void;
}

export type TranscriptEntry =
  | { readonly kind: 'event'; readonly atMs: number; readonly text: string }
  | { readonly kind: 'decision'; readonly atMs: number; readonly actions: readonly Action[]; readonly reasons: readonly Reason[] }
  | { readonly kind: 'result'; readonly atMs: number; readonly actionId: string; readonly text: string }
  | { readonly kind: 'note'; readonly atMs: number; readonly text: string };

export interface SimulationResult {
  readonly config: ClusterConfig;
  readonly status: ClusterStatus;
  readonly now: number;
  readonly transcript: readonly TranscriptEntry[];
  /** False when maxRounds ran out before decide had nothing left to do. */
  readonly quiescent: boolean;
  /** Reasons of the last (quiet) decision: why nothing more happens. */
  readonly finalReasons: readonly Reason[];
}

/**
 * Runs reduce/decide to quiescence (no action left to issue) from `status`, then after each step
 * again, assuming every method, script and fence succeeds unless told otherwise. Time moves only
 * through `advance` steps. Pure: the same input gives the same transcript (`ferry simulate`).
 */
export function simulate(
  config: ClusterConfig, status: ClusterStatus, steps: readonly (SimStep | PolicyEvent)[], now: number, options: SimulateOptions = {},
): SimulationResult {
  const sim = new Simulation(config, status, now, options);
  sim.quiesce();
  for (const step of steps) {
    sim.step('kind' in step && isSimStep(step) ? step : { kind: 'event', event: step as PolicyEvent });
    sim.quiesce();
  }
  return sim.result();
}

const SIM_KINDS = new Set(['event', 'advance', 'inject', 'monitor-fails', 'scha', 'evacuate', 'config']);
const isSimStep = (s: SimStep | PolicyEvent): s is SimStep => SIM_KINDS.has(s.kind);

interface Injection { readonly resource: string; readonly target?: string; readonly method: MethodName; readonly outcome: MethodOutcome; left: number }

class Simulation {
  private readonly transcript: TranscriptEntry[] = [];
  private readonly injections: Injection[] = [];
  private quiet = true;
  private lastReasons: readonly Reason[] = [];
  private requestNo = 0;

  constructor(private config: ClusterConfig, private status: ClusterStatus, private now: number, private readonly options: SimulateOptions) {}

  result(): SimulationResult {
    return { config: this.config, status: this.status, now: this.now, transcript: this.transcript, quiescent: this.quiet, finalReasons: this.lastReasons };
  }

  private log(text: string): void {
    this.transcript.push({ kind: 'event', atMs: this.now, text });
  }

  private fold(event: PolicyEvent): void {
    this.status = reduce(this.config, this.status, event, this.now);
  }

  step(s: SimStep): void {
    switch (s.kind) {
      case 'event': this.log(describeEvent(s.event)); this.fold(s.event); return;
      case 'advance': this.now += s.byMs; this.log(`time passes ${Math.round(s.byMs / 1000)}s`); return;
      case 'inject':
        this.injections.push({ resource: s.resource, ...(s.target !== undefined ? { target: s.target } : {}), method: s.method, outcome: s.outcome, left: s.times ?? 1 });
        this.log(`the next ${s.method} of ${s.resource}${s.target ? ` on ${s.target}` : ''} will end with ${describeResult(s.outcome)}`);
        return;
      case 'monitor-fails': {
        const t = s.target ?? this.whereUp(s.resource);
        if (t === undefined) { this.transcript.push({ kind: 'note', atMs: this.now, text: `${s.resource} is not online anywhere: its monitor has nothing to report` }); return; }
        const event: PolicyEvent = { kind: 'monitor-failed', resource: s.resource, target: t, message: 'simulated monitor failure' };
        this.log(describeEvent(event));
        this.fold(event);
        return;
      }
      case 'scha': {
        const t = s.target ?? this.whereUp(s.resource);
        const group = this.config.resources.find((r) => r.name === s.resource)?.group;
        if (t === undefined || group === undefined) { this.transcript.push({ kind: 'note', atMs: this.now, text: `${s.resource} is not online anywhere: no scha_control ${s.tag}` }); return; }
        const event: PolicyEvent = { kind: 'scha-control', requestId: `sim${++this.requestNo}`, tag: s.tag, resource: s.resource, group, target: t };
        this.log(describeEvent(event));
        this.fold(event);
        return;
      }
      case 'evacuate': {
        const event: PolicyEvent = { kind: 'admin', request: { request: 'evacuate', node: s.node, untilMs: this.now + (s.forMs ?? 60_000) } };
        this.log(describeEvent(event));
        this.fold(event);
        return;
      }
      case 'config': this.config = applyConfigSwitch(this.config, s.change, s.name); this.log(`configuration: ${s.change} ${s.name}`); return;
    }
  }

  private whereUp(resource: string): TargetKey | undefined {
    const targets = this.status.resources[resource]?.targets ?? {};
    return Object.keys(targets).sort().find((t) => isUpState(targets[t]?.state ?? 'OFFLINE'));
  }

  quiesce(): void {
    this.completeInFlight();
    const max = this.options.maxRounds ?? 1000;
    for (let round = 0; round < max; round++) {
      const input = { config: this.config, status: this.status, now: this.now };
      const d = decide(input);
      this.options.onDecision?.(input, d);
      if (d.actions.length === 0) { this.quiet = true; this.lastReasons = d.reasons; return; }
      this.transcript.push({ kind: 'decision', atMs: this.now, actions: d.actions, reasons: d.reasons });
      this.fold({ kind: 'actions-issued', actions: d.actions });
      for (const a of d.actions) this.complete(a);
    }
    this.quiet = false;
  }

  /** Methods, scripts and fences already in flight in the starting status end (successfully unless injected). */
  private completeInFlight(): void {
    const pending: Action[] = [];
    for (const [resource, rr] of Object.entries(this.status.resources)) {
      for (const [target, e] of Object.entries(rr.targets)) {
        if (!e.inFlight) continue;
        const r = this.config.resources.find((x) => x.name === resource);
        pending.push({ kind: 'run-method', id: e.inFlight.actionId, resource: resourceName(resource), group: r?.group ?? groupName(''), type: r?.type ?? typeName(''), target, method: e.inFlight.method, purpose: e.inFlight.purpose, timeoutS: 0, reason: 'in flight' });
      }
    }
    for (const [group, g] of Object.entries(this.status.groups)) {
      for (const [target, pass] of Object.entries(g.scripts ?? {})) {
        if (pass.inFlight) pending.push({ kind: 'run-script', id: pass.inFlight.actionId, group: groupName(group), target, script: pass.inFlight.script, command: '', timeoutS: 0, reason: 'in flight' });
      }
    }
    for (const [node, m] of Object.entries(this.status.nodes)) {
      if (m.fencing) pending.push({ kind: 'fence-node', id: m.fencing.actionId, node: nodeName(node), reason: 'in flight' });
    }
    pending.sort((x, y) => actionNumber(x.id) - actionNumber(y.id));
    for (const a of pending) this.complete(a);
  }

  private complete(a: Action): void {
    switch (a.kind) {
      case 'run-method': {
        const outcome = this.outcomeOf(a);
        this.transcript.push({ kind: 'result', atMs: this.now, actionId: a.id, text: describeResult(outcome) });
        this.fold({ kind: 'method-result', actionId: a.id, resource: a.resource, target: a.target, method: a.method, ...outcome });
        return;
      }
      case 'run-script':
        this.transcript.push({ kind: 'result', atMs: this.now, actionId: a.id, text: 'exit 0' });
        this.fold({ kind: 'script-result', actionId: a.id, group: a.group, target: a.target, script: a.script, execution: 'done', exitCode: 0 });
        return;
      case 'fence-node':
        this.transcript.push({ kind: 'result', atMs: this.now, actionId: a.id, text: `${a.node} fenced` });
        this.fold({ kind: 'node-fenced', node: a.node });
        return;
      case 'reply': case 'recover':
        return;
    }
  }

  private outcomeOf(a: RunMethod): MethodOutcome {
    const inj = this.injections.find((i) => i.left > 0 && i.resource === a.resource && i.method === a.method && (i.target === undefined || i.target === a.target));
    if (inj) { inj.left--; return inj.outcome; }
    return this.options.outcome?.(a) ?? { execution: 'done', exitCode: 0 };
  }
}

/** Flips an on/off configuration switch (the lead applies these as config changes; the simulator does it itself). */
export function applyConfigSwitch(config: ClusterConfig, change: Extract<SimStep, { kind: 'config' }>['change'], name: string): ClusterConfig {
  const generation = config.generation + 1;
  switch (change) {
    case 'enable': case 'disable':
      return { ...config, generation, resources: config.resources.map((r) => (r.name === name ? { ...r, enabled: change === 'enable' } : r)) };
    case 'monitor': case 'unmonitor':
      return { ...config, generation, resources: config.resources.map((r) => (r.name === name ? { ...r, monitored: change === 'monitor' } : r)) };
    case 'manage': case 'unmanage':
      return { ...config, generation, groups: config.groups.map((g) => (g.name === name ? { ...g, managed: change === 'manage' } : g)) };
  }
}

/** One line for an event, for transcripts. */
export function describeEvent(e: PolicyEvent): string {
  switch (e.kind) {
    case 'node-up': return `node ${e.node} joins`;
    case 'node-down': return `node ${e.node} dies`;
    case 'node-fenced': return `node ${e.node} is fenced`;
    case 'fence-failed': return `fencing ${e.node} failed`;
    case 'zone-up': return `zone ${e.target} comes up`;
    case 'zone-down': return `zone ${e.target} goes down`;
    case 'method-result': return `${e.actionId} ${e.method} ${e.resource} on ${e.target}: ${describeResult(e)}`;
    case 'script-result': return `${e.actionId} ${e.script} ${e.group} on ${e.target}: ${describeResult(e)}`;
    case 'monitor-failed': return `${e.resource} fails on ${e.target}${e.cause === 'monitor-died' ? ' (its monitor died)' : ''}`;
    case 'scha-control': return `scha_control ${e.tag} by ${e.resource} on ${e.target} (request ${e.requestId})`;
    case 'setstatus': return `${e.resource} on ${e.target} reports ${e.status}${e.message ? `: ${e.message}` : ''}`;
    case 'properties-changed': return `properties of ${e.resources.join(', ')} changed`;
    case 'actions-issued': return `${e.actions.length} actions issued`;
    case 'admin': {
      const r = e.request;
      const what = 'group' in r ? r.group : 'resource' in r ? r.resource : r.node;
      const targets = 'targets' in r && r.targets && r.targets.length > 0 ? ` ${r.targets.join(',')}` : '';
      const until = r.request === 'evacuate' && r.untilMs !== undefined ? ` until t=${Math.round(r.untilMs / 1000)}s` : '';
      return `admin ${r.request} ${what}${targets}${until}`;
    }
  }
}
