import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ResourceGroup } from './group.js';
import { groupName } from './names.js';
import { parseValue } from './property.js';
import { USER_APPLICATION_PROPERTIES, anyGroupValue, parseAutoSwitchOver, parseStandbyTransitions, rmsFlag } from './rms-properties.js';

const app = (properties: ResourceGroup['properties']): ResourceGroup => ({ name: groupName('app'), properties, managed: true, suspended: false, flavor: 'userApplication' });

test('userApplication attributes have RMS defaults and are read case-insensitively', () => {
  const a = app({ autostartup: 'yes' });
  assert.equal(anyGroupValue(a, 'AutoStartUp'), 'yes');
  assert.equal(anyGroupValue(a, 'AutoSwitchOver'), 'No');
  assert.equal(anyGroupValue(a, 'PartialCluster'), 0);
  assert.equal(anyGroupValue(a, 'HaltFlag'), 'no');
  assert.equal(anyGroupValue(a, 'PreCheckScript'), '');
  assert.deepEqual(anyGroupValue(a, 'Nodelist'), []);
  assert.equal(anyGroupValue(a, 'Pingpong_interval'), 3600);
});

test('a resource group does not see RMS attributes', () => {
  const rg: ResourceGroup = { ...app({}), flavor: 'resourceGroup' };
  assert.equal(anyGroupValue(rg, 'AutoStartUp'), undefined);
  assert.equal(anyGroupValue(rg, 'Auto_start_on_new_cluster'), true);
});

test('RMS yes/no and 0/1 values parse through the schemas', () => {
  const schema = USER_APPLICATION_PROPERTIES.find((s) => s.name === 'AutoStartUp');
  assert.ok(schema);
  assert.equal(parseValue(schema, 'YES', 'AutoStartUp'), 'yes');
  assert.equal(typeof parseValue(schema, 'maybe', 'AutoStartUp'), 'object');
  assert.equal(rmsFlag('yes'), true);
  assert.equal(rmsFlag('No'), false);
  assert.equal(rmsFlag(1), true);
  assert.equal(rmsFlag(0), false);
  assert.equal(rmsFlag(undefined), false);
});

test('AutoSwitchOver: keyword combinations, No, legacy numbers, and bad input', () => {
  assert.deepEqual([...(parseAutoSwitchOver('HostFailure|ResourceFailure') as Set<string>)], ['HostFailure', 'ResourceFailure']);
  assert.deepEqual([...(parseAutoSwitchOver('shutdown') as Set<string>)], ['ShutDown']);
  assert.equal((parseAutoSwitchOver('No') as Set<string>).size, 0);
  assert.equal((parseAutoSwitchOver(0) as Set<string>).size, 0);
  assert.equal((parseAutoSwitchOver(1) as Set<string>).size, 3);
  assert.match(parseAutoSwitchOver('No|HostFailure') as string, /cannot be combined/);
  assert.match(parseAutoSwitchOver('HostFailure|Meteor') as string, /unknown keyword "Meteor"/);
  assert.deepEqual([...(parseStandbyTransitions('StartUp|SwitchRequest') as Set<string>)], ['StartUp', 'SwitchRequest']);
  assert.equal(typeof parseStandbyTransitions('Sometimes'), 'string');
});
