import type { MethodName } from '../../model/index.js';

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
  | { readonly kind: 'monitor-failed'; readonly resource: string; readonly target: string; readonly reason: string }
  | { readonly kind: 'setstatus'; readonly resource: string; readonly target: string; readonly status: string; readonly message: string };
