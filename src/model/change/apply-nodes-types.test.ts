import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { emptyConfig } from '../cluster-config.js';
import { accepted, baseConfig, deepFreeze, DEMO, GLOBAL, refusal, testType } from './fixtures.js';

const base = deepFreeze(baseConfig());

describe('set-cluster-name', () => {
  it('renames, and refuses an illegal name', () => {
    assert.equal(accepted(base, [{ kind: 'set-cluster-name', name: 'prod' }]).clusterName, 'prod');
    assert.match(refusal(base, [{ kind: 'set-cluster-name', name: '' }]).text, /cluster: name must not be empty/);
  });
});

describe('add-node / remove-node / set-node-zones', () => {
  it('adds a node with the next id and its zones', () => {
    const c = accepted(base, [{ kind: 'add-node', name: 'n4', zones: ['web'] }]);
    assert.deepEqual(c.nodes.at(-1), { name: 'n4', id: 4, zones: ['web'] });
    assert.equal(c.generation, base.generation + 1);
  });

  it('takes an explicit id, but not one in use', () => {
    assert.equal(accepted(base, [{ kind: 'add-node', name: 'n9', id: 9 }]).nodes.at(-1)?.id, 9);
    assert.match(refusal(base, [{ kind: 'add-node', name: 'n9', id: 2 }]).text, /node n9: node id 2 is already used by node n2/);
    assert.match(refusal(base, [{ kind: 'add-node', name: 'n9', id: 0 }]).text, /node id 0 must be a positive integer/);
  });

  it('refuses a duplicate, an illegal name and bad zones', () => {
    assert.match(refusal(base, [{ kind: 'add-node', name: 'n1' }]).text, /node n1: is already a cluster node/);
    assert.match(refusal(base, [{ kind: 'add-node', name: 'node 4' }]).text, /node node 4: name must start with a letter/);
    assert.match(refusal(base, [{ kind: 'add-node', name: 'n4', zones: ['a', 'a'] }]).text, /declares zone a twice/);
    assert.match(refusal(base, [{ kind: 'add-node', name: 'n4', zones: ['9z'] }]).text, /zone name "9z"/);
  });

  it('removes a node nothing refers to, and refuses one a Nodelist names', () => {
    assert.deepEqual(accepted(base, [{ kind: 'remove-node', name: 'n3' }]).nodes.map((n) => n.name), ['n1', 'n2']);
    const { problems, text } = refusal(base, [{ kind: 'remove-node', name: 'n2' }]);
    assert.match(text, /node n2: cannot be removed: group g1 lists it in its Nodelist/);
    assert.equal(problems[0]?.code, 'in-use');
    assert.match(refusal(base, [{ kind: 'remove-node', name: 'n7' }]).text, /node n7: is not a cluster node/);
  });

  it('removes a node once the same batch takes it out of the Nodelist', () => {
    const c = accepted(base, [
      { kind: 'set-group', name: 'g1', assignments: [{ name: 'Nodelist', op: '-=', value: 'n2' }] },
      { kind: 'remove-node', name: 'n2' },
    ]);
    assert.deepEqual(c.groups[0]?.properties['Nodelist'], ['n1']);
  });

  it('refuses removing a node that still has per-node values', () => {
    const c = accepted(base, [{ kind: 'set-resource', name: 'r1', assignments: [{ name: 'Greeting', op: '=', value: 'hi', nodes: ['n3'] }] }]);
    assert.match(refusal(c, [{ kind: 'remove-node', name: 'n3' }]).text, /node n3: cannot be removed: resource r1 has a value of Greeting for it/);
  });

  it('changes zones, and refuses dropping a zone a Nodelist uses', () => {
    const c = accepted(base, [{ kind: 'set-group', name: 'g2', assignments: [{ name: 'Nodelist', op: '=', value: 'n1:z1' }] }]);
    assert.deepEqual(accepted(c, [{ kind: 'set-node-zones', name: 'n1', zones: ['z1', 'z2'] }]).nodes[0]?.zones, ['z1', 'z2']);
    assert.match(refusal(c, [{ kind: 'set-node-zones', name: 'n1', zones: [] }]).text, /group g2: property Nodelist names n1:z1, but node n1 declares no zone z1/);
    assert.match(refusal(c, [{ kind: 'set-node-zones', name: 'nx', zones: [] }]).text, /node nx: is not a cluster node/);
  });
});

describe('register-type / unregister-type', () => {
  it('registers a type once', () => {
    const t = testType('other');
    assert.equal(accepted(base, [{ kind: 'register-type', type: t }]).types.at(-1), t);
    assert.match(refusal(base, [{ kind: 'register-type', type: DEMO }]).text, /type test\.demo:1: is already registered/);
    assert.match(refusal(base, [{ kind: 'register-type', type: { ...t, name: DEMO.name.toUpperCase() as typeof t.name } }]).text, /is already registered/);
  });

  it('needs trust for a Global_zone type', () => {
    const fresh = emptyConfig('x');
    assert.match(refusal(fresh, [{ kind: 'register-type', type: GLOBAL }]).text, /Global_zone=TRUE: .* must be explicitly trusted/);
    assert.equal(accepted(fresh, [{ kind: 'register-type', type: GLOBAL, trustGlobalZone: true }]).types.length, 1);
  });

  it('unregisters an unused type by a short name, not one in use or a system type', () => {
    assert.equal(accepted(base, [{ kind: 'unregister-type', name: 'test.fo' }]).types.some((t) => t.resourceType === 'fo'), false);
    const { problems, text } = refusal(base, [{ kind: 'unregister-type', name: 'test.demo:1' }]);
    assert.match(text, /type test\.demo:1: cannot be unregistered while resources use it: r1, r2/);
    assert.equal(problems[0]?.code, 'in-use');
    assert.match(refusal(base, [{ kind: 'unregister-type', name: 'nope' }]).text, /type nope: is not a registered resource type/);
    const sys = accepted(base, [{ kind: 'register-type', type: testType('core', { rtSystem: true }) }]);
    assert.match(refusal(sys, [{ kind: 'unregister-type', name: 'test.core' }]).text, /RT_system=TRUE/);
  });
});
