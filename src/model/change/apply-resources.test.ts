import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ClusterConfig } from '../cluster-config.js';
import { resourceValue } from '../effective.js';
import { nodeName } from '../names.js';
import type { Resource } from '../resource.js';
import type { Assignment } from './assignment.js';
import type { ConfigChange } from './change.js';
import { accepted, baseConfig, deepFreeze, DEMO, refusal } from './fixtures.js';

const base = deepFreeze(baseConfig());
const set = (name: string, value: Assignment['value'], op: Assignment['op'] = '=', nodes?: string[]): Assignment =>
  (nodes === undefined ? { name, op, value } : { name, op, value, nodes });
const create = (name: string, assignments: Assignment[] = [], more: Partial<Extract<ConfigChange, { kind: 'create-resource' }>> = {}): ConfigChange =>
  ({ kind: 'create-resource', name, group: 'g1', type: 'test.demo', assignments, enabled: false, ...more });
const resource = (c: ClusterConfig, name: string): Resource => {
  const r = c.resources.find((x) => x.name === name);
  assert.ok(r, `resource ${name}`);
  return r;
};

describe('create-resource', () => {
  it('stores system and extension values typed, under their declared spelling', () => {
    const c = accepted(base, [create('r3', [set('retry_count', '5'), set('PORT', '9000'), set('mode', 'FAST'), set('hosts', 'a,b')], { enabled: true, monitored: false })]);
    const r = resource(c, 'r3');
    assert.deepEqual(r.properties, { Retry_count: 5 });
    assert.deepEqual(r.extension, { Port: 9000, Mode: 'fast', Hosts: ['a', 'b'] });
    assert.equal(r.type, 'test.demo:1');
    assert.deepEqual([r.enabled, r.monitored], [true, false]);
  });

  it('finds the type by a short name, and refuses an unknown type', () => {
    assert.equal(resource(accepted(base, [create('r3', [], { type: 'demo' })]), 'r3').type, 'test.demo:1');
    const { problems, text } = refusal(base, [create('r3', [], { type: 'SUNW.nope' })]);
    assert.match(text, /resource r3: property Type names SUNW\.nope, which is not a registered resource type/);
    assert.equal(problems[0]?.code, 'unknown-object');
  });

  it('refuses duplicate and illegal names, and an unknown group', () => {
    assert.match(refusal(base, [create('r1')]).text, /resource r1: already exists/);
    assert.match(refusal(base, [create('r 3')]).text, /resource r 3: name must start with a letter/);
    assert.match(refusal(base, [create('r3', [], { group: 'nope' })]).text, /resource r3: property Group names group nope, which does not exist/);
  });

  it('refuses unknown properties, wrong types, out-of-range values and bad enum literals — all of them', () => {
    const { problems, text } = refusal(base, [create('r3', [set('Colour', 'red'), set('Retry_count', 'many'), set('Retry_count', '99'), set('Port', '80'), set('Mode', 'slow'), set('Greeting', 'x'.repeat(21)), set('Hosts', 'a,b,c,d')])]);
    assert.match(text, /resource r3: property Colour is not a property of type test\.demo:1/);
    assert.match(text, /resource r3: property Retry_count must be an integer, not "many"/);
    assert.match(text, /resource r3: property Retry_count = 99 is above its maximum 10/);
    assert.match(text, /resource r3: property Port = 80 is below its minimum 1024/);
    assert.match(text, /resource r3: property Mode must be one of fast, safe, not "slow"/);
    assert.match(text, /resource r3: property Greeting value is longer than 20 characters/);
    assert.match(text, /resource r3: property Hosts allows at most 3 elements, has 4/);
    assert.equal(problems.length, 7);
    assert.deepEqual(problems.map((p) => p.code), ['unknown-property', 'wrong-type', 'out-of-range', 'out-of-range', 'invalid-value', 'out-of-range', 'out-of-range']);
    assert.deepEqual(problems[2]?.target, { object: 'resource', name: 'r3', property: 'Retry_count' });
    assert.equal(problems[2]?.subject, 'resource r3, property Retry_count');
  });

  it('refuses illegal characters in values', () => {
    assert.match(refusal(base, [create('r3', [set('Greeting', 'a;b')])]).text, /property Greeting must not contain ";"/);
  });

  it('requires properties without a default, and refuses "+=" at creation', () => {
    assert.match(refusal(base, [create('r3', [], { type: 'test.needs' })]).text, /resource r3: property Target has no default and must be given a value at creation/);
    assert.ok(accepted(base, [create('r3', [set('Target', 'x')], { type: 'test.needs' })]));
    assert.match(refusal(base, [create('r3', [set('Hosts', 'a', '+=')])]).text, /property Hosts cannot use "\+=" at creation/);
  });

  it('stores per-node values, only for PER_NODE properties and cluster nodes', () => {
    const c = accepted(base, [create('r3', [set('Greeting', 'hi'), set('Greeting', 'moin', '=', ['n1', 'n2'])])]);
    const r = resource(c, 'r3');
    assert.deepEqual(r.perNode, { Greeting: { n1: 'moin', n2: 'moin' } });
    assert.equal(resourceValue(DEMO, r, 'greeting', nodeName('n2')), 'moin');
    assert.equal(resourceValue(DEMO, r, 'greeting', nodeName('n3')), 'hi');
    assert.match(refusal(base, [create('r3', [set('Port', '9000', '=', ['n1'])])]).text, /resource r3: property Port is not a per-node property/);
    assert.match(refusal(base, [create('r3', [set('Greeting', 'x', '=', ['n7'])])]).text, /resource r3: property Greeting\{n7\} names node n7, which is not a cluster node/);
  });

  it('allows Global_zone_override only on a Global_zone type', () => {
    assert.equal(resource(accepted(base, [create('r3', [set('Global_zone_override', 'FALSE')], { type: 'test.gz' })]), 'r3').properties['Global_zone_override'], false);
    assert.match(refusal(base, [create('r3', [set('Global_zone_override', 'FALSE')])]).text, /property Global_zone_override exists only for types with Global_zone=TRUE, and test\.demo:1 is not one/);
  });

  it('keeps failover types out of Scalable groups, and Scalable resources out of Failover groups', () => {
    const c = accepted(base, [{ kind: 'create-group', name: 'sc', assignments: [set('RG_mode', 'Scalable'), set('Maximum_primaries', 2)] }]);
    assert.match(refusal(c, [create('r3', [], { group: 'sc', type: 'test.fo' })]).text, /resource r3: has failover type test\.fo:1 \(Failover=TRUE\), which cannot be in Scalable group sc/);
    assert.ok(accepted(c, [create('r3', [set('Scalable', 'TRUE')], { group: 'sc' })]));
    assert.match(refusal(base, [create('r3', [set('Scalable', 'TRUE')])]).text, /property Scalable = TRUE needs a Scalable group, and g1 is a Failover group/);
  });

  it('allows one resource of a Single_instance type in the whole cluster', () => {
    const c = accepted(base, [create('s1', [], { type: 'test.single' })]);
    assert.match(refusal(c, [create('s2', [], { type: 'test.single', group: 'g2' })]).text, /resource s2: cannot be created: type test\.single:1 allows one resource in the cluster \(Single_instance=TRUE\), and s1 is it/);
  });

  it('accepts dependencies on existing resources with scope qualifiers', () => {
    const deps = 'r1{LOCAL_NODE},r2{any_node}';
    const c = accepted(base, [create('r3', [set('Resource_dependencies', deps), set('Resource_dependencies_weak', 'r1{FROM_RG_AFFINITIES}')])]);
    assert.deepEqual(resource(c, 'r3').properties['Resource_dependencies'], ['r1{LOCAL_NODE}', 'r2{any_node}']);
  });

  it('refuses dependencies on unknown resources, on itself, with a bad qualifier, or in a cycle', () => {
    assert.match(refusal(base, [create('r3', [set('Resource_dependencies', 'db')])]).text, /resource r3: property Resource_dependencies names resource db, which does not exist/);
    assert.match(refusal(base, [create('r3', [set('Resource_dependencies_restart', 'r3')])]).text, /property Resource_dependencies_restart cannot name the resource itself/);
    assert.match(refusal(base, [create('r3', [set('Resource_dependencies', 'r1{SOMEWHERE}')])]).text, /entry "r1\{SOMEWHERE\}" must be a resource name, optionally with \{LOCAL_NODE\}/);
    const c = accepted(base, [{ kind: 'set-resource', name: 'r1', assignments: [set('Resource_dependencies', 'r2')] }]);
    assert.match(refusal(c, [{ kind: 'set-resource', name: 'r2', assignments: [set('Resource_dependencies_weak', 'r1')] }]).text,
      /would make the resource dependencies circular: r1 -> r2 -> r1/);
  });

  it('keeps resources listed group by group', () => {
    const c = accepted(base, [create('x1', [], { group: 'g2' }), create('r3')]);
    assert.deepEqual(c.resources.map((r) => r.name), ['r1', 'r2', 'r3', 'x1']);
  });
});

