import type { ClusterConfig, ClusterStatus, GroupRuntime, GroupState, NodeMembership, ResourceTargetStatus } from '../../model/index.js';
import { UP_RESOURCE_STATES } from '../../model/index.js';
import { deriveGroupStates } from '../../policy/index.js';

/** RMS object states (primecluster §4.1). Standby is never produced: hot standby is not modelled. */
export type RmsState =
  | 'Online' | 'Offline' | 'Faulted' | 'Standby' | 'Wait' | 'Unknown' | 'Deact' | 'Inconsistent' | 'OfflineFault' | 'Warning' | 'Maintenance';

/** A state as `hvdisp` shows it: the state and the StateDetails column (empty when there is nothing to add). */
export interface RmsObjectState {
  readonly state: RmsState;
  readonly details: string;
}

export interface RmsStates {
  node(name: string): RmsObjectState;
  application(group: string, target: string): RmsObjectState;
  resource(resource: string, target: string): RmsObjectState;
}

const s = (state: RmsState, details = ''): RmsObjectState => ({ state, details });
const isUp = (e: ResourceTargetStatus | undefined): boolean => e !== undefined && UP_RESOURCE_STATES.includes(e.state);

/**
 * SysNode: Online (up), Wait/Shutdown (RMS shutting down there, hvshut), Faulted when down —
 * `Killed` after a fencing agent confirmed it off, `Shutdown` when it left after hvshut.
 */
export function sysNodeState(m: NodeMembership | undefined): RmsObjectState {
  if (m === undefined) return s('Unknown');
  if (m.state === 'UP') return m.shuttingDown === true ? s('Wait', 'Shutdown') : s('Online');
  if (m.fenced) return s('Faulted', 'Killed');
  return s('Faulted', m.shuttingDown === true ? 'Shutdown' : '');
}

/**
 * A userApplication (any group) on one node, from the core's group state there: Online; Warning
 * when a monitor reports it degraded; Wait while it goes online or offline; Inconsistent when its
 * offline failed (ERROR_STOP_FAILED); Faulted where it faulted (`Failed Over` once it is online on
 * another node); Deact when unmanaged (hvutil -d); Maintenance in maintenance mode (`Online !!` /
 * `Offline !!` when its resources no longer match the state maintenance began with).
 */
export function applicationState(
  group: GroupState, rt: GroupRuntime | undefined, target: string, entries: readonly (ResourceTargetStatus | undefined)[], onlineElsewhere: boolean,
): RmsObjectState {
  if (rt?.maintenance) {
    const wasUp = Object.values(rt.maintenance.up).some((ts) => ts.includes(target));
    const detected = entries.map((e) => isUp(e) && e?.status !== 'FAULTED');
    if (wasUp) return s('Maintenance', detected.every(Boolean) ? 'Maintenance-Online' : 'Online !!');
    return s('Maintenance', detected.some(Boolean) ? 'Offline !!' : 'Maintenance-Offline');
  }
  const fault = rt?.faults?.[target];
  switch (group) {
    case 'UNMANAGED': return s('Deact');
    case 'ERROR_STOP_FAILED': return s('Inconsistent', 'Offline Failed');
    case 'PENDING_ONLINE': case 'PENDING_ONLINE_BLOCKED': return s('Wait', 'Online intended');
    case 'PENDING_OFFLINE': return s('Wait', fault ? 'Fault Occurred' : 'Offline intended');
    case 'ONLINE_FAULTED': return s('Faulted', 'Fault Occurred');
    case 'ONLINE':
      if (entries.some((e) => e?.status === 'FAULTED')) return s('Online', 'Fault Occurred');
      return entries.some((e) => e?.status === 'DEGRADED') ? s('Warning') : s('Online');
    case 'OFFLINE':
      if (fault) return s('Faulted', onlineElsewhere ? 'Failed Over' : 'Faulted');
      return s('Offline');
  }
}

/**
 * A resource on one node: Online, Warning (DEGRADED), Faulted (a failed Start or Stop — `Offline
 * Failed` — or a fault a monitor reports), Wait while a method moves it, OfflineFault once it is
 * offline after being the cause of its application's fault, Unknown when its detector died, Deact
 * when its group is unmanaged; in maintenance mode what its detector last reported.
 */
export function resourceState(resource: string, e: ResourceTargetStatus | undefined, rt: GroupRuntime | undefined, target: string, managed: boolean): RmsObjectState {
  if (!managed) return s('Deact');
  if (rt?.maintenance) return isUp(e) ? (e?.status === 'FAULTED' ? s('Faulted', e.statusMessage ?? '') : s('Online')) : s('Offline');
  if (e === undefined) return s('Offline');
  if (e.inFlight?.purpose === 'start' || e.state === 'STARTING') return s('Wait', 'Online intended');
  if (e.inFlight?.purpose === 'stop' || e.state === 'STOPPING') return s('Wait', 'Offline intended');
  switch (e.state) {
    case 'ONLINE': case 'ONLINE_NOT_MONITORED':
      if (e.status === 'FAULTED') return s('Faulted', 'Fault Occurred');
      return e.status === 'DEGRADED' ? s('Warning') : s('Online');
    case 'MONITOR_FAILED': return s('Unknown', 'detector failed');
    case 'START_FAILED': return s('Faulted', 'Online Failed');
    case 'STOP_FAILED': return s('Faulted', 'Offline Failed');
    case 'OFFLINE': case 'DETACHED': {
      const fault = rt?.faults?.[target];
      return fault !== undefined && fault.reason.startsWith(`${resource} `) ? s('OfflineFault') : s('Offline');
    }
    default: return s('Offline');
  }
}

/**
 * RMS states of everything in the cluster, from the core's status (group states derived by the
 * policy). Before the RGM has written a status, every object is Unknown (not yet initialised).
 */
export function deriveRmsStates(config: ClusterConfig, status: ClusterStatus | undefined, now: number): RmsStates {
  if (status === undefined) {
    return { node: () => s('Unknown'), application: () => s('Unknown'), resource: () => s('Unknown') };
  }
  const groups = deriveGroupStates(config, status, now);
  const byGroup = new Map(config.groups.map((g) => [g.name as string, g]));
  const members = (group: string): string[] => config.resources.filter((r) => r.group === group && r.enabled).map((r) => r.name);
  const entry = (r: string, t: string): ResourceTargetStatus | undefined => status.resources[r]?.targets[t];
  return {
    node: (name) => sysNodeState(status.nodes[name]),
    application: (group, target) => {
      const g = byGroup.get(group);
      if (!g) return s('Unknown');
      const states = groups[g.name] ?? {};
      const state = states[target] ?? (g.managed ? 'OFFLINE' : 'UNMANAGED');
      const elsewhere = Object.entries(states).some(([t, st]) => t !== target && st === 'ONLINE');
      return applicationState(state, status.groups[g.name], target, members(group).map((r) => entry(r, target)), elsewhere);
    },
    resource: (resource, target) => {
      const r = config.resources.find((x) => x.name === resource);
      const g = r ? byGroup.get(r.group) : undefined;
      if (!r || !g) return s('Unknown');
      return resourceState(r.name, entry(r.name, target), status.groups[g.name], target, g.managed);
    },
  };
}
