import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { applyChanges } from './apply.js';
import { arbitraryConfig } from './config-arbitrary.js';
import { accepted, baseConfig, deepFreeze, refusal } from './fixtures.js';

const base = deepFreeze(baseConfig());

describe('applyChanges as a whole', () => {
  it('applies nothing when any change is refused, and reports every problem of every change', () => {
    const before = structuredClone(base);
    const { problems } = refusal(base, [
      { kind: 'add-node', name: 'n4' },
      { kind: 'create-group', name: 'web', assignments: [{ name: 'Failback', op: '=', value: 'TRUE' }] },
      { kind: 'set-resource', name: 'r1', assignments: [{ name: 'Retry_count', op: '=', value: '99' }, { name: 'Port', op: '=', value: '9000' }] },
      { kind: 'delete-group', name: 'nope' },
    ]);
    assert.deepEqual(problems.map((p) => p.message), [
      'resource r1: property Retry_count = 99 is above its maximum 10',
      'resource r1: property Port can be changed only while the resource is disabled (Tunable WHEN_DISABLED)',
      'group nope: does not exist',
    ]);
    assert.deepEqual(base, before);
    assert.equal(base.generation, before.generation);
  });

  it('increments the generation once per accepted batch', () => {
    const c = accepted(base, [{ kind: 'add-node', name: 'n4' }, { kind: 'add-node', name: 'n5' }]);
    assert.equal(c.generation, base.generation + 1);
  });

  it('returns the input itself when the batch changes nothing', () => {
    const r = applyChanges(base, [{ kind: 'enable-resource', name: 'r1' }, { kind: 'manage-group', name: 'g1' }]);
    assert.ok(r.ok);
    assert.equal(r.value, base);
    const none = applyChanges(base, []);
    assert.ok(none.ok && none.value === base);
  });

  it('sees earlier changes of the batch (create a group, then a resource in it)', () => {
    const c = accepted(base, [
      { kind: 'create-group', name: 'web', assignments: [] },
      { kind: 'create-resource', name: 'web-rs', group: 'web', type: 'demo', assignments: [], enabled: true },
      { kind: 'manage-group', name: 'web' },
    ]);
    assert.equal(c.resources.find((r) => r.name === 'web-rs')?.group, 'web');
  });

  it('never modifies its (deep-frozen) input, accepted or refused', () => {
    fc.assert(fc.property(arbitraryConfig, fc.boolean(), (config, breakIt) => {
      const frozen = deepFreeze(config);
      const snapshot = JSON.stringify(frozen);
      const changes = [
        { kind: 'add-node', name: 'n9' },
        ...frozen.groups.map((g) => ({ kind: 'set-group', name: g.name, assignments: [{ name: 'Failback', op: '=', value: breakIt ? 'perhaps' : 'TRUE' }] }) as const),
        ...frozen.resources.map((r) => ({ kind: 'disable-resource', name: r.name }) as const),
      ] as const;
      applyChanges(frozen, changes);
      assert.equal(JSON.stringify(frozen), snapshot);
    }), { numRuns: 50 });
  });
});
