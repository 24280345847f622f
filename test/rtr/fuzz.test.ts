// Property tests: whatever text it is given, the RTR parser returns (never throws) either a
// type or at least one error, and every diagnostic points inside the text.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { parseRtr, type RtrResult } from '../../src/rtr/index.js';
import { corpus, readShared } from './rtr-corpus.js';

const seeds = [...corpus('valid').map((f) => f.text), readShared('SUNW.qfs'), readShared('SUNW.hasam')];

/** Tokens and fragments that steer mutations into the parser's interesting corners. */
const FRAGMENTS = [
  '{', '}', ';', '=', ',', '"', '#', '#$', '#$upgrade\n', '#$upgrade_from "1" anytime\n', '\n', '\r\n', ' ', '\t',
  'PROPERTY', 'EXTENSION', 'DEFAULT', 'ENUM {', 'ENUMLIST', 'TUNABLE', 'PER_NODE', 'MIN', 'MAX', 'INT', 'STRINGARRAY',
  'RESOURCE_TYPE', 'RT_VERSION', 'START', 'STOP', 'Start_timeout', '""', '-1', '0', '99999999999', '\u0000', 'é',
];

type Mutation =
  | { kind: 'flip'; at: number; char: string }
  | { kind: 'truncate'; at: number }
  | { kind: 'insert'; at: number; fragment: string }
  | { kind: 'delete'; at: number; length: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), char: fc.char() }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), fragment: fc.constantFrom(...FRAGMENTS) }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 40 }) }),
);

function mutate(text: string, m: Mutation): string {
  const at = text.length === 0 ? 0 : m.at % (text.length + 1);
  switch (m.kind) {
    case 'flip': return text.slice(0, at) + m.char + text.slice(at + 1);
    case 'truncate': return text.slice(0, at);
    case 'insert': return text.slice(0, at) + m.fragment + text.slice(at);
    case 'delete': return text.slice(0, at) + text.slice(at + m.length);
  }
}

/** The contract every result must keep, whatever the input. */
function assertWellFormed(text: string, r: RtrResult): void {
  const lines = text.split('\n');
  const diagnostics = r.ok ? r.warnings : r.errors;
  if (!r.ok) assert.ok(r.errors.length >= 1, 'a rejected file has at least one error');
  else assert.ok(r.type.name.length > 0);
  for (const d of diagnostics) {
    assert.equal(d.file, 'fuzz.rtr');
    assert.ok(Number.isInteger(d.line) && d.line >= 1 && d.line <= lines.length, `line ${d.line} outside 1..${lines.length}: ${d.message}`);
    const width = lines[d.line - 1]?.length ?? 0;
    assert.ok(Number.isInteger(d.column) && d.column >= 1 && d.column <= width + 1, `column ${d.column} outside 1..${width + 1} on line ${d.line}: ${d.message}`);
    assert.ok(d.message.length > 0);
  }
}

const check = (text: string): void => assertWellFormed(text, parseRtr(text, 'fuzz.rtr'));

void describe('RTR parser on arbitrary input', () => {
  void test('random strings', () => {
    fc.assert(fc.property(fc.string({ maxLength: 300 }), check), { numRuns: 3000 });
  });

  void test('random strings made of RTR tokens', () => {
    const tokens = fc.array(fc.constantFrom(...FRAGMENTS, 'x', '"a b"', 'TRUE', '/opt/x'), { maxLength: 80 }).map((ts) => ts.join(' '));
    fc.assert(fc.property(tokens, check), { numRuns: 3000 });
  });

  void test('mutations of valid files (byte flips, truncation, token insertion and deletion)', () => {
    const mutated = fc.tuple(fc.constantFrom(...seeds), fc.array(mutation, { minLength: 1, maxLength: 6 }))
      .map(([seed, ms]) => ms.reduce(mutate, seed));
    fc.assert(fc.property(mutated, check), { numRuns: 5000 });
  });

  void test('parsing is deterministic', () => {
    const mutated = fc.tuple(fc.constantFrom(...seeds), mutation).map(([seed, m]) => mutate(seed, m));
    fc.assert(fc.property(mutated, (text) => {
      assert.deepEqual(parseRtr(text, 'a.rtr'), parseRtr(text, 'a.rtr'));
    }), { numRuns: 200 });
  });
});
