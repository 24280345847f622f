import type { MethodName, Problem, Result, SchaControlTag } from '../model/index.js';
import { fail, groupName, nodeName, ok, problem, resourceName } from '../model/index.js';
import type { SimStep } from './simulate.js';

/** The phrases `ferry simulate --what-if` understands (one per line, or joined by `;` or ` then `). */
export const WHAT_IF_PHRASES: readonly string[] = [
  'node n1 dies', 'node n1 comes back', 'node n1 is fenced',
  'zone n1:z1 goes down', 'zone n1:z1 comes up',
  'resource r fails its monitor [on n1]', 'resource r fails to start on n1', 'resource r fails to stop on n2', 'resource r times out stopping on n2',
  'resource r asks for GIVEOVER|RESTART|RESOURCE_RESTART|CHECK_GIVEOVER|CHECK_RESTART [on n1]',
  'time passes 10m', 'switch g to n2', 'bring g online [on n1]', 'take g offline', 'restart g', 'evacuate n1 [for 5m]',
  'clear r', 'disable r', 'enable r', 'unmonitor r', 'monitor r', 'unmanage g', 'manage g', 'suspend g', 'resume g',
];

const NAME = '([A-Za-z][A-Za-z0-9_-]*)';
const TARGET = '([A-Za-z][A-Za-z0-9_-]*(?::[A-Za-z][A-Za-z0-9_-]*)?)';
const TAGS = ['GIVEOVER', 'RESTART', 'RESOURCE_RESTART', 'CHECK_GIVEOVER', 'CHECK_RESTART', 'RESOURCE_IS_RESTARTED'];

type Rule = readonly [RegExp, (m: RegExpExecArray) => SimStep | string];

const admin = (request: never): SimStep => ({ kind: 'event', event: { kind: 'admin', request } });
const g = (m: RegExpExecArray, i: number): string => m[i] ?? '';

const RULES: readonly Rule[] = [
  [re(`node ${NAME} (?:dies|fails|crashes|goes down)`), (m) => ({ kind: 'event', event: { kind: 'node-down', node: nodeName(g(m, 1)) } })],
  [re(`node ${NAME} (?:comes back|comes up|joins|boots|rejoins)`), (m) => ({ kind: 'event', event: { kind: 'node-up', node: nodeName(g(m, 1)) } })],
  [re(`node ${NAME} is fenced`), (m) => ({ kind: 'event', event: { kind: 'node-fenced', node: nodeName(g(m, 1)) } })],
  [re(`zone ${TARGET} goes down`), (m) => ({ kind: 'event', event: { kind: 'zone-down', target: g(m, 1) } })],
  [re(`zone ${TARGET} comes up`), (m) => ({ kind: 'event', event: { kind: 'zone-up', target: g(m, 1) } })],
  [re(`resource ${NAME} fails its monitor(?: on ${TARGET})?`), (m) => withTarget({ kind: 'monitor-fails', resource: resourceName(g(m, 1)) }, m[2])],
  [re(`resource ${NAME} fails to (start|stop|prenet_start|postnet_stop|monitor_check)(?: on ${TARGET})?`), (m) => inject(g(m, 1), g(m, 2), m[3], { execution: 'done', exitCode: 1 })],
  [re(`resource ${NAME} times out (starting|stopping)(?: on ${TARGET})?`), (m) => inject(g(m, 1), g(m, 2) === 'starting' ? 'start' : 'stop', m[3], { execution: 'timeout' })],
  [re(`resource ${NAME} asks for ([A-Za-z_]+)(?: on ${TARGET})?`), (m) => {
    const tag = g(m, 2).toUpperCase();
    if (!TAGS.includes(tag)) return `unknown scha_control tag ${g(m, 2)} (expected ${TAGS.join(', ')})`;
    return withTarget({ kind: 'scha', tag: tag as SchaControlTag, resource: resourceName(g(m, 1)) }, m[3]);
  }],
  [re(`time passes ([0-9]+(?:\\.[0-9]+)?\\s*[a-z]*)`), (m) => { const ms = parseDurationMs(g(m, 1)); return typeof ms === 'string' ? ms : { kind: 'advance', byMs: ms }; }],
  [re(`switch ${NAME} to ${TARGET}((?:,${TARGET})*)`), (m) => admin({ request: 'switch', group: groupName(g(m, 1)), targets: `${g(m, 2)}${g(m, 3)}`.split(',') } as never)],
  [re(`bring ${NAME} online(?: on ${TARGET})?`), (m) => admin({ request: 'online', group: groupName(g(m, 1)), ...(m[2] ? { targets: [m[2]] } : {}) } as never)],
  [re(`take ${NAME} offline`), (m) => admin({ request: 'offline', group: groupName(g(m, 1)) } as never)],
  [re(`restart ${NAME}`), (m) => admin({ request: 'restart', group: groupName(g(m, 1)) } as never)],
  [re(`evacuate ${NAME}(?: for ([0-9]+\\s*[a-z]*))?`), (m) => {
    if (!m[2]) return { kind: 'evacuate', node: nodeName(g(m, 1)) };
    const ms = parseDurationMs(m[2]);
    return typeof ms === 'string' ? ms : { kind: 'evacuate', node: nodeName(g(m, 1)), forMs: ms };
  }],
  [re(`clear ${NAME}`), (m) => admin({ request: 'clear', resource: resourceName(g(m, 1)) } as never)],
  [re(`(suspend|resume) ${NAME}`), (m) => admin({ request: g(m, 1).toLowerCase(), group: groupName(g(m, 2)) } as never)],
  [re(`(enable|disable|monitor|unmonitor|manage|unmanage) ${NAME}`), (m) => ({ kind: 'config', change: g(m, 1).toLowerCase() as 'enable', name: g(m, 2) })],
];

