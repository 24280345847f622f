import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { getopt, parseIntOption, UsageError } from './getopt.js';
import { parseSignal } from './signals.js';

describe('getopt', () => {
  it('parses clustered flags, attached and separate values, and stops at the first operand', () => {
    const r = getopt(['-adv', '-t10', '-e', '42', 'prog', '-x', 'arg'], 't:ave:dx:');
    assert.deepEqual(r.options, [{ flag: 'a' }, { flag: 'd' }, { flag: 'v' }, { flag: 't', value: '10' }, { flag: 'e', value: '42' }]);
    assert.deepEqual(r.operands, ['prog', '-x', 'arg']);
  });

  it('ends options at -- and treats a lone - as an operand', () => {
    assert.deepEqual(getopt(['-a', '--', '-b'], 'ab').operands, ['-b']);
    assert.deepEqual(getopt(['-', '-a'], 'a').operands, ['-', '-a']);
  });

  it('rejects unknown options and missing values', () => {
    assert.throws(() => getopt(['-z'], 'a'), (e: unknown) => e instanceof UsageError && e.message === 'unknown option -z');
    assert.throws(() => getopt(['-t'], 't:'), /option -t requires a value/);
    assert.throws(() => getopt(['-:'], 'a:'), UsageError);
  });

  it('parses integers strictly within a range', () => {
    assert.equal(parseIntOption('n', '-1', -1), -1);
    for (const bad of ['', ' 1', '1.5', '0x10', '1e3', 'three']) assert.throws(() => parseIntOption('n', bad, -1), UsageError);
    assert.throws(() => parseIntOption('e', '256', 0, 255), /out of range 0..255/);
  });
});

describe('parseSignal', () => {
  it('accepts names in any case, with or without SIG, and numbers', () => {
    assert.deepEqual(parseSignal('KILL'), { name: 'SIGKILL', number: 9 });
    assert.deepEqual(parseSignal('sigterm'), { name: 'SIGTERM', number: 15 });
    assert.deepEqual(parseSignal('1'), { name: 'SIGHUP', number: 1 });
  });

  it('rejects what is not a signal', () => {
    for (const bad of ['', '0', 'NOPE', 'SIG', '-9', '999']) assert.equal(parseSignal(bad), undefined, bad);
  });
});
