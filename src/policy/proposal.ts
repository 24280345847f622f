import type { Action, Reason } from './actions.js';

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** An action before `decide` numbers it. */
export type Proposal = DistributiveOmit<Action, 'id'>;

/** Collects proposals and reasons during one decide pass. */
export class Collector {
  readonly proposals: Proposal[] = [];
  readonly reasons: Reason[] = [];
  private readonly seen = new Set<string>();

  add(p: Proposal): void {
    this.proposals.push(p);
  }

  note(subject: string, message: string): void {
    const key = `${subject}\u0000${message}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.reasons.push({ subject, message });
  }
}
