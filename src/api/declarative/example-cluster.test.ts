// The shipped example (examples/cluster.yaml, its RTR and its sh methods), with real processes.
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { accessSync, constants, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync, chmodSync, mkdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { emptyConfig } from '../../model/index.js';
import { loadClusterFile } from './load.js';
import { planApply } from './plan.js';

const run = promisify(execFile);
const methods = resolve('examples/methods');
const state = mkdtempSync(join(tmpdir(), 'ferry-demo-test-'));
const fakeBin = join(state, 'bin');
after(() => rmSync(state, { recursive: true, force: true }));

/** Runs a method like the RGM does; resolves to its exit code. */
async function method(name: string, args: readonly string[], env: Record<string, string> = {}): Promise<number> {
  try {
    await run(join(methods, name), [...args], { env: { PATH: `${fakeBin}:/usr/bin:/bin`, FERRY_DEMO_STATE: state, FERRY_NODE: 'n1', ...env }, timeout: 20_000 });
    return 0;
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    if (typeof code === 'number') return code;
    throw err;
  }
}

const pidFile = (resource: string): string => join(state, 'local', 'n1', `${resource}.pid`);
const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  const stat = existsSync(`/proc/${pid}/stat`) ? readFileSync(`/proc/${pid}/stat`, 'utf8') : '';
  return !/\) Z /.test(stat);
};

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const address = server.address();
  await new Promise<void>((ok) => server.close(() => ok()));
  assert.ok(address !== null && typeof address === 'object');
  return address.port;
}

describe('examples/cluster.yaml', () => {
  it('plans three nodes, one managed group and two resources of ferry.demo', async () => {
    const loaded = await loadClusterFile('examples/cluster.yaml', (p) => readFile(p, 'utf8'));
    assert.ok(loaded.ok, loaded.ok ? '' : loaded.errors.map((e) => e.message).join('\n'));
    const planned = planApply(emptyConfig('ferry'), loaded.value);
    assert.ok(planned.ok, planned.ok ? '' : planned.errors.map((e) => e.message).join('\n'));
    const c = planned.value.config;
    assert.deepEqual(c.nodes.map((n) => n.name), ['n1', 'n2', 'n3']);
    assert.deepEqual(c.types.map((t) => t.name), ['ferry.demo:1']);
    assert.deepEqual(c.groups.map((g) => [g.name, g.managed]), [['demo-rg', true]]);
    assert.deepEqual(c.resources.map((r) => r.name), ['worker-rs', 'web-rs']);
    const type = c.types[0];
    assert.ok(type);
    assert.equal(type.baseDir, methods);
    for (const path of Object.values(type.methods)) accessSync(resolve(type.baseDir ?? '/', path), constants.X_OK);
  });
});

describe('examples/methods (real processes)', () => {
  const ids = ['-R', 'worker-rs', '-T', 'ferry.demo:1', '-G', 'demo-rg'];

  it('starts a sleep loop once, and stops it idempotently', async () => {
    assert.equal(await method('demo_start', ids), 0);
    const pid = Number(readFileSync(pidFile('worker-rs'), 'utf8'));
    assert.ok(isAlive(pid), 'the service runs after Start');
    assert.equal(await method('demo_start', ids), 0, 'a second Start succeeds');
    assert.equal(Number(readFileSync(pidFile('worker-rs'), 'utf8')), pid, 'and starts nothing new');
    assert.equal(await method('demo_stop', ids), 0);
    assert.equal(isAlive(pid), false, 'the service is gone after Stop');
    assert.equal(existsSync(pidFile('worker-rs')), false);
    assert.equal(await method('demo_stop', ids), 0, 'stopping a stopped resource succeeds');
  });

  it('starts and stops the probe loop', async () => {
    assert.equal(await method('demo_monitor_start', ids), 0);
    const pidPath = join(state, 'local', 'n1', 'worker-rs.monitor.pid');
    const pid = Number(readFileSync(pidPath, 'utf8'));
    assert.ok(isAlive(pid));
    assert.equal(await method('demo_monitor_stop', ids), 0);
    assert.equal(isAlive(pid), false);
    assert.equal(await method('demo_monitor_stop', ids), 0);
  });

  it('serves the per-node greeting over HTTP in http mode', async (t) => {
    try {
      execFileSync('python3', ['--version']);
    } catch {
      t.skip('python3 is not installed');
      return;
    }
    const port = await freePort();
    // A stand-in for scha_resource_get: prints the type line and the value line (spec §5.1).
    mkdirSync(fakeBin, { recursive: true });
    writeFileSync(join(fakeBin, 'scha_resource_get'), `#!/bin/sh
for last; do :; done
case "$last" in Mode) echo enum; echo http;; Port) echo int; echo ${port};; Greeting) echo string; echo hello from n1;; *) exit 1;; esac
`);
    chmodSync(join(fakeBin, 'scha_resource_get'), 0o755);
    const web = ['-R', 'web-rs', '-T', 'ferry.demo:1', '-G', 'demo-rg'];
    try {
      assert.equal(await method('demo_start', web), 0);
      const page = await (await fetch(`http://127.0.0.1:${port}/`)).text();
      assert.match(page, /hello from n1/);
    } finally {
      assert.equal(await method('demo_stop', web), 0);
      rmSync(join(fakeBin, 'scha_resource_get'));
    }
    await assert.rejects(fetch(`http://127.0.0.1:${port}/`));
  });

  it('Validate refuses a bad Port and accepts a good one', async () => {
    assert.equal(await method('demo_validate', ['-c', ...ids, '-x', 'Port=80', '-x', 'Mode=sleep']), 1);
    assert.equal(await method('demo_validate', ['-u', ...ids, '-r', 'Retry_count=3', '-x', 'Port=19000', '-X', 'Greeting{n1}=hi']), 0);
  });

  it('refuses to run without -R -T -G', async () => {
    assert.equal(await method('demo_start', ['-R', 'x']), 1);
    assert.equal(await method('demo_stop', ['-Q']), 1);
  });
});
