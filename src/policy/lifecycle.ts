import type { MethodName, MethodPurpose, TargetKey } from '../model/index.js';
import { parseNodeTarget } from '../model/index.js';
import type { Analysis } from './analysis.js';
import { timeoutOf, type ResourceInfo } from './cluster-index.js';
import type { Collector } from './proposal.js';
import { entryOf, unavailability } from './runtime.js';
import { zoneArgs } from './zone-args.js';

/**
 * Init, Boot and Fini (spec §3.3, §3.5): Init where a resource becomes managed, Boot where a node
 * (re)joins, Fini where it leaves management or a target leaves its Nodelist. They run on the
 * type's Init_nodes set: the group's Nodelist (RG_PRIMARIES) or the type's Installed_nodes
 * (RT_INSTALLED_NODES). Results are only logged. Start methods wait until Init/Boot has run.
 */
export function initTargets(a: Analysis, ri: ResourceInfo): readonly TargetKey[] {
  if (ri.type.type.initNodes === 'RG_PRIMARIES') return ri.group.nodelist;
  const installed = ri.type.type.installedNodes;
  return installed === '*' ? a.ix.config.nodes.map((n) => n.name) : installed;
}

const initTargetFor = (ri: ResourceInfo, t: TargetKey): TargetKey =>
  ri.type.type.initNodes === 'RG_PRIMARIES' ? t : parseNodeTarget(t).node;

/** When `t` last joined: its node's join, or — for a zone — the zone's boot when that came later. */
const joinedAtMs = (a: Analysis, t: TargetKey): number => {
  const node = a.ix.status.nodes[parseNodeTarget(t).node]?.sinceMs ?? 0;
  const zone = a.ix.status.zones[t];
  return zone?.state === 'UP' && zone.sinceMs > node ? zone.sinceMs : node;
};

/** Why a start of `ri` on `t` waits for Init or Boot, or undefined. */
export function lifecycleWait(a: Analysis, ri: ResourceInfo, t: TargetKey): string | undefined {
  const declares = ri.type.declares;
  if (!declares('Init') && !declares('Boot')) return undefined;
  const it = initTargetFor(ri, t);
  const e = entryOf(a.ix, ri.name, it);
  if (declares('Init') && !e.initialized) return `${ri.name} waits for its Init on ${it}`;
  if (declares('Boot') && (e.bootedAtMs ?? -Infinity) < joinedAtMs(a, it)) return `${ri.name} waits for its Boot on ${it}`;
  return undefined;
}

export function lifecycleActions(a: Analysis, out: Collector, frozen: ReadonlySet<string>): void {
  for (const ri of a.ix.resourceList) {
    const declares = ri.type.declares;
    if (!declares('Init') && !declares('Boot') && !declares('Fini')) continue;
    if (frozen.has(ri.group.name)) continue;
    const managed = ri.group.g.managed;
    const targets = initTargets(a, ri);
    const propose = (t: TargetKey, method: MethodName, purpose: MethodPurpose, reason: string): void => {
      const args = zoneArgs(ri, t);
      out.add({ kind: 'run-method', resource: ri.name, group: ri.group.name, type: ri.type.type.name, target: t, method, purpose, timeoutS: timeoutOf(ri, method), reason, ...(args ? { args } : {}) });
    };
    if (managed) {
      for (const t of targets) {
        if (unavailability(a.ix, t) !== undefined) continue;
        const e = entryOf(a.ix, ri.name, t);
        if (e.inFlight || e.state !== 'OFFLINE') continue;
        if (declares('Init') && !e.initialized) propose(t, 'Init', 'init', `${ri.name} is managed and not yet initialised on ${t}`);
        else if (declares('Boot') && (!declares('Init') || e.initialized) && (e.bootedAtMs ?? -Infinity) < joinedAtMs(a, t)) {
          const zoneBoot = joinedAtMs(a, t) > (a.ix.status.nodes[parseNodeTarget(t).node]?.sinceMs ?? 0);
          propose(t, 'Boot', 'boot', zoneBoot ? `zone ${t} booted: Boot ${ri.name}` : `${parseNodeTarget(t).node} joined the cluster: Boot ${ri.name}`);
        }
      }
    }
    if (!declares('Fini')) continue;
    for (const [t, e] of Object.entries(a.ix.status.resources[ri.name]?.targets ?? {})) {
      if (!e.initialized || e.inFlight || e.state !== 'OFFLINE' || unavailability(a.ix, t) !== undefined) continue;
      if (!managed) propose(t, 'Fini', 'fini', `${ri.group.name} is unmanaged: Fini ${ri.name}`);
      else if (!targets.includes(t)) propose(t, 'Fini', 'fini', `${t} left the Init_nodes of ${ri.name}: Fini`);
    }
  }
}
