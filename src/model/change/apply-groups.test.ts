import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ClusterConfig } from '../cluster-config.js';
import type { ResourceGroup } from '../group.js';
import type { Assignment } from './assignment.js';
import { accepted, baseConfig, deepFreeze, refusal } from './fixtures.js';

const base = deepFreeze(baseConfig());
const set = (name: string, value: Assignment['value'], op: Assignment['op'] = '='): Assignment => ({ name, op, value });
const group = (c: ClusterConfig, name: string): ResourceGroup => {
  const g = c.groups.find((x) => x.name === name);
  assert.ok(g, `group ${name}`);
  return g;
};

describe('create-group', () => {
  it('creates an unmanaged group with typed values under their declared spelling', () => {
    const c = accepted(base, [{ kind: 'create-group', name: 'web', assignments: [set('nodelist', 'n2,n1'), set('FAILBACK', 'true'), set('pingpong_interval', '60')] }]);
    const g = group(c, 'web');
    assert.equal(g.managed, false);
    assert.equal(g.suspended, false);
    assert.equal(g.flavor, 'resourceGroup');
    assert.deepEqual(g.properties, { Nodelist: ['n2', 'n1'], Failback: true, Pingpong_interval: 60 });
  });

  it('gives a group without Nodelist every node, and makes Maximum_primaries > 1 Scalable', () => {
    const c = accepted(base, [{ kind: 'create-group', name: 'wide', assignments: [set('Maximum_primaries', 3), set('Desired_primaries', 2)] }]);
    assert.deepEqual(group(c, 'wide').properties, { Nodelist: ['n1', 'n2', 'n3'], Maximum_primaries: 3, Desired_primaries: 2, RG_mode: 'Scalable' });
  });

  it('accepts zones the node declares in the Nodelist', () => {
    const c = accepted(base, [{ kind: 'create-group', name: 'z', assignments: [set('Nodelist', 'n1:z1,n2')] }]);
    assert.deepEqual(group(c, 'z').properties['Nodelist'], ['n1:z1', 'n2']);
  });

  it('refuses bad names, duplicates, unknown properties and bad values', () => {
    assert.match(refusal(base, [{ kind: 'create-group', name: 'g1', assignments: [] }]).text, /group g1: already exists/);
    assert.match(refusal(base, [{ kind: 'create-group', name: '-x', assignments: [] }]).text, /group -x: name must start with a letter/);
    assert.match(refusal(base, [{ kind: 'create-group', name: 'x', assignments: [set('Failbak', 'TRUE')] }]).text, /group x: property Failbak is not a property of a resource group/);
    assert.match(refusal(base, [{ kind: 'create-group', name: 'x', assignments: [set('Failback', 'maybe')] }]).text, /group x: property Failback must be TRUE or FALSE, not "maybe"/);
    assert.match(refusal(base, [{ kind: 'create-group', name: 'x', assignments: [set('Pingpong_interval', '-1')] }]).text, /group x: property Pingpong_interval = -1 is below its minimum 0/);
    assert.match(refusal(base, [{ kind: 'create-group', name: 'x', assignments: [set('RG_mode', 'Parallel')] }]).text, /must be one of Failover, Scalable, not "Parallel"/);
  });

  it('refuses "+=" and "-=" at creation', () => {
    assert.match(refusal(base, [{ kind: 'create-group', name: 'x', assignments: [set('Nodelist', 'n1', '+=')] }]).text, /group x: property Nodelist cannot use "\+=" at creation; use "="/);
  });

  it('checks the Nodelist against the cluster', () => {
    assert.match(refusal(base, [{ kind: 'create-group', name: 'x', assignments: [set('Nodelist', 'n1,n9')] }]).text, /group x: property Nodelist names node n9, which is not a cluster node/);
    assert.match(refusal(base, [{ kind: 'create-group', name: 'x', assignments: [set('Nodelist', 'n2:z1')] }]).text, /names n2:z1, but node n2 declares no zone z1/);
    assert.match(refusal(base, [{ kind: 'create-group', name: 'x', assignments: [set('Nodelist', 'n1,n1')] }]).text, /lists n1 twice/);
  });

  it('keeps primaries consistent with the mode', () => {
    assert.match(refusal(base, [{ kind: 'create-group', name: 'x', assignments: [set('RG_mode', 'Failover'), set('Maximum_primaries', 2)] }]).text,
      /group x: property Maximum_primaries = 2, but a Failover group is online on at most one node/);
    assert.match(refusal(base, [{ kind: 'create-group', name: 'x', assignments: [set('Desired_primaries', 2)] }]).text,
      /group x: property Desired_primaries = 2 is above Maximum_primaries 1/);
  });

  it('checks RG_affinities and RG_dependencies', () => {
    const ok = accepted(base, [{ kind: 'create-group', name: 'x', assignments: [set('RG_affinities', '++g1,--g2,+++g1,-g2,+g1'), set('RG_dependencies', 'g1')] }]);
    assert.deepEqual(group(ok, 'x').properties['RG_affinities'], ['++g1', '--g2', '+++g1', '-g2', '+g1']);
    assert.match(refusal(base, [{ kind: 'create-group', name: 'x', assignments: [set('RG_affinities', '*g1')] }]).text, /entry "\*g1" must be \+group/);
    assert.match(refusal(base, [{ kind: 'create-group', name: 'x', assignments: [set('RG_affinities', '++nope')] }]).text, /group x: property RG_affinities names group nope, which does not exist/);
    assert.match(refusal(base, [{ kind: 'create-group', name: 'x', assignments: [set('RG_dependencies', 'x')] }]).text, /property RG_dependencies cannot name the group itself/);
  });

  it('refuses circular RG_dependencies', () => {
    const c = accepted(base, [{ kind: 'set-group', name: 'g2', assignments: [set('RG_dependencies', 'g1')] }]);
    assert.match(refusal(c, [{ kind: 'set-group', name: 'g1', assignments: [set('RG_dependencies', 'g2')] }]).text, /would make the group dependencies circular: g1 -> g2 -> g1/);
  });

  it('creates a userApplication with the group properties', () => {
    const c = accepted(base, [{ kind: 'create-group', name: 'app', flavor: 'userApplication', assignments: [set('Failback', true)] }]);
    assert.equal(group(c, 'app').flavor, 'userApplication');
    assert.match(refusal(base, [{ kind: 'create-group', name: 'app', flavor: 'userApplication', assignments: [set('Nope', 1)] }]).text, /is not a property of a userApplication/);
  });

  it('gives a userApplication the RMS attributes, checked', () => {
    const c = accepted(base, [{ kind: 'create-group', name: 'app', flavor: 'userApplication', assignments: [set('autostartup', 'YES'), set('AutoSwitchOver', 'HostFailure|ShutDown')] }]);
    assert.deepEqual(group(c, 'app').properties, { Nodelist: ['n1', 'n2', 'n3'], AutoStartUp: 'yes', AutoSwitchOver: 'HostFailure|ShutDown' });
    assert.match(refusal(base, [{ kind: 'create-group', name: 'app', flavor: 'userApplication', assignments: [set('AutoSwitchOver', 'Sometimes')] }]).text,
      /group app: property AutoSwitchOver has unknown keyword "Sometimes"/);
    assert.match(refusal(base, [{ kind: 'create-group', name: 'g', assignments: [set('AutoStartUp', 'yes')] }]).text, /property AutoStartUp is not a property of a resource group/);
  });
});

