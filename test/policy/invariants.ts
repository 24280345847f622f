// Safety rules every decision must keep, checked on every decision of the scenarios and of the
// property tests. Dependency edges come from the policy's own index (their parsing has unit tests);
// the states are read straight from the status.
import { isDeepStrictEqual } from 'node:util';
import type { ClusterConfig, ClusterStatus, ResourceState } from '../../src/model/index.js';
import { parseNodeTarget } from '../../src/model/index.js';
import type { Decision } from '../../src/policy/index.js';
import { decide, reduce } from '../../src/policy/index.js';
import { buildIndex } from '../../src/policy/cluster-index.js';

const UP: readonly ResourceState[] = ['ONLINE', 'ONLINE_NOT_MONITORED', 'MONITOR_FAILED'];

export interface Checked {
  readonly config: ClusterConfig;
  readonly status: ClusterStatus;
  readonly now: number;
  readonly decision: Decision;
}

type Rule = (c: Checked) => string[];

/** Ids are a1, a2, … from the status sequence number, and no resource gets two actions on one target. */
export const idsAndSteps: Rule = ({ status, decision }) => {
  const out: string[] = [];
  const seen = new Set<string>();
  decision.actions.forEach((a, i) => {
    if (a.id !== `a${status.seq + i}`) out.push(`action ${i} has id ${a.id}, expected a${status.seq + i}`);
    if (a.kind !== 'run-method') return;
    const key = `${a.resource}@${a.target}`;
    if (seen.has(key)) out.push(`two actions for ${key} in one decision`);
    seen.add(key);
  });
  return out;
};

/** Never an action for a resource on a target where one is in flight. */
export const nothingOverInFlight: Rule = ({ status, decision }) => decision.actions.flatMap((a) => {
  if (a.kind !== 'run-method') return [];
  const e = status.resources[a.resource]?.targets[a.target];
  return e?.inFlight ? [`${a.id} ${a.method} ${a.resource}@${a.target} while ${e.inFlight.actionId} ${e.inFlight.method} is in flight`] : [];
});

/** Start only when every strong, restart and offline-restart dependee is online within its scope. */
export const strongDependenciesFirst: Rule = ({ config, status, now, decision }) => {
  const ix = buildIndex(config, status, now);
  return decision.actions.flatMap((a) => {
    if (a.kind !== 'run-method' || a.method !== 'Start') return [];
    const ri = ix.resources.get(a.resource);
    if (!ri) return [`${a.id} names unknown resource ${a.resource}`];
    return ri.deps.flatMap((d) => {
      if (d.flavour === 'weak') return [];
      const ok = Object.entries(status.resources[d.to.name]?.targets ?? {}).some(([u, x]) =>
        UP.includes(x.state) && (d.scope === 'local' ? u === a.target : d.scope === 'any' ? true : parseNodeTarget(u).node === d.scope.node));
      return ok ? [] : [`${a.id} starts ${a.resource} on ${a.target} before ${d.to.name} is online (${d.text})`];
    });
  });
};

/** A failover group with a STOP_FAILED resource on one target (its node not fenced) never starts on another. */
export const stopFailedBlocks: Rule = ({ config, status, now, decision }) => {
  const ix = buildIndex(config, status, now);
  return decision.actions.flatMap((a) => {
    if (a.kind !== 'run-method' || (a.method !== 'Start' && a.method !== 'Prenet_start')) return [];
    const gi = ix.groups.get(a.group);
    if (!gi?.failover) return [];
    return gi.resources.flatMap((r) => Object.entries(status.resources[r.name]?.targets ?? {})
      .filter(([u, x]) => u !== a.target && x.state === 'STOP_FAILED' && status.nodes[parseNodeTarget(u).node]?.fenced !== true)
      .map(([u]) => `${a.id} starts ${gi.name} on ${a.target} while ${r.name} is STOP_FAILED on ${u}`));
  });
};

/** After the actions are issued, a failover group is anything but OFFLINE on at most one target. */
export const failoverOnOneTarget: Rule = ({ config, status, now, decision }) => {
  const ix = buildIndex(config, status, now);
  const after = reduce(config, status, { kind: 'actions-issued', actions: decision.actions }, now);
  return ix.groupList.flatMap((gi) => {
    if (!gi.failover) return [];
    const occupied = new Set<string>();
    for (const ri of gi.resources) {
      for (const [u, x] of Object.entries(after.resources[ri.name]?.targets ?? {})) {
        if ((x.state !== 'OFFLINE' && x.state !== 'DETACHED') || x.inFlight?.purpose === 'start') occupied.add(u);
      }
    }
    return occupied.size > 1 ? [`failover group ${gi.name} is on ${[...occupied].sort().join(' and ')} at once`] : [];
  });
};

/** The same input gives the same output, deep-equal. */
export const deterministic: Rule = ({ config, status, now, decision }) =>
  isDeepStrictEqual(decide({ config, status, now }), decision) ? [] : ['decide is not deterministic on this input'];

export const ALL_RULES: readonly Rule[] = [idsAndSteps, nothingOverInFlight, strongDependenciesFirst, stopFailedBlocks, failoverOnOneTarget, deterministic];

export function checkInvariants(config: ClusterConfig, status: ClusterStatus, decision: Decision, now = status.atMs): string[] {
  return ALL_RULES.flatMap((rule) => rule({ config, status, now, decision }));
}
