import { actionId, type Action, type DecideInput, type Decision } from './actions.js';
import { Analysis } from './analysis.js';
import { buildIndex, timeoutOf } from './cluster-index.js';
import { fencingActions } from './fencing.js';
import { lifecycleActions, lifecycleWait } from './lifecycle.js';
import { Collector, type Proposal } from './proposal.js';
import { resolvePending } from './recovery.js';
import { entryTargets } from './runtime.js';
import { scriptActions, scriptWait } from './scripts.js';
import { nextStep } from './steps.js';
import { zoneArgs } from './zone-args.js';

/**
 * Given the whole current state, the actions that can be issued now, with reasons (pure,
 * deterministic). Level-triggered and stepwise: at most one method per resource and target, nothing
 * where a method is in flight; calling it again on the same input gives the same output, and once
 * the actions are folded back with `actions-issued` they are not proposed again.
 *
 * Order of concerns in one pass: pending scha_control requests and failures (their groups are
 * frozen for the pass), fencing, RMS scripts, Init/Boot/Fini, then the method steps of every
 * resource against the placement of its group.
 */
export function decide(input: DecideInput): Decision {
  const a = analyse(input);
  const out = new Collector();
  const frozen = resolvePending(a, out);
  fencingActions(a, out);
  scriptActions(a, out, frozen);
  lifecycleActions(a, out, frozen);
  resourceSteps(a, out, frozen);
  groupNotes(a, out, frozen);
  const wake = nextWakeAtMs(a);
  const actions = number(input.status.seq, out.proposals);
  return wake === undefined ? { actions, reasons: out.reasons } : { actions, reasons: out.reasons, nextWakeAtMs: wake };
}

/** The shared reading of one input (placement and predicates); also used by the views. */
export function analyse(input: DecideInput): Analysis {
  return new Analysis(buildIndex(input.config, input.status, input.now));
}

function resourceSteps(a: Analysis, out: Collector, frozen: ReadonlySet<string>): void {
  for (const ri of a.ix.resourceList) {
    const gi = ri.group;
    if (frozen.has(gi.name) || !gi.g.managed) continue;
    const p = a.placement(gi);
    const entries = entryTargets(a.ix, ri);
    const targets = ri.r.enabled && p.masters.some((t) => !entries.includes(t)) ? [...entries, ...p.masters.filter((t) => !entries.includes(t))] : entries;
    for (const t of targets) {
      const step = nextStep(a, ri, t, lifecycleWait(a, ri, t), (dir) => scriptWait(a, gi, t, dir));
      if (step.kind === 'run') {
        const args = zoneArgs(ri, t);
        out.add({
          kind: 'run-method', resource: ri.name, group: gi.name, type: ri.type.type.name, target: t, method: step.method,
          purpose: step.purpose, timeoutS: timeoutOf(ri, step.method), reason: step.reason, ...(args ? { args } : {}),
        });
      } else if (step.kind === 'wait' && (step.wait.blocked || step.wait.crossGroup)) {
        out.note(step.wait.why.startsWith(`${gi.name} `) ? `group ${gi.name}` : `resource ${ri.name} on ${t}`, step.wait.why);
      }
    }
  }
}

function groupNotes(a: Analysis, out: Collector, frozen: ReadonlySet<string>): void {
  for (const gi of a.ix.groupList) {
    const subject = `group ${gi.name}`;
    for (const problem of gi.problems) out.note(subject, problem);
    for (const ri of gi.resources) for (const b of ri.badDeps) out.note(`resource ${ri.name}`, `${b.text} is ignored: ${b.why}`);
    if (frozen.has(gi.name)) continue;
    const p = a.placement(gi);
    if (!gi.g.managed) {
      if (p.occ.targets.length > 0) out.note(subject, `${gi.name} is unmanaged: its resources on ${p.occ.targets.join(', ')} are left alone`);
      continue;
    }
    for (const t of p.occ.restarting) {
      if (p.masters.includes(t) || p.occ.targets.includes(t)) continue;
      out.add({ kind: 'recover', incident: `restart:${gi.name}:${t}`, group: gi.name, effects: [{ kind: 'end-restart', group: gi.name, target: t }], reason: `the restart of ${gi.name} on ${t} is abandoned: it is no longer wanted there` });
    }
    if (p.requestRefused !== undefined) {
      out.add({ kind: 'recover', incident: `request:${gi.name}`, group: gi.name, effects: [{ kind: 'drop-request', group: gi.name }], reason: p.requestRefused });
    }
    if (p.shortfall !== undefined) out.note(subject, p.shortfall);
    if (p.idle !== undefined) out.note(subject, p.idle);
  }
}

/** When time alone changes the decision: an evacuation ends, a Pingpong_interval expires for a group short of masters. */
function nextWakeAtMs(a: Analysis): number | undefined {
  const now = a.ix.now;
  let wake = Infinity;
  for (const m of Object.values(a.ix.status.nodes)) if (m.evacuatingUntilMs !== undefined && m.evacuatingUntilMs > now) wake = Math.min(wake, m.evacuatingUntilMs);
  for (const gi of a.ix.groupList) {
    const p = a.placement(gi);
    if (!p.wanted || (p.masters.length >= gi.wantedCount && !gi.failback)) continue;
    for (const f of a.ix.status.groups[gi.name]?.failures ?? []) {
      const until = f.atMs + gi.pingpongMs;
      if (f.cause === 'start-failed' && until > now) wake = Math.min(wake, until);
    }
  }
  return Number.isFinite(wake) ? wake : undefined;
}

const KIND_RANK: Readonly<Record<Action['kind'], number>> = { reply: 0, recover: 1, 'fence-node': 2, 'run-script': 3, 'run-method': 4 };

function sortKey(p: Proposal): string {
  switch (p.kind) {
    case 'reply': return p.requestId;
    case 'recover': return `${p.group}\u0000${p.incident}`;
    case 'fence-node': return p.node;
    case 'run-script': return `${p.target}\u0000${p.group}\u0000${p.script}`;
    case 'run-method': return `${p.target}\u0000${p.group}\u0000${p.resource}\u0000${p.method}`;
  }
}

/** Sorts proposals deterministically and numbers them from the status sequence number. */
function number(seq: number, proposals: readonly Proposal[]): Action[] {
  const keyed = proposals.map((p) => ({ p, rank: KIND_RANK[p.kind], key: sortKey(p) }));
  keyed.sort((x, y) => x.rank - y.rank || (x.key < y.key ? -1 : x.key > y.key ? 1 : 0));
  return keyed.map(({ p }, i) => ({ ...p, id: actionId(seq + i) }) as Action);
}
