import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { emptyConfig, type ClusterConfig } from '../../model/index.js';
import { DEMO, TEST_TYPES } from '../../model/change/fixtures.js';
import type { DesiredCluster } from './desired.js';
import { loadClusterFile, type ReadFile } from './load.js';
import { planApply, type Plan, type PlanOptions } from './plan.js';

const memoryFiles = (files: Record<string, string>): ReadFile => async (path) => {
  const text = files[path];
  if (text === undefined) throw new Error(`ENOENT: ${path}`);
  return text;
};
const builtins: PlanOptions = { builtinTypes: TEST_TYPES };

async function desired(yaml: string): Promise<DesiredCluster> {
  const r = await loadClusterFile('cluster.yaml', memoryFiles({ [`${process.cwd()}/cluster.yaml`]: yaml, 'cluster.yaml': yaml }));
  assert.ok(r.ok, r.ok ? '' : r.errors.map((e) => e.message).join('\n'));
  return r.value;
}

async function plan(current: ClusterConfig, yaml: string, options: PlanOptions = builtins): Promise<Plan> {
  const r = planApply(current, await desired(yaml), options);
  assert.ok(r.ok, r.ok ? '' : r.errors.map((e) => e.message).join('\n'));
  return r.value;
}

async function refused(current: ClusterConfig, yaml: string, options: PlanOptions = builtins): Promise<string> {
  const r = planApply(current, await desired(yaml), options);
  assert.equal(r.ok, false, 'expected the plan to be refused');
  return r.ok ? '' : r.errors.map((e) => e.message).join('\n');
}

const FILE = `cluster: demo
nodes: [n1, n2, n3]
types:
  - name: test.demo
groups:
  web-rg:
    properties:
      Nodelist: [n1, n2]
      Failback: true
    resources:
      web-rs:
        type: demo
        properties:
          Retry_count: 3
          Port: 9000
        perNode:
          Greeting: { n2: moin }
      db-rs:
        type: demo
        enabled: false
`;

