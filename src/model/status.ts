import type { ClusterConfig } from './cluster-config.js';
import type { GroupName, ResourceName } from './names.js';
import type { MethodName } from './resource-type.js';
import type { NodeState, ResourceState, ResourceStatus } from './states.js';
import type { UserApplicationScript } from './rms-properties.js';

/**
 * The runtime status the RGM keeps next to the configuration: plain, JSON-serialisable, readonly
 * data. It is changed only by the policy layer's `reduce` (one fact at a time) and read by `decide`
 * and the views. Times are milliseconds on the control loop's clock (`now` comes in as data).
 *
 * What is stored and what is derived: per-node resource states are stored (they are facts reported by
 * method results); group states are derived (`deriveGroupStates`). The STOP_FAILED "flag" of a group
 * is the STOP_FAILED state of its resources (one place, never stored twice).
 */
export interface ClusterStatus {
  /** Next action sequence number: `decide` numbers its actions from here; `actions-issued` moves it on. */
  readonly seq: number;
  /** Time of the last fact folded in (the default `now` for views). */
  readonly atMs: number;
  /** Keyed by node name. */
  readonly nodes: Readonly<Record<string, NodeMembership>>;
  /** Zone availability, keyed by `node:zone`. A zone without an entry is up whenever its node is up. */
  readonly zones: Readonly<Record<TargetKey, ZoneAvailability>>;
  /** Keyed by resource name. */
  readonly resources: Readonly<Record<string, ResourceRuntime>>;
  /** Keyed by group name. */
  readonly groups: Readonly<Record<string, GroupRuntime>>;
  /** Facts waiting for a decision, oldest first: scha_control requests and failures to recover from. */
  readonly pending: readonly PendingItem[];
}

/** `node` or `node:zone` (formatNodeTarget): where a resource runs. */
export type TargetKey = string;

export interface NodeMembership {
  readonly state: NodeState;
  /** When the node last changed state (joined or left). */
  readonly sinceMs: number;
  /** The node was fenced (powered off/rebooted by a fencing agent) since it last left. */
  readonly fenced: boolean;
  /** `clnode evacuate -T`: no group may be online here before this time. */
  readonly evacuatingUntilMs?: number;
  /** RMS `hvshut -l` on this node: its applications go offline or switch over (AutoSwitchOver ShutDown). */
  readonly shuttingDown?: boolean;
  /** A fence-node action in flight for this node. */
  readonly fencing?: { readonly actionId: string; readonly sinceMs: number };
}

export interface ZoneAvailability {
  readonly state: NodeState;
  readonly sinceMs: number;
}

/** Why a method is being run: the same method name serves different transitions. */
export type MethodPurpose = 'start' | 'stop' | 'monitor' | 'unmonitor' | 'init' | 'fini' | 'boot' | 'update' | 'check';

export interface InFlight {
  readonly actionId: string;
  readonly method: MethodName;
  readonly purpose: MethodPurpose;
  readonly sinceMs: number;
  /** For Monitor_check: the pending item (giveover) whose candidate this checks. */
  readonly forItem?: string;
}

export interface RestartMark {
  readonly reason: string;
  readonly atMs: number;
  readonly phase: 'down' | 'up';
}

/** One resource on one target. */
export interface ResourceTargetStatus {
  readonly state: ResourceState;
  /** Monitor-reported status (scha_resource_setstatus); advisory, the RGM acts on state. */
  readonly status: ResourceStatus;
  readonly statusMessage?: string;
  readonly sinceMs: number;
  /** The last method that completed in the current up or down transition. */
  readonly lastMethod?: MethodName;
  readonly inFlight?: InFlight;
  /**
   * Go down and come back up here (RESOURCE_RESTART, restart dependency, admin restart): `down`
   * until it is offline, then `up` until it is back; on coming back its restart-dependents restart.
   */
  readonly restart?: RestartMark;
  /** scha_control IGNORE_FAILED_START was accepted during the current start. */
  readonly ignoreFailedStart?: boolean;
  /** Init (or Boot) has run for this resource on this target; Fini clears it. */
  readonly initialized?: boolean;
  /** When Init or Boot last ran here; a Boot is due when the node joined after this. */
  readonly bootedAtMs?: number;
  /** Properties changed while online: run Update. */
  readonly updatePending?: boolean;
}

export interface ResourceRuntime {
  readonly targets: Readonly<Record<TargetKey, ResourceTargetStatus>>;
  /** Restart times per target (RESOURCE_RESTART, RESOURCE_IS_RESTARTED, monitor-driven restarts). */
  readonly restartsMs?: Readonly<Record<TargetKey, readonly number[]>>;
  /** GIVEOVERs this resource caused, per target it moved the group away from (Pingpong_interval). */
  readonly giveoversMs?: Readonly<Record<TargetKey, readonly number[]>>;
}

/** A failure of a group on a target, kept for Pingpong_interval. */
export interface GroupFailure {
  readonly target: TargetKey;
  readonly atMs: number;
  readonly cause: 'start-failed' | 'giveover' | 'fault';
  readonly resource?: ResourceName;
}

