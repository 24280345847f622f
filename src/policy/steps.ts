import type { MethodName, MethodPurpose, ResourceTargetStatus, TargetKey } from '../model/index.js';
import type { Analysis, Wait } from './analysis.js';
import type { GroupInfo, ResourceInfo } from './cluster-index.js';
import { entryOf, groupRuntime, isUpState, stopDone } from './runtime.js';

/** The next method for one resource on one target, or why it waits. */
export type Step =
  | { readonly kind: 'run'; readonly method: MethodName; readonly purpose: MethodPurpose; readonly reason: string }
  | { readonly kind: 'wait'; readonly wait: Wait }
  | { readonly kind: 'none' };

const NONE: Step = { kind: 'none' };

/**
 * Step rules (spec §3.4, §4.1): on the way up Prenet_start → (addresses) Start → Monitor_start, on the
 * way down Monitor_stop → Stop → Postnet_stop, only methods the type declares, one at a time per
 * resource and target, each gated by the dependency, phase and group conditions of `Analysis`.
 * `lifecycleWait` is the Init/Boot gate and `scriptWait` the RMS pre-online/pre-offline script gate.
 */
export function nextStep(
  a: Analysis, ri: ResourceInfo, t: TargetKey,
  lifecycleWait: string | undefined, scriptWait: (dir: 'up' | 'down') => string | undefined,
): Step {
  const e = entryOf(a.ix, ri.name, t);
  if (e.inFlight) return NONE;
  const declares = ri.type.declares;
  if (a.wantUp(ri, t)) {
    switch (e.state) {
      case 'OFFLINE': case 'STARTING': {
        if (e.state === 'STARTING' && e.lastMethod !== 'Prenet_start') return NONE;
        const gate = a.groupStartWait(ri.group, t) ?? waitOf(lifecycleWait) ?? waitOf(scriptWait('up'));
        if (gate) return { kind: 'wait', wait: gate };
        const prenetPending = e.state === 'OFFLINE' && declares('Prenet_start');
        if (prenetPending) {
          for (const d of ri.deps) { const w = a.prenetDependencyWait(d, t); if (w) return { kind: 'wait', wait: w }; }
          return run('Prenet_start', 'start', upReason(a, ri, t, e));
        }
        if (!declares('Start')) return NONE;
        // Phase barrier: every Prenet_start of the group on this target first (spec §3.4).
        if (hasPrenet(ri.group)) for (const other of ri.group.resources) {
          if (other !== ri && a.wantUp(other, t) && !a.prenetDone(other, t) && a.canComeUp(other, t)) {
            return { kind: 'wait', wait: { why: `${ri.name} waits for the Prenet_start phase of ${ri.group.name} on ${t} (${other.name})`, blocked: false, crossGroup: false } };
          }
        }
        for (const d of ri.deps) { const w = a.startDependencyWait(d, t); if (w) return { kind: 'wait', wait: w }; }
        return run('Start', 'start', upReason(a, ri, t, e));
      }
      case 'ONLINE_NOT_MONITORED':
        if (ri.r.monitored && declares('Monitor_start')) {
          return run('Monitor_start', 'monitor', e.lastMethod === 'Monitor_stop' ? `${ri.name} is monitored again: start its fault monitor on ${t}` : `monitor ${ri.name} on ${t} (Start done)`);
        }
        return updateStep(ri, e, t);
      case 'ONLINE':
        if (!ri.r.monitored && declares('Monitor_stop')) return run('Monitor_stop', 'unmonitor', `${ri.name} is unmonitored: stop its fault monitor on ${t}`);
        return updateStep(ri, e, t);
      case 'MONITOR_FAILED':
        if (!ri.r.monitored && declares('Monitor_stop')) return run('Monitor_stop', 'unmonitor', `${ri.name} is unmonitored: stop what is left of its fault monitor on ${t}`);
        return NONE;
      case 'STOPPING':
        return downStep(a, ri, t, e, `${ri.name} finishes going offline on ${t} before it comes back`, scriptWait);
      default:
        return NONE;
    }
  }
  return downStep(a, ri, t, e, downReason(a, ri, t, e), scriptWait);
}

