import type {
  GroupName, MethodName, NodeName, ResourceName, ResourceStatus, SchaControlTag, TargetKey, UserApplicationScript,
} from '../model/index.js';
import type { Action } from './actions.js';

/** How a method or script ended: execution status apart from exit code (DESIGN: a result is data). */
export type Execution = 'done' | 'timeout' | 'not-found' | 'not-executable' | 'killed';

/**
 * One fact folded into the status by `reduce`. Facts come from node agents (method results, monitor
 * reports), membership (node up/down/fenced), the scha_* API, the admin API and the control loop
 * itself (`actions-issued`). Configuration changes (enable, disable, monitor, unmonitor, manage,
 * unmanage, property changes) are not events: they change ClusterConfig, and `decide` reacts to the
 * configuration as it is; `properties-changed` only asks for Update methods.
 */
export type PolicyEvent =
  | { readonly kind: 'node-up'; readonly node: NodeName }
  /** Membership declared the node dead (its lease ran out plus grace: it has stopped its resources itself). */
  | { readonly kind: 'node-down'; readonly node: NodeName }
  /** A fencing agent confirmed the node is off (implies down); clears STOP_FAILED there. */
  | { readonly kind: 'node-fenced'; readonly node: NodeName }
  /** A fence-node action failed; it will be tried again. */
  | { readonly kind: 'fence-failed'; readonly node: NodeName; readonly message?: string }
  | { readonly kind: 'zone-up'; readonly target: TargetKey }
  | { readonly kind: 'zone-down'; readonly target: TargetKey }
  | {
      readonly kind: 'method-result'; readonly actionId: string; readonly resource: ResourceName; readonly target: TargetKey;
      readonly method: MethodName; readonly execution: Execution; readonly exitCode?: number; readonly message?: string;
    }
  | {
      readonly kind: 'script-result'; readonly actionId: string; readonly group: GroupName; readonly target: TargetKey;
      readonly script: UserApplicationScript; readonly execution: Execution; readonly exitCode?: number;
    }
  /**
   * Monitoring reports a resource failure on a target: a probe's complete failure, PMF giving up on
   * the resource's process tree, an RMS detector reporting Faulted (`cause: 'probe'`, the default);
   * or the fault monitor itself died and cannot be restarted (`cause: 'monitor-died'`).
   */
  | { readonly kind: 'monitor-failed'; readonly resource: ResourceName; readonly target: TargetKey; readonly cause?: 'probe' | 'monitor-died'; readonly message?: string }
  | { readonly kind: 'scha-control'; readonly requestId: string; readonly tag: SchaControlTag; readonly resource: ResourceName; readonly group: GroupName; readonly target: TargetKey }
  | { readonly kind: 'setstatus'; readonly resource: ResourceName; readonly target: TargetKey; readonly status: ResourceStatus; readonly message?: string }
  | { readonly kind: 'admin'; readonly request: AdminRequest }
  /** Properties of these resources changed (config already applied): run Update where they are online. */
  | { readonly kind: 'properties-changed'; readonly resources: readonly ResourceName[] }
  /** The control loop handed these actions to agents (or applied them): mark them in flight. */
  | { readonly kind: 'actions-issued'; readonly actions: readonly Action[] };

/**
 * Administrative requests that are facts about the operator's wishes (clrg/clrs/clnode, hvswitch,
 * hvutil, hvshut). Names are validated by the API edge; `checkEvent` says why one would be ignored.
 */
export type AdminRequest =
  /** clrg online [-n targets] / hvswitch app (priority switch); `forced`: hvswitch -f. */
  | { readonly request: 'online'; readonly group: GroupName; readonly targets?: readonly TargetKey[]; readonly forced?: boolean }
  /** clrg offline [-n targets] / hvutil -f app. */
  | { readonly request: 'offline'; readonly group: GroupName; readonly targets?: readonly TargetKey[] }
  /** clrg switch -n targets / hvswitch app SysNode (directed switch); `forced`: hvswitch -f. */
  | { readonly request: 'switch'; readonly group: GroupName; readonly targets: readonly TargetKey[]; readonly forced?: boolean }
  /** clrg restart [-n targets] (group) or clrs restart (resource). */
  | { readonly request: 'restart'; readonly group: GroupName; readonly targets?: readonly TargetKey[] }
  | { readonly request: 'restart'; readonly resource: ResourceName; readonly targets?: readonly TargetKey[] }
  /** clnode evacuate [-T s]: move everything off the node; untilMs defaults to now + 60 s. */
  | { readonly request: 'evacuate'; readonly node: NodeName; readonly untilMs?: number }
  /** clrs clear -f STOP_FAILED (resource) / hvutil -c app (group: also clears RMS faults). */
  | { readonly request: 'clear'; readonly resource: ResourceName; readonly targets?: readonly TargetKey[] }
  | { readonly request: 'clear'; readonly group: GroupName; readonly targets?: readonly TargetKey[] }
  /** clrg suspend / resume: automatic recovery off / on (overrides the configured flag). */
  | { readonly request: 'suspend' | 'resume'; readonly group: GroupName }
  /** hvshut -l on a node: its applications go offline there (or switch over with AutoSwitchOver ShutDown). */
  | { readonly request: 'shutdown'; readonly node: NodeName }
  /** hvutil -m on|off|forceoff: RMS maintenance mode of an application (see GroupRuntime.maintenance). */
  | { readonly request: 'maintenance'; readonly group: GroupName; readonly mode: 'on' | 'off' | 'forceoff' };

export const DEFAULT_EVACUATE_MS = 60_000;