/** Per-target state of a userApplication's scripts (RMS), one up or down pass at a time. */
export interface ScriptPass {
  readonly direction: 'up' | 'down';
  readonly done: readonly UserApplicationScript[];
  readonly inFlight?: { readonly actionId: string; readonly script: UserApplicationScript; readonly sinceMs: number };
  /** FaultScript is due (the application faulted here). */
  readonly faultPending?: boolean;
}

export interface GroupRuntime {
  /** The administrator's wish; `unset` lets Auto_start_on_new_cluster (or RMS AutoStartUp) decide. */
  readonly desire: 'online' | 'offline' | 'unset';
  /** Wanted masters (admin switch/online -n, or a giveover's chosen node); empty = anywhere. Cleared when met or impossible. */
  readonly request?: {
    readonly targets: readonly TargetKey[]; readonly reason: string; readonly atMs: number;
    /** RMS `hvswitch -f`: faults on the targets were cleared, and a node where the application failed to stop is killed first. */
    readonly forced?: boolean;
  };
  /** Admin suspend/resume override of the configured Suspend_automatic_recovery. */
  readonly suspended?: boolean;
  /** Failure history for Pingpong_interval (pruned as it ages). */
  readonly failures: readonly GroupFailure[];
  /** RG restarts (scha_control RESTART) per target, for NUM_RG_RESTARTS. */
  readonly restartsMs?: Readonly<Record<TargetKey, readonly number[]>>;
  /** Go offline and back online on these targets (RG RESTART): `down` until all is offline, then `up`. */
  readonly restarting?: Readonly<Record<TargetKey, RestartMark>>;
  /** Must leave these targets (failover after a failure), if it can go elsewhere. */
  readonly relocating?: Readonly<Record<TargetKey, { readonly reason: string; readonly atMs: number }>>;
  /** RMS: Faulted here; not used until cleared (or the node restarts and PersistentFault=0). */
  readonly faults?: Readonly<Record<TargetKey, { readonly reason: string; readonly atMs: number }>>;
  /** RMS: no automatic placement (AutoSwitchOver did not allow the switchover) until an admin or a node join. */
  readonly hold?: { readonly reason: string; readonly atMs: number };
  /** When the group arrived on each target it occupies (for Failback: only nodes that joined later pull it back). */
  readonly arrivedAtMs?: Readonly<Record<TargetKey, number>>;
  /** Targets where it was last completely online (RMS OnlinePriority). */
  readonly lastOnline?: readonly TargetKey[];
  readonly scripts?: Readonly<Record<TargetKey, ScriptPass>>;
  /**
   * RMS maintenance mode (`hvutil -m on`): no automatic action for the group; detector faults are
   * shown, not acted on. `up` lists, per resource, the targets where it was up (and not reported
   * faulted) when maintenance began: `hvutil -m off` is refused until that is so again.
   */
  readonly maintenance?: { readonly sinceMs: number; readonly up: Readonly<Record<string, readonly TargetKey[]>> };
}

export type SchaControlTag =
  | 'GIVEOVER' | 'CHECK_GIVEOVER' | 'RESTART' | 'CHECK_RESTART' | 'RESOURCE_RESTART' | 'RESOURCE_IS_RESTARTED'
  | 'IGNORE_FAILED_START' | 'RESOURCE_DISABLE' | 'CHANGE_STATE_ONLINE' | 'CHANGE_STATE_OFFLINE';

/** Monitor_check verdicts gathered for a giveover, per candidate target. */
export type CandidateChecks = Readonly<Record<TargetKey, 'pending' | 'ok' | 'failed'>>;

export type PendingItem =
  | {
      readonly kind: 'scha-control'; readonly id: string; readonly tag: SchaControlTag;
      readonly resource: ResourceName; readonly group: GroupName; readonly target: TargetKey; readonly atMs: number;
      readonly checks?: CandidateChecks;
    }
  | { readonly kind: 'start-failed'; readonly id: string; readonly resource: ResourceName; readonly group: GroupName; readonly target: TargetKey; readonly atMs: number; readonly method: MethodName; readonly detail: string }
  | { readonly kind: 'resource-failed'; readonly id: string; readonly resource: ResourceName; readonly group: GroupName; readonly target: TargetKey; readonly atMs: number; readonly detail: string; readonly checks?: CandidateChecks }
  | { readonly kind: 'host-failure' | 'shutdown'; readonly id: string; readonly group: GroupName; readonly target: TargetKey; readonly atMs: number }
  | { readonly kind: 'script-failed'; readonly id: string; readonly group: GroupName; readonly target: TargetKey; readonly atMs: number; readonly script: UserApplicationScript; readonly detail: string };

export const UP_RESOURCE_STATES: readonly ResourceState[] = ['ONLINE', 'ONLINE_NOT_MONITORED', 'MONITOR_FAILED'];

/** A status for `config` where every configured node is up since `nowMs` and nothing runs yet. */
export function initialStatus(config: ClusterConfig, nowMs: number): ClusterStatus {
  const nodes: Record<string, NodeMembership> = {};
  for (const n of config.nodes) nodes[n.name] = { state: 'UP', sinceMs: nowMs, fenced: false };
  return { seq: 1, atMs: nowMs, nodes, zones: {}, resources: {}, groups: {}, pending: [] };
}

export const emptyGroupRuntime: GroupRuntime = { desire: 'unset', failures: [] };
