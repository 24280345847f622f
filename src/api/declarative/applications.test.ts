import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { emptyConfig } from '../../model/index.js';
import { loadBuiltinTypes } from '../../types/index.js';
import { loadClusterFile, type ReadFile } from './load.js';
import { planApply } from './plan.js';

const memoryFiles = (files: Record<string, string>): ReadFile => async (path) => {
  const text = files[path];
  if (text === undefined) throw new Error(`ENOENT: ${path}`);
  return text;
};
/** A fresh cluster: built-in types are registered at start. */
const cluster = () => ({ ...emptyConfig('ovm'), types: loadBuiltinTypes() });
const load = (yaml: string) => loadClusterFile('/v/cluster.yaml', memoryFiles({ '/v/cluster.yaml': yaml }));

const GUEST = `cluster: ovm
nodes: [cd1, cd2]
applications:
  app_guest1:
    properties:
      Nodelist: [cd1, cd2]
      AutoStartUp: yes
      AutoSwitchOver: HostFailure|ResourceFailure
      HaltFlag: no
    resources:
      guest1:
        type: Cmdline
        properties:
          Start_command: /opt/ovm/ldom-start guest1
          Check_command: /opt/ovm/ldom-check guest1
          TIMEOUT: 600
`;

describe('applications: (RMS userApplications in cluster.yaml)', () => {
  it('an entry under applications is a managed group of flavor userApplication with its RMS attributes', async () => {
    const r = await load(GUEST);
    assert.ok(r.ok, r.ok ? '' : r.errors.map((e) => e.message).join('\n'));
    const [g] = r.value.groups;
    assert.equal(g?.name, 'app_guest1');
    assert.equal(g?.flavor, 'userApplication');
    assert.equal(g?.managed, true);
    const plan = planApply(cluster(), r.value, { builtinTypes: loadBuiltinTypes() });
    assert.ok(plan.ok, plan.ok ? '' : plan.errors.map((e) => e.message).join('\n'));
    const group = plan.value.config.groups.find((x) => x.name === 'app_guest1');
    assert.equal(group?.flavor, 'userApplication');
    assert.equal(group?.properties['AutoSwitchOver'], 'HostFailure|ResourceFailure');
    const res = plan.value.config.resources.find((x) => x.name === 'guest1');
    assert.equal(res?.extension['TIMEOUT'], 600);
    assert.equal(res?.type, 'ferry.Cmdline:1');
  });

  it('a bad RMS attribute is reported at its line under applications', async () => {
    const r = await load(GUEST.replace('HaltFlag: no', 'HaltFlag: maybe'));
    assert.ok(r.ok);
    const plan = planApply(cluster(), r.value, { builtinTypes: loadBuiltinTypes() });
    assert.equal(plan.ok, false);
    const msg = plan.ok ? '' : plan.errors.map((e) => e.message).join('\n');
    assert.match(msg, /^\/v\/cluster\.yaml:9:\d+: applications\.app_guest1\.properties\.HaltFlag: .*yes, no/m);
  });

  it('flavor is not a field of an application, and a name may not be both a group and an application', async () => {
    const flavored = await load(GUEST.replace('  app_guest1:\n', '  app_guest1:\n    flavor: resourceGroup\n'));
    assert.equal(flavored.ok, false);
    assert.match(flavored.ok ? '' : flavored.errors[0]?.message ?? '', /applications\.app_guest1\.flavor: is not a known field/);
    const twice = await load(`${GUEST}groups:\n  app_guest1: {}\n`);
    assert.equal(twice.ok, false);
    assert.match(twice.ok ? '' : twice.errors[0]?.message ?? '', /app_guest1 is also listed under groups/);
  });
});