describe('planApply', () => {
  it('plans a whole cluster from nothing', async () => {
    const { changes, config } = await plan(emptyConfig('demo'), FILE);
    assert.deepEqual(changes.map((c) => c.kind), ['add-node', 'add-node', 'add-node', 'register-type', 'create-group', 'create-resource', 'create-resource', 'manage-group']);
    assert.equal(config.generation, 1);
    const web = config.resources.find((r) => r.name === 'web-rs');
    assert.deepEqual(web?.extension, { Port: 9000 });
    assert.deepEqual(web?.properties, { Retry_count: 3 });
    assert.deepEqual(web?.perNode, { Greeting: { n2: 'moin' } });
    assert.equal(config.resources.find((r) => r.name === 'db-rs')?.enabled, false);
    assert.equal(config.groups[0]?.managed, true);
  });

  it('has nothing to do when the cluster already matches', async () => {
    const { config } = await plan(emptyConfig('demo'), FILE);
    const again = await plan(config, FILE);
    assert.deepEqual(again.changes, []);
    assert.equal(again.config, config);
  });

  it('changes only what differs, and deletes what the file no longer lists', async () => {
    const { config } = await plan(emptyConfig('demo'), FILE);
    const edited = FILE.replace('Retry_count: 3', 'Retry_count: 5').replace(/ {6}db-rs:\n.*\n.*\n/, '');
    const { changes, config: after } = await plan(config, edited);
    assert.deepEqual(changes, [
      { kind: 'delete-resource', name: 'db-rs' },
      { kind: 'set-resource', name: 'web-rs', assignments: [{ name: 'Retry_count', op: '=', value: 5 }] },
    ]);
    assert.deepEqual(after.resources.map((r) => r.name), ['web-rs']);
  });

  it('resets a property the file no longer sets', async () => {
    const { config } = await plan(emptyConfig('demo'), FILE);
    const { changes } = await plan(config, FILE.replace('      Failback: true\n', ''));
    assert.deepEqual(changes, [{ kind: 'set-group', name: 'web-rg', assignments: [], reset: [{ name: 'Failback' }] }]);
  });

  it('names the file, line and field of a bad property value', async () => {
    const text = await refused(emptyConfig('demo'), FILE.replace('Retry_count: 3', 'Retry_count: lots').replace('Port: 9000', 'Port: 80'));
    assert.match(text, /^cluster\.yaml:14:11: groups\.web-rg\.resources\.web-rs\.properties\.Retry_count: must be an integer, not "lots"$/m);
    assert.match(text, /^cluster\.yaml:15:11: groups\.web-rg\.resources\.web-rs\.properties\.Port: value 80 is below its minimum 1024$/m);
  });

  it('names an unknown property, an unknown type and a bad node', async () => {
    const text = await refused(emptyConfig('demo'), FILE.replace('Port: 9000', 'Prot: 9000').replace('type: demo\n        enabled', 'type: nosuch\n        enabled')
      .replace('Greeting: { n2: moin }', 'Greeting: { n7: moin }'));
    assert.match(text, /cluster\.yaml:15:11: groups\.web-rg\.resources\.web-rs\.properties\.Prot: is not a property of type test\.demo:1/);
    assert.match(text, /cluster\.yaml:19:9: groups\.web-rg\.resources\.db-rs\.type: names nosuch, which is not a registered resource type/);
    assert.match(text, /cluster\.yaml:17:23: groups\.web-rg\.resources\.web-rs\.perNode\.Greeting\.n7: names node n7, which is not a cluster node/);
    const nodes = await refused(emptyConfig('demo'), FILE.replace('Nodelist: [n1, n2]', 'Nodelist: [n1, n9]'));
    assert.match(nodes, /cluster\.yaml:8:7: groups\.web-rg\.properties\.Nodelist: names node n9, which is not a cluster node/);
  });

  it('refuses a change the Tunable rules forbid, pointing at the field', async () => {
    const { config } = await plan(emptyConfig('demo'), FILE);
    const text = await refused(config, FILE.replace('Port: 9000', 'Port: 9001'));
    assert.match(text, /^cluster\.yaml:15:11: groups\.web-rg\.resources\.web-rs\.properties\.Port: can be changed only while the resource is disabled \(Tunable WHEN_DISABLED\)$/m);
    // Disabling it in the same file makes the change possible.
    const ok = await plan(config, FILE.replace('Port: 9000', 'Port: 9001').replace('      web-rs:\n        type: demo\n', '      web-rs:\n        type: demo\n        enabled: false\n'));
    assert.deepEqual(ok.changes.map((c) => c.kind), ['disable-resource', 'set-resource']);
  });

  it('refuses unmanaging a group that is online', async () => {
    const { config } = await plan(emptyConfig('demo'), FILE);
    const text = await refused(config, FILE.replace('  web-rg:\n', '  web-rg:\n    managed: false\n'), { ...builtins, context: { isGroupOffline: () => false } });
    assert.match(text, /cluster\.yaml:6:3: groups\.web-rg: must be offline before it can be unmanaged/);
  });

  it('refuses an unknown built-in type and a type listed twice', async () => {
    assert.match(await refused(emptyConfig('demo'), FILE.replace('name: test.demo', 'name: SUNW.nothing')), /cluster\.yaml:4:5: types\.0: SUNW\.nothing is neither a built-in type nor registered in the cluster/);
    assert.match(await refused(emptyConfig('demo'), FILE.replace('  - name: test.demo\n', '  - name: test.demo\n  - name: demo\n')), /types\.1: type test\.demo:1 is listed twice/);
  });

  it('uses a type the cluster already has, and keeps built-in types the file omits', async () => {
    const current = { ...emptyConfig('demo'), types: [DEMO, { ...TEST_TYPES[1] }] };
    const { config } = await plan(current, FILE, {});
    assert.deepEqual(config.types.map((t) => t.name), ['test.demo:1', 'test.fo:1']);
  });

  it('renames an empty cluster, but not one that has groups', async () => {
    assert.equal((await plan(emptyConfig('ferry'), FILE)).config.clusterName, 'demo');
    const { config } = await plan(emptyConfig('demo'), FILE);
    assert.match(await refused(config, FILE.replace('cluster: demo', 'cluster: prod')), /cluster\.yaml:1:1: cluster: the file describes cluster "prod", but this cluster is "demo"/);
  });

  it('changes nothing when refused', async () => {
    const { config } = await plan(emptyConfig('demo'), FILE);
    const before = JSON.stringify(config);
    await refused(config, FILE.replace('Retry_count: 3', 'Retry_count: 99'));
    assert.equal(JSON.stringify(config), before);
  });
});
