// Agents not written by hand against scha_*: the DSDL sample data service (examples/dsdl-echo,
// TypeScript on src/api/dsdl) through the same lifecycle as the shell agent — start, probe,
// degrade, restart, giveover, driven by its own fault monitor (fmSleep / fmAction) probing a real
// TCP server — and a type written by `ferry rt scaffold`, registered and run as generated.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { freePort, runFerry, startCluster, type RunningCluster } from '../support/ferry-process.js';
import { resourceState, waitFor } from '../support/status-wait.js';
import type { ClusterView } from '../../src/api/view/cluster-view.js';

const RTR = resolve('examples/dsdl-echo/echo.rtr');

/** Sends one line to the echo server and resolves with the first line it answers. */
function say(port: number, line: string): Promise<string> {
  return new Promise((res, rej) => {
    const s = connect(port, '127.0.0.1', () => s.write(`${line}\n`));
    let got = '';
    s.setEncoding('utf8');
    s.on('data', (d: string) => {
      got += d;
      if (got.includes('\n')) { s.end(); res(got.slice(0, got.indexOf('\n'))); }
    });
    s.on('error', rej);
    s.setTimeout(5000, () => { s.destroy(); rej(new Error('no answer')); });
  });
}

const statusOn = (v: ClusterView, node: string) => v.resources.find((r) => r.name === 'echo-rs')?.perNode.find((p) => p.target === node);

