import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEMO } from '../../model/change/fixtures.js';
import { formatPlan } from './format-plan.js';

describe('formatPlan', () => {
  it('prints one line per change, creations +, edits ~, deletions -, switches *', () => {
    assert.equal(formatPlan([
      { kind: 'add-node', name: 'n4', id: 4, zones: ['z1'] },
      { kind: 'register-type', type: DEMO },
      { kind: 'create-group', name: 'web', assignments: [{ name: 'Nodelist', op: '=', value: ['n1', 'n2'] }, { name: 'Failback', op: '=', value: true }] },
      { kind: 'create-resource', name: 'web-rs', group: 'web', type: 'test.demo:1', enabled: true, assignments: [{ name: 'Greeting', op: '=', value: 'hi', nodes: ['n1'] }] },
      { kind: 'set-resource', name: 'db-rs', assignments: [{ name: 'Retry_count', op: '=', value: 4 }], reset: [{ name: 'Port' }] },
      { kind: 'disable-resource', name: 'old-rs' },
      { kind: 'delete-resource', name: 'old-rs' },
      { kind: 'manage-group', name: 'web' },
    ]), [
      '+ node n4 (id 4) zones z1',
      '+ type test.demo:1 (built in)',
      '+ group web: Nodelist=n1,n2 Failback=TRUE',
      '+ resource web-rs (type test.demo:1, group web, enabled): Greeting{n1}=hi',
      '~ resource db-rs: Retry_count=4; reset Port',
      '* disable resource old-rs',
      '- resource old-rs',
      '* manage group web',
    ].join('\n'));
  });

  it('says when there is nothing to do', () => {
    assert.equal(formatPlan([]), 'no changes: the cluster already matches');
  });
});
