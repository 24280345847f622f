/** A result of a pure operation: either a value or every problem found (never only the first). */
export type Result<T, E = Problem> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly errors: readonly E[] };

/**
 * One problem with user input. `subject` names what is wrong in the user's words
 * (`resource web-rs`, `property Retry_count`, `file x.rtr`), so a CLI can print one clear line.
 */
export interface Problem {
  readonly code: ProblemCode;
  readonly subject: string;
  readonly message: string;
}

export type ProblemCode =
  | 'unknown-object'
  | 'duplicate-name'
  | 'unknown-property'
  | 'wrong-type'
  | 'out-of-range'
  | 'not-tunable'
  | 'invalid-name'
  | 'invalid-value'
  | 'conflict'
  | 'unknown-node'
  | 'in-use';

export const ok = <T>(value: T): Result<T, never> => ({ ok: true, value });
export const fail = <E = Problem>(...errors: E[]): Result<never, E> => ({ ok: false, errors });
export const problem = (code: ProblemCode, subject: string, message: string): Problem => ({ code, subject, message });
