import { illegalNameReason } from '../names.js';
import { fail, ok, problem, type Result } from '../result.js';

/** `=` sets, `+=` appends to a list, `-=` removes from a list (the last two only on `set`). */
export type AssignmentOp = '=' | '+=' | '-=';

/**
 * A value as an administrator gave it: text from a command line, or a scalar or list from a YAML
 * file. It is turned into the property's typed value by `parseValue` against the property schema.
 */
export type AssignmentValue = string | number | boolean | readonly string[];

/** One `-p` argument: `Name=value`, `Name+=value`, `Name-=value`, `Name{n1,n2}=value`. */
export interface Assignment {
  /** Property name as typed; matched case-insensitively against the schema. */
  readonly name: string;
  readonly op: AssignmentOp;
  readonly value: AssignmentValue;
  /** Per-node assignment (`Name{n1,n2}=value`): only for PER_NODE properties. */
  readonly nodes?: readonly string[];
}

const ASSIGNMENT = /^([^{}=+\-\s][^{}=+]*?)(\{([^{}]*)\})?(\+=|-=|=)(.*)$/s;

/**
 * Parses one `-p` argument (the sun cluster `clrs`/`clrg` conventions, spec §7). The value is
 * everything after the operator, verbatim (a list stays comma-separated text for `parseValue`).
 * Bad syntax is a Problem whose subject names the argument.
 */
export function parseAssignment(text: string): Result<Assignment> {
  const subject = `argument "${text}"`;
  const m = ASSIGNMENT.exec(text);
  if (!m) {
    return fail(problem('invalid-value', subject, `${subject}: expected Name=value, Name+=value, Name-=value or Name{node,...}=value`));
  }
  const name = (m[1] ?? '').trim();
  const bad = illegalNameReason(name);
  if (bad !== undefined) return fail(problem('invalid-name', subject, `${subject}: property name "${name}" ${bad}`));
  const op = m[4] as AssignmentOp;
  const value = m[5] ?? '';
  if (m[2] === undefined) return ok({ name, op, value });
  const nodeTexts = (m[3] ?? '').split(',').map((s) => s.trim());
  if (nodeTexts.length === 1 && nodeTexts[0] === '') return fail(problem('invalid-value', subject, `${subject}: the node list in {} is empty`));
  const problems = [];
  for (const n of nodeTexts) {
    const why = illegalNameReason(n);
    if (why !== undefined) problems.push(problem('invalid-name', subject, `${subject}: node name "${n}" ${why}`));
  }
  if (problems.length > 0) return fail(...problems);
  return ok({ name, op, value, nodes: [...new Set(nodeTexts)] });
}

/** The command-line spelling of an assignment (inverse of `parseAssignment` for text values). */
export function formatAssignment(a: Assignment): string {
  const nodes = a.nodes === undefined ? '' : `{${a.nodes.join(',')}}`;
  const value = typeof a.value === 'boolean' ? (a.value ? 'TRUE' : 'FALSE') : Array.isArray(a.value) ? a.value.join(',') : String(a.value);
  return `${a.name}${nodes}${a.op}${value}`;
}