describe('set-group', () => {
  it('sets, appends to and removes from lists', () => {
    const c = accepted(base, [{ kind: 'set-group', name: 'g1', assignments: [set('Nodelist', 'n3,n1', '+='), set('Nodelist', 'n2', '-='), set('Failback', 'TRUE')] }]);
    assert.deepEqual(group(c, 'g1').properties, { Nodelist: ['n1', 'n3'], Failback: true });
  });

  it('refuses removing what is not in the list, and "+=" on a single value', () => {
    assert.match(refusal(base, [{ kind: 'set-group', name: 'g1', assignments: [set('Nodelist', 'n3', '-=')] }]).text, /group g1: property Nodelist does not contain "n3", so it cannot be removed/);
    assert.match(refusal(base, [{ kind: 'set-group', name: 'g1', assignments: [set('Failback', 'TRUE', '+=')] }]).text, /property Failback is a single BOOLEAN value; "\+=" works only on lists/);
  });

  it('refuses AT_CREATION properties after creation, and unknown groups', () => {
    assert.match(refusal(base, [{ kind: 'set-group', name: 'g1', assignments: [set('RG_mode', 'Scalable')] }]).text, /group g1: property RG_mode can be set only at creation \(Tunable AT_CREATION\)/);
    assert.match(refusal(base, [{ kind: 'set-group', name: 'nope', assignments: [] }]).text, /group nope: does not exist/);
  });

  it('resets a property to its default', () => {
    const c = accepted(base, [{ kind: 'set-group', name: 'g1', assignments: [set('Failback', 'TRUE')] }]);
    assert.deepEqual(accepted(c, [{ kind: 'set-group', name: 'g1', assignments: [], reset: [{ name: 'failback' }] }]).groups[0]?.properties, { Nodelist: ['n1', 'n2'] });
  });
});

