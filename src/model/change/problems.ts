import type { Problem, ProblemCode } from '../result.js';

/** The object a change problem is about, so that an edge can point at its source (a YAML line). */
export interface ProblemTarget {
  readonly object: 'cluster' | 'node' | 'type' | 'group' | 'resource';
  readonly name: string;
  /** Property name, in its declared spelling when the schema is known. */
  readonly property?: string;
  /** For a per-node value `Prop{node}`. */
  readonly node?: string;
}

/**
 * A Problem from `applyChanges`. `message` is one line naming object and property
 * (`resource web-rs: property Retry_count = 99 is above its maximum 10`); `reason` is the part
 * after the object and property (`= 99 is above its maximum 10`), for edges that name the place
 * themselves (a YAML path).
 */
export interface ChangeProblem extends Problem {
  readonly target: ProblemTarget;
  readonly reason: string;
}

export const targetLabel = (t: ProblemTarget): string => (t.name === '' ? t.object : `${t.object} ${t.name}`);

/** `property Retry_count` or `property Port{n1}`, the phrase parseValue/checkValue get as subject. */
export function propertyPhrase(property: string, node?: string): string {
  return `property ${property}${node === undefined ? '' : `{${node}}`}`;
}

export function changeProblem(code: ProblemCode, target: ProblemTarget, reason: string): ChangeProblem {
  const label = targetLabel(target);
  if (target.property === undefined) return { code, subject: label, message: `${label}: ${reason}`, target, reason };
  const phrase = propertyPhrase(target.property, target.node);
  return { code, subject: `${label}, ${phrase}`, message: `${label}: ${phrase} ${reason}`, target, reason };
}

/**
 * Re-targets a Problem produced by `parseValue`/`checkValue` called with `propertyPhrase(...)` as
 * subject: their message is `<subject> <reason>`.
 */
export function fromValueProblem(p: Problem, target: ProblemTarget): ChangeProblem {
  const phrase = propertyPhrase(target.property ?? '', target.node);
  const reason = p.message.startsWith(`${phrase} `) ? p.message.slice(phrase.length + 1) : p.message;
  return changeProblem(p.code, target, reason);
}
