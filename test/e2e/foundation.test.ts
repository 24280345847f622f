import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runFerry, startCluster, type RunningCluster } from '../support/ferry-process.js';

const QFS = resolve('../shared/fixtures/rtr/SUNW.qfs');
const DEMO_RTR = resolve('examples/rtr/ferry.demo');

describe('ferry rt validate (no cluster needed)', () => {
  test('a real RTR file is valid and summarised', async () => {
    const r = await runFerry(['rt', 'validate', QFS]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /valid resource type SUNW\.qfs:5/);
  });

  test('a malformed file gives every error with file:line:column and exit 1', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ferry-rtr-'));
    const bad = join(dir, 'bad.rtr');
    writeFileSync(bad, 'VENDOR_ID = X;\nRESOURCE_TYPE = "t";\n{ PROPERTY = Retry_count; DEFAULT = abc; }\n');
    const r = await runFerry(['rt', 'validate', bad]);
    assert.equal(r.code, 1);
    const lines = r.stderr.trim().split('\n');
    assert.ok(lines.length >= 2, `expected several errors, got:\n${r.stderr}`);
    for (const l of lines) assert.match(l, new RegExp(`${bad.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+:\\d+: `));
  });

  test('--json gives the parsed model', async () => {
    const r = await runFerry(['--json', 'rt', 'validate', QFS]);
    assert.equal(r.code, 0);
    const body = JSON.parse(r.stdout) as { ok: boolean; type: { name: string; methods: Record<string, string> } };
    assert.equal(body.type.name, 'SUNW.qfs:5');
    assert.equal(Object.keys(body.type.methods).length, 12);
  });

  test('usage errors exit 2, a missing file exits 1 naming it', async () => {
    assert.equal((await runFerry(['rt', 'validate'])).code, 2);
    assert.equal((await runFerry(['no-such-command'])).code, 2);
    const missing = await runFerry(['rt', 'validate', '/nonexistent/x.rtr']);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /\/nonexistent\/x\.rtr/);
  });

  test('an unreachable cluster exits 3 with a clear line', async () => {
    const r = await runFerry(['status'], { FERRY_ENDPOINT: 'http://127.0.0.1:1' });
    assert.equal(r.code, 3);
    assert.match(r.stderr, /cannot reach the cluster/);
  });
});

