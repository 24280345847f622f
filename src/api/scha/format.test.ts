import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { SCHA_ERRORS, schaExitCode, SchaError } from './errors.js';
import { formatSchaValue, schaOutput } from './format.js';

test('each answer kind prints as scha_cmds(1HA) documents', () => {
  assert.deepEqual(formatSchaValue({ kind: 'boolean', value: true }), ['TRUE']);
  assert.deepEqual(formatSchaValue({ kind: 'boolean', value: false }), ['FALSE']);
  assert.deepEqual(formatSchaValue({ kind: 'int', value: -1 }), ['-1']);
  assert.deepEqual(formatSchaValue({ kind: 'enum', value: 'ONLINE' }), ['ONLINE']);
  assert.deepEqual(formatSchaValue({ kind: 'string' }), [], 'NULL prints nothing');
  assert.deepEqual(formatSchaValue({ kind: 'string', value: '' }), []);
  assert.deepEqual(formatSchaValue({ kind: 'string', value: 'a b' }), ['a b']);
  assert.deepEqual(formatSchaValue({ kind: 'array', values: ['n1', 'n2'] }), ['n1', 'n2']);
  assert.deepEqual(formatSchaValue({ kind: 'status', status: 'DEGRADED' }), ['DEGRADED', '']);
  assert.deepEqual(formatSchaValue({ kind: 'extension', type: 'INT', value: { kind: 'int', value: 80 } }), ['INT', '80']);
  assert.deepEqual(formatSchaValue({ kind: 'extension', type: 'STRING' }), ['STRING']);
  assert.equal(schaOutput({ kind: 'status', status: 'ONLINE', message: 'up' }), 'ONLINE\nup\n');
});

test('a string array prints one element a line, whatever the elements', () => {
  fc.assert(fc.property(fc.array(fc.string({ minLength: 1 }).filter((s) => !s.includes('\n'))), (values) => {
    assert.deepEqual(formatSchaValue({ kind: 'array', values }), values);
  }));
});

test('exit codes are the scha_err_t numbers; unknown codes are SCHA_ERR_INTERNAL', () => {
  assert.equal(schaExitCode('SCHA_ERR_NOERR'), 0);
  assert.equal(schaExitCode('SCHA_ERR_INVAL'), 3);
  assert.equal(schaExitCode('SCHA_ERR_TAG'), 4);
  assert.equal(schaExitCode('SCHA_ERR_RSRC'), 13);
  assert.equal(schaExitCode('SCHA_ERR_CHECKS'), 16);
  assert.equal(schaExitCode('nonsense'), SCHA_ERRORS.SCHA_ERR_INTERNAL);
  assert.equal(new SchaError('SCHA_ERR_RG', 'x').exitCode, 12);
  const numbers = Object.values(SCHA_ERRORS);
  assert.equal(new Set(numbers).size, numbers.length, 'every code has its own number');
});
