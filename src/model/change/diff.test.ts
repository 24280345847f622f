import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { emptyConfig } from '../cluster-config.js';
import { applyChanges } from './apply.js';
import { configDiff } from './diff.js';
import { arbitraryConfig, canonical } from './config-arbitrary.js';
import { accepted, baseConfig, deepFreeze } from './fixtures.js';

const base = deepFreeze(baseConfig());
const withoutGeneration = <T extends { generation: number }>(c: T): T => ({ ...c, generation: 0 });

describe('configDiff', () => {
  it('is empty between a configuration and itself', () => {
    fc.assert(fc.property(arbitraryConfig, (c) => assert.deepEqual(configDiff(c, c), [])));
  });

  it('builds any configuration from an empty one, exactly', () => {
    fc.assert(fc.property(arbitraryConfig, (c) => {
      const r = applyChanges(emptyConfig('test'), configDiff(emptyConfig('test'), c));
      assert.ok(r.ok, r.ok ? '' : r.errors.map((e) => e.message).join('; '));
      assert.deepEqual(withoutGeneration(r.value), withoutGeneration(c));
    }), { numRuns: 150 });
  });

  it('turns one configuration into another (up to order), or is refused only by Tunable rules', () => {
    fc.assert(fc.property(arbitraryConfig, arbitraryConfig, (a, b) => {
      const r = applyChanges(a, configDiff(a, b));
      if (!r.ok) {
        assert.deepEqual([...new Set(r.errors.map((e) => e.code))], ['not-tunable'], r.errors.map((e) => e.message).join('; '));
        return;
      }
      assert.deepEqual(canonical(r.value), canonical(b));
    }), { numRuns: 200 });
  });

  it('orders the changes so that they apply: disable before delete, unmanage before delete, manage last', () => {
    const after = accepted(base, [
      { kind: 'delete-group', name: 'g1', force: true },
      { kind: 'create-group', name: 'g3', assignments: [] },
      { kind: 'create-resource', name: 'r9', group: 'g3', type: 'demo', assignments: [], enabled: true },
      { kind: 'manage-group', name: 'g3' },
    ]);
    assert.deepEqual(configDiff(base, after).map((c) => `${c.kind} ${'name' in c ? c.name : ''}`), [
      'disable-resource r1', 'delete-resource r1', 'delete-resource r2', 'unmanage-group g1', 'delete-group g1',
      'create-group g3', 'create-resource r9', 'manage-group g3',
    ]);
  });

  it('resets properties the target no longer sets', () => {
    const c = accepted(base, [{ kind: 'set-resource', name: 'r2', assignments: [{ name: 'Retry_count', op: '=', value: 4 }, { name: 'Greeting', op: '=', value: 'x', nodes: ['n1'] }] }]);
    assert.deepEqual(configDiff(c, base), [{ kind: 'set-resource', name: 'r2', assignments: [], reset: [{ name: 'Retry_count' }, { name: 'Greeting', nodes: ['n1'] }] }]);
  });
});