describe('configuration through the CLI', () => {
  let cluster: RunningCluster;
  before(async () => { cluster = await startCluster(); });
  after(async () => { await cluster.stop(); });

  const generation = async (): Promise<number> => {
    const r = await cluster.ferry(['--json', 'status']);
    assert.equal(r.code, 0, r.stderr);
    return (JSON.parse(r.stdout) as { generation: number }).generation;
  };
  const refused = async (args: string[], pattern: RegExp): Promise<void> => {
    const before = await generation();
    const r = await cluster.ferry(args);
    assert.equal(r.code, 1, `expected refusal of ${args.join(' ')}: ${r.stdout}${r.stderr}`);
    assert.match(r.stderr, pattern);
    assert.equal(r.stderr.trim().split('\n')[0]?.startsWith('ferry: '), true);
    assert.equal(await generation(), before, 'a refused change must change nothing');
  };

  test('register a type, create a group and a resource, show them', async () => {
    assert.equal((await cluster.ferry(['rt', 'register', DEMO_RTR])).code, 0);
    const rg = await cluster.ferry(['rg', 'create', '-n', 'n1,n2', '-p', 'Failback=true', 'web-rg']);
    assert.equal(rg.code, 0, rg.stderr);
    const rs = await cluster.ferry(['rs', 'create', '-g', 'web-rg', '-t', 'ferry.demo', '-p', 'Retry_count=3', 'web-rs']);
    assert.equal(rs.code, 0, rs.stderr);
    const show = await cluster.ferry(['--json', 'rs', 'show', 'web-rs']);
    const [res] = JSON.parse(show.stdout) as { properties: Record<string, unknown> }[];
    assert.equal(res?.properties['Retry_count'], 3);
    const rgShow = await cluster.ferry(['rg', 'show', 'web-rg']);
    assert.match(rgShow.stdout, /Nodelist\s+n1,n2/);
  });

  test('bad input of every kind is refused with a clear message and changes nothing', async () => {
    await refused(['rs', 'set', '-p', 'No_such_prop=1', 'web-rs'], /No_such_prop/);
    await refused(['rs', 'set', '-p', 'Retry_count=abc', 'web-rs'], /Retry_count.*integer/);
    await refused(['rs', 'set', '-p', 'Retry_count=1000', 'web-rs'], /Retry_count.*maximum/);
    await refused(['rs', 'create', '-g', 'web-rg', '-t', 'no.such:1', 'x-rs'], /no\.such/);
    await refused(['rs', 'create', '-g', 'web-rg', '-t', 'ferry.demo', 'web-rs'], /web-rs/);
    await refused(['rg', 'create', '-n', 'n1,n9', 'other-rg'], /n9/);
    await refused(['rg', 'set', '-p', 'RG_mode=Scalable', 'web-rg'], /RG_mode/);
    await refused(['rs', 'set', '-p', 'Resource_dependencies-=ghost', 'web-rs'], /ghost/);
    await refused(['rs', 'set', '-p', 'Retry_count=1', 'no-such-rs'], /no-such-rs/);
  });

  test('list editing with += and -=', async () => {
    assert.equal((await cluster.ferry(['rs', 'create', '-g', 'web-rg', '-t', 'ferry.demo', 'db-rs'])).code, 0);
    assert.equal((await cluster.ferry(['rs', 'set', '-p', 'Resource_dependencies+=db-rs', 'web-rs'])).code, 0);
    let show = JSON.parse((await cluster.ferry(['--json', 'rs', 'show', 'web-rs'])).stdout) as { properties: Record<string, unknown> }[];
    assert.deepEqual(show[0]?.properties['Resource_dependencies'], ['db-rs']);
    assert.equal((await cluster.ferry(['rs', 'set', '-p', 'Resource_dependencies-=db-rs', 'web-rs'])).code, 0);
    show = JSON.parse((await cluster.ferry(['--json', 'rs', 'show', 'web-rs'])).stdout) as { properties: Record<string, unknown> }[];
    assert.deepEqual(show[0]?.properties['Resource_dependencies'] ?? [], []);
  });

  test('malformed -p is a usage error (exit 2)', async () => {
    const r = await cluster.ferry(['rs', 'set', '-p', '=3', 'web-rs']);
    assert.equal(r.code, 2, r.stderr);
  });

  test('export gives a file that apply accepts with nothing to change; dry-run applies nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ferry-export-'));
    const file = join(dir, 'cluster.yaml');
    assert.equal((await cluster.ferry(['export', '-o', file])).code, 0);
    const same = await cluster.ferry(['apply', '-f', file]);
    assert.equal(same.code, 0, same.stderr);
    assert.match(same.stdout, /nothing to change/);
    const before = await generation();
    const edited = join(dir, 'edited.yaml');
    const text = readFileSync(file, 'utf8');
    assert.match(text, /Failback: true/);
    writeFileSync(edited, text.replace('Failback: true', 'Failback: false'));
    const dry = await cluster.ferry(['apply', '--dry-run', '-f', edited]);
    assert.equal(dry.code, 0, dry.stderr);
    assert.match(dry.stdout, /Failback/);
    assert.match(dry.stdout, /dry run: 1 change/);
    assert.equal(await generation(), before);
    const real = await cluster.ferry(['apply', '-f', edited]);
    assert.equal(real.code, 0, real.stderr);
    assert.equal(await generation(), before + 1);
  });

  test('the web status page and the metrics show the cluster', async () => {
    const page = await (await fetch(`${cluster.endpoint}/`)).text();
    assert.match(page, /<h1>Cluster ferry<\/h1>/);
    assert.match(page, /web-rg/);
    assert.match(page, /Recent events/);
    const metrics = await (await fetch(`${cluster.endpoint}/metrics`)).text();
    assert.match(metrics, /ferry_node_up\{node="n1"\} 1/);
    assert.match(metrics, /ferry_group_state\{group="web-rg",target="n1",state="(UNMANAGED|OFFLINE|ONLINE)"\} 1/);
  });

  test('kill -9 right after a change, then up again on the same data: the change is there', async () => {
    const r = await cluster.ferry(['rs', 'set', '-p', 'Retry_count=7', 'web-rs']);
    assert.equal(r.code, 0, r.stderr);
    await cluster.kill9();
    await cluster.restart();
    const show = JSON.parse((await cluster.ferry(['--json', 'rs', 'show', 'web-rs'])).stdout) as { properties: Record<string, unknown> }[];
    assert.equal(show[0]?.properties['Retry_count'], 7);
  });
});