let cluster: RunningCluster;
const ferry = async (...args: string[]): Promise<string> => {
  const r = await cluster.ferry(args);
  assert.equal(r.code, 0, `ferry ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
};
const eventLog = (): Promise<string> => ferry('events', '-n', '500');

before(async () => { cluster = await startCluster({ nodes: ['n1', 'n2'] }); });
after(async () => { await cluster?.stop(); });

describe('the DSDL sample data service (ferry.echo)', () => {
  let port: number;

  before(async () => {
    port = await freePort();
    await ferry('rt', 'register', RTR);
    await ferry('rg', 'create', '-n', 'n1,n2', 'echo-rg');
    await ferry('rs', 'create', '-g', 'echo-rg', '-t', 'ferry.echo', '-p', `Port=${port}`, '-p', 'Retry_count=1', '-p', 'Thorough_probe_interval=1', '-p', 'Probe_timeout=1', 'echo-rs');
    await ferry('rg', 'manage', 'echo-rg');
    await ferry('rg', 'online', 'echo-rg');
  });

  test('start: the server runs under PMF and answers; the fault monitor reports OK', async () => {
    await waitFor(cluster.endpoint, 'echo-rs online on n1', (v) => resourceState(v, 'echo-rs', 'n1') === 'ONLINE');
    assert.equal(await say(port, 'hello'), 'hello');
    await waitFor(cluster.endpoint, 'status OK from fmAction', (v) => statusOn(v, 'n1')?.message === 'the service answers');
  });

  test('Validate (run before the change is applied) refuses a second echo resource on the same port', async () => {
    await ferry('rg', 'create', '-n', 'n1,n2', 'other-rg');
    const r = await cluster.ferry(['rs', 'create', '-g', 'other-rg', '-t', 'ferry.echo', '-p', `Port=${port}`, 'other-rs']);
    assert.equal(r.code, 1, r.stdout);
    assert.match(r.stderr, new RegExp(`Port ${port} is already used by echo resource echo-rs`));
    assert.doesNotMatch(await ferry('rs', 'list'), /other-rs/);
  });

  test('degrade: slow answers are partial failures; DEGRADED shows until the service heals', async () => {
    assert.equal(await say(port, 'MODE slow'), 'MODE slow');
    await waitFor(cluster.endpoint, 'DEGRADED', (v) => statusOn(v, 'n1')?.status === 'DEGRADED');
    const status = await ferry('status');
    assert.equal(await say(port, 'MODE ok'), 'MODE ok');
    assert.match(status, /echo-rs\s+n1\s+Online\s+Degraded - probe failures add up to \d+\/100/);
    await waitFor(cluster.endpoint, 'OK again', (v) => statusOn(v, 'n1')?.status === 'OK');
    assert.match(await eventLog(), /resource echo-rs on n1: status DEGRADED - probe failures add up to 25\/100/);
  });

  test('restart: a complete failure within Retry_count restarts the resource on the same node', async () => {
    assert.equal(await say(port, 'MODE wrong'), 'MODE wrong');
    await waitFor(cluster.endpoint, 'restarted on n1', async () => /RESOURCE_RESTART by echo-rs on n1: accepted[\s\S]*echo-rs on n1: Stop succeeded[\s\S]*echo-rs on n1: Start succeeded/.test(await eventLog()));
    await waitFor(cluster.endpoint, 'online on n1 again', (v) => resourceState(v, 'echo-rs', 'n1') === 'ONLINE');
    assert.equal(await say(port, 'after restart'), 'after restart', 'a fresh server, healthy again');
    const v = await waitFor(cluster.endpoint, 'view', (x) => x);
    assert.equal(resourceState(v, 'echo-rs', 'n2'), 'OFFLINE');
  });

  test('giveover: with the restarts used up, the next complete failure moves the group to n2', async () => {
    await waitFor(cluster.endpoint, 'the new monitor reports', (v) => statusOn(v, 'n1')?.message === 'the service answers');
    assert.equal(await say(port, 'MODE wrong'), 'MODE wrong');
    await waitFor(cluster.endpoint, 'online on n2', (v) => resourceState(v, 'echo-rs', 'n2') === 'ONLINE' && resourceState(v, 'echo-rs', 'n1') === 'OFFLINE');
    assert.equal(await say(port, 'on n2'), 'on n2');
    const log = await eventLog();
    assert.match(log, /complete failure with no restart left \(1 restart within Retry_interval=600s, Retry_count=1\)/);
    assert.match(log, /echo-rs on n2: Monitor_check succeeded[\s\S]*scha_control GIVEOVER by echo-rs on n1: accepted; echo-rg moves from n1 to n2/);
  });
});

describe('a resource type written by ferry rt scaffold', () => {
  let dir: string;
  let port: number;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ferry-scaffold-'));
    port = await freePort();
    // The "service": a TCP server that runs in the foreground, as a command line.
    writeFileSync(join(dir, 'server.js'), 'require("net").createServer((s) => s.end("hi\\n")).listen(Number(process.argv[2]), "127.0.0.1");\n');
  });
  after(() => { rmSync(dir, { recursive: true, force: true }); });

  test('writes an RTR file and executable shell methods; bad input is refused', async () => {
    const r = await runFerry(['rt', 'scaffold', 'webapp', '--dir', join(dir, 'webapp'), '--start', `node ${join(dir, 'server.js')} ${port}`, '--probe-port', String(port)]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /register it with: ferry rt register .*webapp\.rtr/);
    for (const m of ['start', 'stop', 'validate', 'monitor_start', 'monitor_stop', 'monitor_check', 'probe']) {
      assert.equal(statSync(join(dir, 'webapp', 'bin', m)).mode & 0o111, 0o111, `${m} is executable`);
    }
    assert.equal((await runFerry(['rt', 'validate', join(dir, 'webapp', 'webapp.rtr')])).code, 0);
    assert.equal((await runFerry(['rt', 'scaffold', 'webapp', '--dir', join(dir, 'webapp')])).code, 1, 'an existing type is not overwritten');
    assert.equal((await runFerry(['rt', 'scaffold', '1webapp', '--dir', join(dir, 'x')])).code, 2);
    assert.equal((await runFerry(['rt', 'scaffold', 'w', '--dir', join(dir, 'y'), '--probe-port', 'http'])).code, 2);
    assert.equal((await runFerry(['rt', 'scaffold', 'w', '--dir', join(dir, 'z'), '--start', 'a; b'])).code, 2);
  });

  test('it registers and runs as generated: start, probe OK, switch to the other node', async () => {
    await ferry('rt', 'register', join(dir, 'webapp', 'webapp.rtr'));
    await ferry('rg', 'create', '-n', 'n1,n2', 'web-rg');
    await ferry('rs', 'create', '-g', 'web-rg', '-t', 'webapp', '-p', 'Thorough_probe_interval=1', 'web-rs');
    await ferry('rg', 'manage', 'web-rg');
    await ferry('rg', 'online', 'web-rg');
    await waitFor(cluster.endpoint, 'web-rs online on n1', (v) => resourceState(v, 'web-rs', 'n1') === 'ONLINE');
    assert.equal(await say(port, 'x'), 'hi');
    await waitFor(cluster.endpoint, 'probe OK', (v) => v.resources.find((r) => r.name === 'web-rs')?.perNode.find((p) => p.target === 'n1')?.message === 'the service is running');
    await ferry('rg', 'switch', '-n', 'n2', 'web-rg');
    await waitFor(cluster.endpoint, 'web-rs online on n2', (v) => resourceState(v, 'web-rs', 'n2') === 'ONLINE' && resourceState(v, 'web-rs', 'n1') === 'OFFLINE');
    assert.equal(await say(port, 'x'), 'hi');
    assert.match(await eventLog(), /resource web-rs on n1: Stop succeeded[\s\S]*resource web-rs on n2: Start succeeded/);
  });
});