describe('set-resource', () => {
  it('changes ANYTIME properties of an enabled resource', () => {
    const c = accepted(base, [{ kind: 'set-resource', name: 'r1', assignments: [set('Retry_count', '7'), set('Hosts', 'a,b'), set('Hosts', 'c', '+='), set('Hosts', 'a', '-=')] }]);
    assert.deepEqual(resource(c, 'r1').properties, { Retry_count: 7 });
    assert.deepEqual(resource(c, 'r1').extension, { Hosts: ['b', 'c'] });
  });

  it('appends without duplicates, and refuses removing what is not there', () => {
    const c = accepted(base, [{ kind: 'set-resource', name: 'r1', assignments: [set('Hosts', 'a,b'), set('Hosts', 'b,c', '+=')] }]);
    assert.deepEqual(resource(c, 'r1').extension['Hosts'], ['a', 'b', 'c']);
    assert.match(refusal(c, [{ kind: 'set-resource', name: 'r1', assignments: [set('Hosts', 'z', '-=')] }]).text, /resource r1: property Hosts does not contain "z", so it cannot be removed/);
    assert.match(refusal(c, [{ kind: 'set-resource', name: 'r1', assignments: [set('Retry_count', '1', '+=')] }]).text, /property Retry_count is a single INT value; "\+=" works only on lists/);
  });

  it('refuses NONE and AT_CREATION properties after creation', () => {
    const { text, problems } = refusal(base, [{ kind: 'set-resource', name: 'r2', assignments: [set('Locked', '2'), set('Mode', 'fast')] }]);
    assert.match(text, /resource r2: property Locked cannot be changed after creation \(Tunable NONE\)/);
    assert.match(text, /resource r2: property Mode can be set only at creation \(Tunable AT_CREATION\)/);
    assert.deepEqual(problems.map((p) => p.code), ['not-tunable', 'not-tunable']);
  });

  it('changes WHEN_DISABLED properties only while the resource is disabled', () => {
    assert.match(refusal(base, [{ kind: 'set-resource', name: 'r1', assignments: [set('Port', '9000')] }]).text,
      /resource r1: property Port can be changed only while the resource is disabled \(Tunable WHEN_DISABLED\)/);
    assert.match(refusal(base, [{ kind: 'set-resource', name: 'r1', assignments: [set('Cheap_probe_interval', '5')] }]).text, /Cheap_probe_interval can be changed only while the resource is disabled/);
    assert.equal(resource(accepted(base, [{ kind: 'set-resource', name: 'r2', assignments: [set('Port', '9000')] }]), 'r2').extension['Port'], 9000);
    const c = accepted(base, [
      { kind: 'disable-resource', name: 'r1' },
      { kind: 'set-resource', name: 'r1', assignments: [set('Port', '9000')] },
      { kind: 'enable-resource', name: 'r1' },
    ]);
    assert.deepEqual([resource(c, 'r1').extension['Port'], resource(c, 'r1').enabled], [9000, true]);
  });

  it('sets and resets per-node values', () => {
    const c = accepted(base, [{ kind: 'set-resource', name: 'r1', assignments: [set('Greeting', 'a', '=', ['n1']), set('Greeting', 'b', '=', ['n2'])] }]);
    assert.deepEqual(resource(c, 'r1').perNode, { Greeting: { n1: 'a', n2: 'b' } });
    const reset = accepted(c, [{ kind: 'set-resource', name: 'r1', assignments: [], reset: [{ name: 'greeting', nodes: ['n1'] }] }]);
    assert.deepEqual(resource(reset, 'r1').perNode, { Greeting: { n2: 'b' } });
    assert.deepEqual(resource(accepted(reset, [{ kind: 'set-resource', name: 'r1', assignments: [], reset: [{ name: 'Greeting', nodes: ['n2'] }] }]), 'r1').perNode, {});
  });

  it('refuses unknown resources and properties', () => {
    assert.match(refusal(base, [{ kind: 'set-resource', name: 'nope', assignments: [] }]).text, /resource nope: does not exist/);
    assert.match(refusal(base, [{ kind: 'set-resource', name: 'r1', assignments: [set('Nope', '1')] }]).text, /resource r1: property Nope is not a property of type test\.demo:1/);
  });
});

