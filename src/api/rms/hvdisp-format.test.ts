import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ClusterConfig } from '../../model/index.js';
import type { ClusterView } from '../view/cluster-view.js';
import type { ClusterState } from './hv-client.js';
import { hvdispRows, renderHvdisp, selectRows } from './hvdisp-format.js';

const config = (app: string): ClusterConfig => ({
  clusterName: 'ovm', generation: 3,
  nodes: [{ name: 'cd1' as never, id: 1, zones: [] }, { name: 'cd2' as never, id: 2, zones: [] }],
  types: [{ name: 'ferry.Cmdline:1', resourceType: 'Cmdline' } as never],
  groups: [{ name: app as never, properties: { Nodelist: ['cd1', 'cd2'] }, managed: true, suspended: false, flavor: 'userApplication' }],
  resources: [{ name: 'guest1' as never, type: 'ferry.Cmdline:1' as never, group: app as never, properties: {}, extension: {}, perNode: {}, enabled: true, monitored: true }],
});

const view = (app: string): ClusterView => ({
  clusterName: 'ovm', generation: 3, revision: 1,
  nodes: [{ name: 'cd1', id: 1, state: 'UP', zones: [], rms: { state: 'Online', details: '' } }, { name: 'cd2', id: 2, state: 'DOWN', zones: [], rms: { state: 'Faulted', details: 'Killed' } }],
  groups: [{ name: app, flavor: 'userApplication', managed: true, suspended: false, mode: 'Failover', nodelist: ['cd1', 'cd2'], perNode: [
    { target: 'cd1', state: 'ONLINE', rms: { state: 'Online', details: '' } },
    { target: 'cd2', state: 'OFFLINE', rms: { state: 'Faulted', details: 'Failed Over' } },
  ] }],
  resources: [{ name: 'guest1', group: app, type: 'ferry.Cmdline:1', enabled: true, monitored: true, perNode: [
    { target: 'cd1', state: 'ONLINE', status: 'OK', message: '', rms: { state: 'Online', details: '' } },
    { target: 'cd2', state: 'OFFLINE', status: 'OFFLINE', message: '', rms: { state: 'Offline', details: '' } },
  ] }],
});

const state = (app = 'app_guest1'): ClusterState => ({ config: config(app), view: view(app) });
const opts = { local: 'cd1', configuration: 'ovm (generation 3)' };

describe('hvdisp layout (primecluster §5)', () => {
  it('header, rule and five columns at RMS\'s positions; HostName empty for local objects', () => {
    const text = renderHvdisp(hvdispRows(state('app1'), 'cd1', false), opts);
    assert.equal(text, [
      'Local System:  cd1RMS',
      'Configuration: ovm (generation 3)',
      '',
      'Resource            Type    HostName            State        StateDetails',
      '-'.repeat(77),
      'cd1RMS              SysNode                     Online',
      'cd2RMS              SysNode                     Faulted      Killed',
      'app1                userApp                     Online',
      'Machine000_app1     andOp   cd1RMS              Online',
      'Machine001_app1     andOp   cd2RMS              Faulted      Failed Over',
      'guest1              gRes                        Online',
    ].join('\n'));
  });

  it('a long name widens its column: every field stays separated by blanks', () => {
    const text = renderHvdisp(hvdispRows(state(), 'cd1', true), opts);
    const lines = text.split('\n').slice(5);
    const starts = (l: string): number[] => [...l.matchAll(/\S+/g)].map((m) => m.index ?? 0);
    const header = text.split('\n')[3] ?? '';
    const col = starts(header);
    for (const l of lines) {
      const fields = l.trim().split(/\s+/);
      assert.ok(fields.length >= 3, l);
      assert.equal(l.indexOf(fields[1] ?? ''), col[1], `Type column of: ${l}`);
    }
  });

  it('-a adds the instances on the other SysNodes with their HostName', () => {
    const rows = hvdispRows(state(), 'cd1', true).filter((r) => r.type === 'userApp' || r.type === 'gRes');
    assert.deepEqual(rows.map((r) => [r.resource, r.hostName, r.state, r.details]), [
      ['app_guest1', '', 'Online', ''], ['app_guest1', 'cd2RMS', 'Faulted', 'Failed Over'], ['guest1', '', 'Online', ''], ['guest1', 'cd2RMS', 'Offline', ''],
    ]);
  });

  it('from the other SysNode, the local instance is that node\'s', () => {
    const rows = hvdispRows(state(), 'cd2', false).filter((r) => r.type === 'userApp');
    assert.deepEqual(rows.map((r) => [r.hostName, r.state, r.details]), [['', 'Faulted', 'Failed Over']]);
  });

  it('-T keeps one type (RMS names and aliases, or a resource type); a bad type or object is an error', () => {
    const c = state();
    const all = hvdispRows(c, 'cd1', false);
    assert.deepEqual(selectRows(c, all, { type: 'userApplication' }).map((r) => r.resource), ['app_guest1']);
    assert.deepEqual(selectRows(c, all, { type: 'SysNode' }).map((r) => r.resource), ['cd1RMS', 'cd2RMS']);
    assert.deepEqual(selectRows(c, all, { type: 'Cmdline' }).map((r) => r.resource), ['guest1']);
    assert.deepEqual(selectRows(c, all, { type: 'gresource' }).map((r) => r.resource), ['guest1']);
    assert.deepEqual(selectRows(c, all, { object: 'guest1' }).map((r) => r.type), ['gRes']);
    assert.throws(() => selectRows(c, all, { type: 'Bogus' }), /-T Bogus: unknown type/);
    assert.throws(() => selectRows(c, all, { object: 'nope' }), /nope: no such object/);
  });
});
