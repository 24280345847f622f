import { illegalValueReason, type Tunable } from '../model/index.js';
import type { Diagnostics } from './diagnostic.js';
import type { Token } from './lexer.js';
import type { Assignment } from './syntax.js';

/** RTR integers are C `int`s. */
const INT_MIN = -2_147_483_648;
const INT_MAX = 2_147_483_647;

/** The integer a token spells (`-1`, `300`, `"60"`), or undefined after reporting why not. */
export function readInt(t: Token, what: string, diags: Diagnostics): number | undefined {
  if (!/^[-+]?\d+$/.test(t.text)) {
    diags.error(t, `${what} must be an integer, not "${t.text}"`);
    return undefined;
  }
  const n = Number(t.text);
  if (n < INT_MIN || n > INT_MAX) {
    diags.error(t, `${what} ${t.text} is outside the 32-bit integer range`);
    return undefined;
  }
  return n;
}

/** TRUE or FALSE in any case. */
export function readBoolean(t: Token, what: string, diags: Diagnostics): boolean | undefined {
  const v = t.text.toUpperCase();
  if (v === 'TRUE') return true;
  if (v === 'FALSE') return false;
  diags.error(t, `${what} must be TRUE or FALSE, not "${t.text}"`);
  return undefined;
}

/**
 * The one value of `NAME = value;`, or undefined after reporting that it is missing or a list.
 * `allowEmpty` accepts `NAME = ;` and `NAME = "";` as the empty string.
 */
export function singleValue(a: Assignment, diags: Diagnostics, allowEmpty = false): Token | undefined {
  const [first, second] = a.values;
  if (second !== undefined) {
    diags.error(second, `${a.name.text} takes one value, not a list`);
    return undefined;
  }
  if (first === undefined) {
    if (allowEmpty && a.hasEquals) return { ...a.name, kind: 'string', text: '' };
    diags.error(a.name, `${a.name.text} needs a value`);
    return undefined;
  }
  if (first.text === '' && !allowEmpty) {
    diags.error(first, `${a.name.text} needs a non-empty value`);
    return undefined;
  }
  return first;
}

/**
 * A boolean statement: `NAME;` means TRUE (rt_reg(4)), `NAME = TRUE|FALSE;` says which.
 */
export function booleanStatement(a: Assignment, diags: Diagnostics): boolean | undefined {
  if (!a.hasEquals && a.values.length === 0) return true;
  const v = singleValue(a, diags);
  return v === undefined ? undefined : readBoolean(v, a.name.text, diags);
}

/** Property TUNABLE spellings (property_attributes(5)); FALSE and TRUE are the old names. */
const TUNABLES: Readonly<Record<string, Tunable>> = {
  NONE: 'NONE', FALSE: 'NONE', TRUE: 'ANYTIME', ANYTIME: 'ANYTIME', AT_CREATION: 'AT_CREATION', WHEN_DISABLED: 'WHEN_DISABLED',
};

export function readTunable(a: Assignment, diags: Diagnostics): Tunable | undefined {
  if (!a.hasEquals && a.values.length === 0) return 'ANYTIME';
  const v = singleValue(a, diags);
  if (v === undefined) return undefined;
  const tunable = TUNABLES[v.text.toUpperCase()];
  if (tunable === undefined) {
    diags.error(v, `TUNABLE must be NONE, FALSE, TRUE, ANYTIME, AT_CREATION or WHEN_DISABLED, not "${v.text}"`);
  }
  return tunable;
}

/** Characters RT_version may not contain (rt_properties(5)). */
const ILLEGAL_VERSION_CHARS = /[\s/\\*?,;[\]]/;

/** Why `version` is not a legal RT_version, or undefined. */
export function illegalVersionReason(version: string): string | undefined {
  if (version === '') return 'must not be empty';
  const bad = ILLEGAL_VERSION_CHARS.exec(version);
  if (bad !== null) {
    const shown = bad[0] === ' ' ? 'a space' : bad[0] === '\t' ? 'a tab' : /\s/.test(bad[0]) ? 'white space' : `"${bad[0]}"`;
    return `must not contain ${shown} (a version may not contain blanks, / \\ * ? , ; [ ])`;
  }
  if (!/^[\x21-\x7e]+$/.test(version)) return 'must be printable ASCII';
  return undefined;
}

/**
 * Checks a description (RT_DESCRIPTION, DESCRIPTION). Sun Cluster's value rules forbid ";" in
 * descriptions too, but a description is only ever displayed, so Ferry warns instead of refusing
 * the file; what would break a value (NUL, size) is still an error.
 */
export function checkDescription(v: Token, what: string, diags: Diagnostics): void {
  const why = illegalValueReason(v.text, true);
  if (why === undefined) return;
  if (illegalValueReason(v.text.replaceAll(';', ','), true) === undefined) {
    diags.warn(v, `${what} contains ";", which Sun Cluster does not allow in values; other tools may refuse this file`);
  } else {
    diags.error(v, `${what} ${why}`);
  }
}