describe('delete-group', () => {
  it('deletes an empty unmanaged group', () => {
    assert.deepEqual(accepted(base, [{ kind: 'delete-group', name: 'g2' }]).groups.map((g) => g.name), ['g1']);
  });

  it('refuses a group with resources or managed, unless forced', () => {
    const { text } = refusal(base, [{ kind: 'delete-group', name: 'g1' }]);
    assert.match(text, /group g1: is managed; unmanage it first, or force the deletion/);
    assert.match(text, /group g1: still has resources \(r1, r2\)/);
    const c = accepted(base, [{ kind: 'delete-group', name: 'g1', force: true }]);
    assert.deepEqual(c.groups.map((g) => g.name), ['g2']);
    assert.deepEqual(c.resources, []);
  });

  it('refuses deleting an online group even when forced', () => {
    const online = { isGroupOffline: () => false };
    assert.match(refusal(base, [{ kind: 'delete-group', name: 'g1', force: true }], online).text, /group g1: is online; take it offline/);
  });

  it('refuses deleting a group another group names', () => {
    const c = accepted(base, [{ kind: 'set-group', name: 'g1', assignments: [set('RG_affinities', '++g2')] }]);
    assert.match(refusal(c, [{ kind: 'delete-group', name: 'g2' }]).text, /group g2: cannot be deleted: group g1 names it in RG_affinities/);
  });
});

describe('manage / unmanage / suspend / resume', () => {
  it('manages and suspends, idempotently', () => {
    const c = accepted(base, [{ kind: 'manage-group', name: 'g2' }, { kind: 'suspend-group', name: 'g2' }]);
    assert.deepEqual([group(c, 'g2').managed, group(c, 'g2').suspended], [true, true]);
    const again = accepted(c, [{ kind: 'manage-group', name: 'g2' }, { kind: 'suspend-group', name: 'g2' }]);
    assert.equal(again, c, 'nothing changed: the same configuration, same generation');
    assert.equal(group(accepted(c, [{ kind: 'resume-group', name: 'g2' }]), 'g2').suspended, false);
  });

  it('unmanages only an offline group', () => {
    assert.equal(group(accepted(base, [{ kind: 'unmanage-group', name: 'g1' }]), 'g1').managed, false);
    const online = { isGroupOffline: (g: string) => g !== 'g1' };
    assert.match(refusal(base, [{ kind: 'unmanage-group', name: 'g1' }], online).text, /group g1: must be offline before it can be unmanaged/);
  });

  it('refuses unknown groups', () => {
    for (const kind of ['manage-group', 'unmanage-group', 'suspend-group', 'resume-group'] as const) {
      assert.match(refusal(base, [{ kind, name: 'nope' }]).text, /group nope: does not exist/);
    }
  });
});