function downStep(a: Analysis, ri: ResourceInfo, t: TargetKey, e: ResourceTargetStatus, reason: string, scriptWait: (dir: 'up' | 'down') => string | undefined): Step {
  const declares = ri.type.declares;
  const stopGate = (): Step | undefined => {
    const w = waitOf(scriptWait('down')) ?? a.groupStopWait(ri.group, t) ?? a.stopDependentsWait(ri, t);
    return w === undefined ? undefined : { kind: 'wait', wait: w };
  };
  const stopOrPostnet = (): Step => {
    if (declares('Stop')) return stopGate() ?? run('Stop', 'stop', reason);
    return postnet();
  };
  const postnet = (): Step => {
    if (!declares('Postnet_stop')) return NONE;
    // Postnet_stop after every Stop of the group on this target and after the addresses are down.
    for (const other of ri.group.resources) {
      if (other === ri || a.wantUp(other, t)) continue;
      if (!stopDone(entryOf(a.ix, other.name, t))) {
        return { kind: 'wait', wait: { why: `${ri.name} waits for the Stop phase of ${ri.group.name} on ${t} (${other.name}) before Postnet_stop`, blocked: false, crossGroup: false } };
      }
    }
    for (const d of ri.dependents) {
      if (d.from.group !== ri.group || !d.from.type.declares('Postnet_stop')) continue;
      const de = entryOf(a.ix, d.from.name, t);
      if (de.state === 'STOPPING') return { kind: 'wait', wait: { why: `${ri.name} waits for ${d.from.name} to finish Postnet_stop on ${t}`, blocked: false, crossGroup: false } };
    }
    return run('Postnet_stop', 'stop', reason);
  };
  switch (e.state) {
    case 'ONLINE': case 'MONITOR_FAILED': {
      if (declares('Monitor_stop')) {
        const w = scriptWait('down');
        return w === undefined ? run('Monitor_stop', 'stop', reason) : { kind: 'wait', wait: { why: w, blocked: false, crossGroup: false } };
      }
      return stopOrPostnet();
    }
    case 'ONLINE_NOT_MONITORED': case 'START_FAILED':
      return stopOrPostnet();
    case 'STARTING':
      if (e.lastMethod !== 'Prenet_start') return NONE;
      return stopOrPostnet();
    case 'STOPPING':
      if (e.lastMethod === 'Stop') return postnet();
      if (e.lastMethod === 'Postnet_stop') return NONE;
      return stopOrPostnet();
    default:
      return NONE;
  }
}

function updateStep(ri: ResourceInfo, e: ResourceTargetStatus, t: TargetKey): Step {
  if (e.updatePending && ri.type.declares('Update') && isUpState(e.state)) return run('Update', 'update', `properties of ${ri.name} changed while it is online on ${t}`);
  return NONE;
}

const prenetGroups = new WeakMap<GroupInfo, boolean>();

/** Some resource of the group declares Prenet_start (cached per configuration). */
function hasPrenet(gi: GroupInfo): boolean {
  let v = prenetGroups.get(gi);
  if (v === undefined) { v = gi.resources.some((r) => r.type.declares('Prenet_start')); prenetGroups.set(gi, v); }
  return v;
}

const run = (method: MethodName, purpose: MethodPurpose, reason: string): Step => ({ kind: 'run', method, purpose, reason });
const waitOf = (why: string | undefined): Wait | undefined => (why === undefined ? undefined : { why, blocked: false, crossGroup: false });

function upReason(a: Analysis, ri: ResourceInfo, t: TargetKey, e: ResourceTargetStatus): string {
  if (e.restart) return `${ri.name} restarts on ${t}: ${e.restart.reason}`;
  const gr = groupRuntime(a.ix, ri.group.name).restarting?.[t];
  if (gr) return `${ri.group.name} restarts on ${t}: ${gr.reason}`;
  const arrive = a.placement(ri.group).arriveWhy.get(t);
  if (arrive) return arrive;
  if (e.lastMethod === 'Prenet_start') return `${ri.group.name} is going online on ${t} (Prenet_start done)`;
  const arrived = groupRuntime(a.ix, ri.group.name).arrivedAtMs?.[t];
  if (arrived !== undefined && e.sinceMs > arrived) return `${ri.name} is wanted online on ${t} (${ri.group.name} is online there)`;
  return `${ri.group.name} is going online on ${t}`;
}

function downReason(a: Analysis, ri: ResourceInfo, t: TargetKey, e: ResourceTargetStatus): string {
  const p = a.placement(ri.group);
  const leave = p.leaveWhy.get(t);
  if (!ri.group.g.managed) return `${ri.group.name} is unmanaged`;
  if (!p.masters.includes(t)) return leave ?? `${ri.group.name} is not wanted on ${t}`;
  if (!ri.r.enabled) return `${ri.name} is disabled`;
  if (e.restart) return `${ri.name} restarts on ${t}: ${e.restart.reason}`;
  const gr = groupRuntime(a.ix, ri.group.name).restarting?.[t];
  if (gr) return `${ri.group.name} restarts on ${t}: ${gr.reason}`;
  const gone = ri.deps.find((d) => d.flavour === 'offline-restart' && !a.candidates(d, t).some((u) => a.upAndStaying(d.to, u)));
  if (gone) return `${gone.to.name} went offline: ${ri.name} stops until it is back (${gone.text})`;
  return `${ri.name} is not wanted on ${t}`;
}