describe('delete-resource and the switches', () => {
  it('deletes a disabled resource nothing depends on', () => {
    assert.deepEqual(accepted(base, [{ kind: 'delete-resource', name: 'r2' }]).resources.map((r) => r.name), ['r1']);
  });

  it('refuses deleting an enabled resource', () => {
    assert.match(refusal(base, [{ kind: 'delete-resource', name: 'r1' }]).text, /resource r1: is enabled; disable it before deleting it/);
  });

  it('refuses deleting a resource another depends on, unless the dependency goes too', () => {
    const c = accepted(base, [{ kind: 'set-resource', name: 'r1', assignments: [set('Resource_dependencies', 'r2{LOCAL_NODE}')] }]);
    const { text, problems } = refusal(c, [{ kind: 'delete-resource', name: 'r2' }]);
    assert.match(text, /resource r2: cannot be deleted: resource r1 depends on it \(Resource_dependencies\)/);
    assert.equal(problems[0]?.code, 'in-use');
    const both = accepted(c, [{ kind: 'delete-resource', name: 'r2' }, { kind: 'set-resource', name: 'r1', assignments: [set('Resource_dependencies', 'r2{LOCAL_NODE}', '-=')] }]);
    assert.deepEqual(both.resources.map((r) => r.name), ['r1']);
  });

  it('enables, disables, monitors and unmonitors', () => {
    const c = accepted(base, [{ kind: 'enable-resource', name: 'r2' }, { kind: 'unmonitor-resource', name: 'r2' }]);
    assert.deepEqual([resource(c, 'r2').enabled, resource(c, 'r2').monitored], [true, false]);
    const back = accepted(c, [{ kind: 'disable-resource', name: 'r2' }, { kind: 'monitor-resource', name: 'r2' }]);
    assert.deepEqual([resource(back, 'r2').enabled, resource(back, 'r2').monitored], [false, true]);
    for (const kind of ['enable-resource', 'disable-resource', 'monitor-resource', 'unmonitor-resource', 'delete-resource'] as const) {
      assert.match(refusal(base, [{ kind, name: 'nope' }]).text, /resource nope: does not exist/);
    }
  });
});
