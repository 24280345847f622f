import type {
  ClusterConfig, ClusterStatus, GroupName, MethodName, MethodPurpose, NodeName, ResourceName, ResourceState, TargetKey, TypeName, UserApplicationScript,
} from '../model/index.js';

/** Error codes a scha_control reply may carry (scha_err_t symbols; spec §5.8). */
export type SchaError = 'SCHA_ERR_CHECKS' | 'SCHA_ERR_STATE' | 'SCHA_ERR_RSRC' | 'SCHA_ERR_RG' | 'SCHA_ERR_NODE' | 'SCHA_ERR_INVAL';

/**
 * What an accepted decision changes in the status. `reply` and `recover` actions carry effects; the
 * control loop hands them back through `actions-issued`, and `reduce` applies them then, so every
 * change of course is a recorded, explained action.
 */
export type RecoveryEffect =
  /** Stop and start this resource on this target (RESOURCE_RESTART semantics). */
  | { readonly kind: 'restart-resource'; readonly resource: ResourceName; readonly target: TargetKey; readonly count: boolean; readonly resetHistory?: boolean; readonly reason: string }
  /** Take the group offline and back online on this target (RG RESTART). */
  | { readonly kind: 'restart-group'; readonly group: GroupName; readonly target: TargetKey; readonly count: boolean; readonly reason: string }
  /** Move the group off `from` (to `to` when given); records a giveover by `resource` for Pingpong_interval. */
  | { readonly kind: 'relocate'; readonly group: GroupName; readonly from: TargetKey; readonly to?: readonly TargetKey[]; readonly giveoverBy?: ResourceName; readonly reason: string }
  /** RMS: the application faulted on `target`; with `hold` no automatic switchover follows, else it switches over. */
  | { readonly kind: 'fault'; readonly group: GroupName; readonly target: TargetKey; readonly hold: boolean; readonly reason: string }
  /** RMS: an automatic switchover (AutoSwitchOver): bring the application online on the next node. */
  | { readonly kind: 'switch-over'; readonly group: GroupName; readonly reason: string }
  /** RMS: no automatic placement until an admin request or a node join; the operator's earlier wish is forgotten. */
  | { readonly kind: 'hold'; readonly group: GroupName; readonly reason: string }
  /** Count a restart the monitor did itself (RESOURCE_IS_RESTARTED). */
  | { readonly kind: 'count-restart'; readonly resource: ResourceName; readonly target: TargetKey }
  | { readonly kind: 'ignore-failed-start'; readonly resource: ResourceName; readonly target: TargetKey }
  /** Proxy resources: set the state without running methods (CHANGE_STATE_ONLINE/OFFLINE). */
  | { readonly kind: 'set-state'; readonly resource: ResourceName; readonly target: TargetKey; readonly state: ResourceState }
  /** RESOURCE_DISABLE: a configuration change the control loop applies (On_off_switch); reduce ignores it. */
  | { readonly kind: 'disable-resource'; readonly resource: ResourceName }
  /** Abandon a restart on a target the group no longer uses (clears the group's and its resources' restart marks there). */
  | { readonly kind: 'end-restart'; readonly group: GroupName; readonly target: TargetKey }
  /** Forget the group's pending request (switch, online -n, giveover target): it cannot be honoured. */
  | { readonly kind: 'drop-request'; readonly group: GroupName }
  /** RMS: forget a userApplication's script pass on a target it never went online on. */
  | { readonly kind: 'end-scripts'; readonly group: GroupName; readonly target: TargetKey };

/**
 * What `decide` asks for. Every action has a deterministic `id` (from the status sequence number) and
 * a `reason` a person can read.
 */
export type Action =
  /** Run a callback method of a resource on a target (`node` or `node:zone`). */
  | {
      readonly kind: 'run-method'; readonly id: string; readonly resource: ResourceName; readonly group: GroupName;
      readonly type: TypeName; readonly target: TargetKey; readonly method: MethodName; readonly purpose: MethodPurpose;
      readonly timeoutS: number; readonly args?: readonly string[]; readonly reason: string;
      /** Monitor_check only: the pending request or failure whose giveover candidate this checks. */
      readonly forItem?: string;
    }
  /** Run a userApplication script (RMS) on a target. */
  | {
      readonly kind: 'run-script'; readonly id: string; readonly group: GroupName; readonly target: TargetKey;
      readonly script: UserApplicationScript; readonly command: string; readonly timeoutS: number; readonly reason: string;
    }
  /** Power off / reboot a node through a fencing agent (Failover_mode HARD, RMS HaltFlag). */
  | { readonly kind: 'fence-node'; readonly id: string; readonly node: NodeName; readonly reason: string }
  /** Answer a scha_control request; when accepted, `effects` take place once the reply is issued. */
  | {
      readonly kind: 'reply'; readonly id: string; readonly requestId: string; readonly accepted: boolean;
      readonly error?: SchaError; readonly effects: readonly RecoveryEffect[]; readonly reason: string;
    }
  /** Settle a failure (start failure, resource failure, host failure, script failure): what the RGM does about it. */
  | { readonly kind: 'recover'; readonly id: string; readonly incident: string; readonly group: GroupName; readonly effects: readonly RecoveryEffect[]; readonly reason: string };

/** A note explaining something that is not an action: why a node was not chosen, why nothing happened. */
export interface Reason {
  /** What it is about, in the user's words: `group rg1`, `resource r1 on n2`, `node n1`, `request q7`. */
  readonly subject: string;
  readonly message: string;
}

export interface DecideInput {
  readonly config: ClusterConfig;
  readonly status: ClusterStatus;
  readonly now: number;
}

export interface Decision {
  /** Sorted, numbered from `status.seq`; only what can be issued now. */
  readonly actions: readonly Action[];
  readonly reasons: readonly Reason[];
  /** When time alone will change the decision (evacuation end, Pingpong_interval expiry). */
  readonly nextWakeAtMs?: number;
}

export const actionNumber = (id: string): number => Number(id.replace(/^a/, ''));
export const actionId = (n: number): string => `a${n}`;
