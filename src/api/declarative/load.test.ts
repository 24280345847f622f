import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { describe, it } from 'node:test';
import { loadClusterFile, type ReadFile } from './load.js';

/** An in-memory file system: absolute path → text. */
const memoryFiles = (files: Record<string, string>): ReadFile => async (path) => {
  const text = files[path];
  if (text === undefined) throw new Error(`ENOENT: no such file, open '${path}'`);
  return text;
};

const RTR = `RESOURCE_TYPE = web;
VENDOR_ID = acme;
RT_VERSION = 2;
RT_BASEDIR = ../bin;
START = start;
STOP = stop;
{ PROPERTY = Retry_count; MIN = 0; MAX = 10; DEFAULT = 2; }
{ PROPERTY = Port; EXTENSION; INT; MIN = 1024; DEFAULT = 8080; TUNABLE = WHEN_DISABLED; }
`;

async function load(yaml: string, more: Record<string, string> = {}) {
  return loadClusterFile('/v/cluster.yaml', memoryFiles({ '/v/cluster.yaml': yaml, '/v/rtr/web.rtr': RTR, ...more }));
}

async function errors(yaml: string, more: Record<string, string> = {}): Promise<string> {
  const r = await load(yaml, more);
  assert.equal(r.ok, false, 'expected the file to be refused');
  return r.ok ? '' : r.errors.map((e) => e.message).join('\n');
}

describe('loadClusterFile', () => {
  it('loads nodes, types, groups and resources with defaults', async () => {
    const r = await load(`cluster: demo
nodes: [n1, { name: n2, id: 7, zones: [z1] }]
types: [{ rtr: rtr/web.rtr }, { name: Cmdline }]
groups:
  web-rg:
    properties: { Nodelist: [n1, n2], Failback: true }
    resources:
      web-rs:
        type: acme.web
        properties: { Port: 8081, Version: 1.10 }
        perNode: { Port: { n2: 8082 } }
  empty-rg:
`);
    assert.ok(r.ok, r.ok ? '' : r.errors.map((e) => e.message).join('\n'));
    const d = r.value;
    assert.equal(d.clusterName, 'demo');
    assert.deepEqual(d.nodes, [{ name: 'n1', zones: [] }, { name: 'n2', id: 7, zones: ['z1'] }]);
    assert.deepEqual(d.types[0], { kind: 'rtr', path: 'rtr/web.rtr', file: '/v/rtr/web.rtr', text: RTR, trustGlobalZone: false });
    assert.deepEqual(d.types[1], { kind: 'builtin', name: 'Cmdline', trustGlobalZone: false });
    const [web, empty] = d.groups;
    assert.deepEqual({ ...web, resources: [] }, { name: 'web-rg', flavor: 'resourceGroup', managed: true, suspended: false, properties: { Nodelist: ['n1', 'n2'], Failback: true }, resources: [] });
    // Numbers keep their source text: 1.10 is not silently 1.1.
    assert.deepEqual(web?.resources[0], { name: 'web-rs', type: 'acme.web', properties: { Port: '8081', Version: '1.10' }, perNode: { Port: { n2: '8082' } }, enabled: true, monitored: true });
    assert.deepEqual(empty, { name: 'empty-rg', flavor: 'resourceGroup', managed: true, suspended: false, properties: {}, resources: [] });
    assert.deepEqual(d.positions['groups.web-rg.resources.web-rs.properties.port'], { line: 10, column: 23, path: 'groups.web-rg.resources.web-rs.properties.Port' });
    assert.deepEqual(d.positions['nodes.n2'], { line: 2, column: 13, path: 'nodes.1' });
  });

  it('survives a round trip through JSON (it travels to the cluster API)', async () => {
    const r = await load('cluster: demo\nnodes: [n1]\ntypes: [{ rtr: rtr/web.rtr }]\n');
    assert.ok(r.ok);
    assert.deepEqual(JSON.parse(JSON.stringify(r.value)), r.value);
  });

  it('reports YAML syntax errors with line and column', async () => {
    assert.match(await errors('cluster: demo\nnodes: [n1\n'), /^\/v\/cluster\.yaml:3:1: Flow sequence .* must .*end with a \]/m);
    assert.match(await errors('cluster: a\ncluster: b\n'), /^\/v\/cluster\.yaml:2:1: Map keys must be unique/m);
  });

  it('reports shape errors naming line, column and field', async () => {
    const text = await errors(`cluster: demo
nodes: [n1, { name: n2, id: two }]
types: [{ rtr: a, name: b }]
groups:
  web-rg:
    managed: yes
    colour: blue
    resources:
      web-rs:
        properties: { Port: { nested: 1 } }
`);
    assert.match(text, /\/v\/cluster\.yaml:2:29: nodes\.1\.id: must be a number, not a string/);
    assert.match(text, /\/v\/cluster\.yaml:3:9: types\.0: give either "rtr: <RTR file>" or "name: <built-in type>"/);
    assert.match(text, /\/v\/cluster\.yaml:6:14: groups\.web-rg\.managed: must be a boolean, not a string/);
    assert.match(text, /\/v\/cluster\.yaml:7:5: groups\.web-rg\.colour: is not a known field/);
    assert.match(text, /\/v\/cluster\.yaml:10:9: groups\.web-rg\.resources\.web-rs\.type: is required/);
    assert.match(text, /\/v\/cluster\.yaml:10:29: groups\.web-rg\.resources\.web-rs\.properties\.Port: must be a value/);
  });

  it('reports a missing cluster name, and an unreadable file', async () => {
    assert.match(await errors('nodes: [n1]\n'), /\/v\/cluster\.yaml:1:1: cluster: is required/);
    const r = await loadClusterFile('/nope.yaml', memoryFiles({}));
    assert.ok(!r.ok);
    assert.match(r.errors[0]?.message ?? '', /^\/nope\.yaml: cannot read the file: ENOENT/);
  });

  it('reports an RTR file that cannot be read or has errors', async () => {
    assert.match(await errors('cluster: demo\ntypes:\n  - rtr: rtr/missing.rtr\n'), /\/v\/cluster\.yaml:3:10: types\.0\.rtr: cannot read RTR file \/v\/rtr\/missing\.rtr/);
    const text = await errors('cluster: demo\ntypes:\n  - rtr: rtr/bad.rtr\n', { '/v/rtr/bad.rtr': 'RT_VERSION = 1;\n' });
    assert.match(text, /\/v\/cluster\.yaml:3:10: types\.0\.rtr: RTR file rtr\/bad\.rtr has errors:/);
    assert.match(text, /\/v\/rtr\/bad\.rtr:1:1: /);
  });

  it('takes a relative RT_BASEDIR relative to the RTR file', async () => {
    const r = await load('cluster: demo\ntypes: [{ rtr: rtr/web.rtr }]\n');
    assert.ok(r.ok);
    const { typeFromRtr } = await import('./rtr-type.js');
    const t = typeFromRtr(RTR, '/v/rtr/web.rtr');
    assert.ok(t.ok);
    assert.equal(t.type.baseDir, '/v/bin');
  });

  it('loads the shipped example', async () => {
    const r = await loadClusterFile('examples/cluster.yaml', (p) => readFile(p, 'utf8'));
    assert.ok(r.ok, r.ok ? '' : r.errors.map((e) => e.message).join('\n'));
    assert.deepEqual(r.value.nodes.map((n) => n.name), ['n1', 'n2', 'n3']);
  });
});