function re(body: string): RegExp {
  return new RegExp(`^${body}$`, 'i');
}

function withTarget<T extends SimStep>(step: T, target: string | undefined): T {
  return target === undefined ? step : { ...step, target };
}

function inject(resource: string, verb: string, target: string | undefined, outcome: { execution: 'done' | 'timeout'; exitCode?: number }): SimStep {
  const methods: Record<string, MethodName> = { start: 'Start', stop: 'Stop', prenet_start: 'Prenet_start', postnet_stop: 'Postnet_stop', monitor_check: 'Monitor_check' };
  const method = methods[verb.toLowerCase()] ?? 'Start';
  return withTarget({ kind: 'inject', resource: resourceName(resource), method, outcome }, target);
}

/** `10m`, `90s`, `2h`, `500ms`, `30` (seconds). */
export function parseDurationMs(text: string): number | string {
  const m = /^([0-9]+(?:\.[0-9]+)?)\s*(ms|s|sec|secs|seconds?|m|min|mins|minutes?|h|hours?)?$/i.exec(text.trim());
  if (!m || m[1] === undefined) return `"${text}" is not a duration (try 90s, 10m, 2h)`;
  const n = Number(m[1]);
  const unit = (m[2] ?? 's').toLowerCase();
  const factor = unit === 'ms' ? 1 : unit.startsWith('h') ? 3_600_000 : unit.startsWith('m') ? 60_000 : 1000;
  return Math.round(n * factor);
}

/**
 * Parses what-if phrases ("node n1 dies; time passes 10m; resource r fails its monitor") into
 * simulation steps. Every phrase that is not understood is reported, with the accepted forms.
 */
export function parseWhatIf(text: string): Result<SimStep[]> {
  const phrases = text.split(/\n|;|\bthen\b/i).map((p) => p.trim().replace(/\.$/, '').replace(/\s+/g, ' ')).filter((p) => p !== '');
  if (phrases.length === 0) return fail(problem('invalid-value', 'what-if', `nothing to simulate; try: ${WHAT_IF_PHRASES.slice(0, 4).join(', ')}`));
  const steps: SimStep[] = [];
  const errors: Problem[] = [];
  for (const phrase of phrases) {
    let matched = false;
    for (const [pattern, build] of RULES) {
      const m = pattern.exec(phrase);
      if (!m) continue;
      matched = true;
      const step = build(m);
      if (typeof step === 'string') errors.push(problem('invalid-value', `what-if "${phrase}"`, step));
      else steps.push(step);
      break;
    }
    if (!matched) {
      const first = !errors.some((e) => e.message.includes('accepted:'));
      errors.push(problem('invalid-value', `what-if "${phrase}"`, `"${phrase}" is not understood${first ? `; accepted: ${WHAT_IF_PHRASES.join('; ')}` : ''}`));
    }
  }
  return errors.length > 0 ? fail(...errors) : ok(steps);
}
