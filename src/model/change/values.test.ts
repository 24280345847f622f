import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { PropertySchema } from '../property.js';
import { tunabilityReason } from './values.js';

const schema = (tunable: PropertySchema['tunable']): PropertySchema => ({ name: 'P', extension: true, type: 'INT', tunable, perNode: false });

describe('tunabilityReason', () => {
  it('allows ANYTIME, never NONE or AT_CREATION, and WHEN_DISABLED by the object\'s own rule', () => {
    const busy = (): string => 'can be changed only while the group is unmanaged or offline (Tunable WHEN_DISABLED)';
    const idle = (): undefined => undefined;
    assert.equal(tunabilityReason(schema('ANYTIME'), busy), undefined);
    assert.equal(tunabilityReason(schema('NONE'), idle), 'cannot be changed after creation (Tunable NONE)');
    assert.equal(tunabilityReason(schema('AT_CREATION'), idle), 'can be set only at creation (Tunable AT_CREATION)');
    assert.equal(tunabilityReason(schema('WHEN_DISABLED'), busy), busy());
    assert.equal(tunabilityReason(schema('WHEN_DISABLED'), idle), undefined);
  });
});
