import type { MethodName } from '../../model/index.js';
import type { ScriptResultReport } from './script-intent.js';

/**
 * What the RGM leader asks one node's agent to do: run one callback method of one resource.
 * Written at `<root>/intents/<node>/<id>`; the agent answers with a method-result report.
 */
export interface MethodIntent {
  readonly id: string;
  readonly resource: string;
  readonly group: string;
  readonly type: string;
  /** `node` or `node:zone`. */
  readonly target: string;
  readonly method: MethodName;
  readonly timeoutS: number;
  /**
   * The policy's extra arguments: `['-Z', zone]` for a Global_zone type serving a zone target — the
   * method then runs in the global zone (the node's namespaces), not in the zone.
   */
  readonly args?: readonly string[];
  /** Validate only: `-c` (create) or `-u` (update) and the properties to pass. */
  readonly validate?: {
    readonly mode: 'create' | 'update';
    readonly resourceProps: Readonly<Record<string, string>>;
    readonly extensionProps: Readonly<Record<string, string>>;
    readonly groupProps: Readonly<Record<string, string>>;
  };
  /** Validate before a change: answer at this key (a ValidateAnswer) instead of reporting to the RGM. */
  readonly replyKey?: string;
  /** Leader epoch that issued it (fencing token); the agent ignores intents from an older epoch. */
  readonly epoch: number;
}

/** Facts an agent reports to the leader at `<root>/reports/<node>/<key>`. */
export type AgentReport =
  | {
      readonly kind: 'method-result';
      readonly actionId: string;
      readonly resource: string;
      readonly target: string;
      readonly method: MethodName;
      readonly execution: 'done' | 'timeout' | 'not-found' | 'not-executable' | 'killed';
      readonly exitCode?: number;
      readonly durationMs: number;
      readonly outputTail?: string;
    }
  | {
      readonly kind: 'monitor-failed'; readonly resource: string; readonly target: string; readonly reason: string;
      /** The policy's monitor-failed fields: `probe` (a detector reports a fault) or `monitor-died`, and the text shown. */
      readonly cause?: 'probe' | 'monitor-died'; readonly message?: string;
    }
  | { readonly kind: 'setstatus'; readonly resource: string; readonly target: string; readonly status: string; readonly message: string }
  /** A userApplication script ended (RMS, see script-intent.ts). */
  | ScriptResultReport
  /**
   * A zone of this node (`target` = `node:zone`) went away (its network namespace is gone: the
   * target has failed, its groups fail over) or is back. See node-zones.ts.
   */
  | { readonly kind: 'zone-down' | 'zone-up'; readonly target: string; readonly reason: string };
