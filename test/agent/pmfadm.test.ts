import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, afterEach, before, describe, it } from 'node:test';
import { serveEndpoint } from '../../src/agent/endpoint/index.js';
import type { Endpoint } from '../../src/agent/endpoint/index.js';
import { ProcessMonitor, registerPmfRoutes } from '../../src/agent/pmf/index.js';
import { isAlive, killPids, mainBin, readPids, runNode, tempDir, waitFor, writeScript } from './helpers.js';
import type { RunResult } from './helpers.js';

const pmfadmBin = mainBin('pmfadm');

describe('pmfadm against a real agent endpoint', () => {
  let dir: string;
  let cleanup: () => void;
  let pmf: ProcessMonitor;
  let endpoint: Endpoint;
  let env: NodeJS.ProcessEnv;
  const leftovers: number[] = [];
  const pmfadm = (...args: string[]): Promise<RunResult> => runNode(pmfadmBin, args, env);

  before(async () => {
    ({ dir, cleanup } = tempDir());
    pmf = new ProcessMonitor({ pollIntervalMs: 50, minRestartIntervalMs: 0, killGraceMs: 500 });
    const socket = join(dir, 'agent.sock');
    endpoint = await serveEndpoint(socket, registerPmfRoutes(pmf, { logDir: join(dir, 'logs') }));
    env = { PATH: process.env['PATH'], FERRY_AGENT_SOCKET: socket, FERRY_NODE: 'n1', UNRELATED: 'x' };
  });
  afterEach(async () => {
    await pmf.stopAll();
    killPids(leftovers);
  });
  after(async () => {
    await endpoint.close();
    cleanup();
  });

  it('creates a tag that -q, -l and -L report, passing -e variables, PATH and FERRY_* only', async () => {
    const out = join(dir, 'env.out');
    const r = await pmfadm('-c', 'rg,rs,0.svc', '-n', '2', '-t', '5', '-e', 'GREETING=hello world', '/bin/sh', '-c', `env > ${out}; exec sleep 1000`);
    assert.deepEqual([r.code, r.stdout, r.stderr], [0, '', '']);
    assert.equal((await pmfadm('-q', 'rg,rs,0.svc')).code, 0);
    const list = await pmfadm('-L');
    assert.equal(list.stdout, 'tags: rg,rs,0.svc\n');
    const show = await pmfadm('-l', 'rg,rs,0.svc');
    assert.equal(show.code, 0);
    assert.match(show.stdout, /^pmfadm -c rg,rs,0\.svc -n 2 -t 5 \/bin\/sh -c '.*exec sleep 1000'\n\tenvironment:\n/);
    assert.match(show.stdout, /\n\t\tGREETING=hello world\n/);
    assert.match(show.stdout, /\n\tpids: \d+\n/);
    await waitFor(() => existsSync(out) && readFileSync(out, 'utf8').includes('GREETING'), 'the command to print its environment');
    const seen = readFileSync(out, 'utf8');
    assert.match(seen, /^GREETING=hello world$/m);
    assert.match(seen, /^FERRY_NODE=n1$/m);
    assert.match(seen, new RegExp(`^PATH=${process.env['PATH']?.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') ?? ''}$`, 'm'));
    assert.doesNotMatch(seen, /UNRELATED/);
  });

  it('passes the whole environment with -E', async () => {
    const out = join(dir, 'env-E.out');
    assert.equal((await pmfadm('-c', 'whole', '-E', '/bin/sh', '-c', `env > ${out}`)).code, 0);
    await waitFor(() => existsSync(out) && readFileSync(out, 'utf8').includes('UNRELATED=x'), 'UNRELATED in the environment');
  });

  it('-k signals the tree and PMF restarts it; -s with a signal and -w stops it for good', async () => {
    assert.equal((await pmfadm('-c', 'svc', '-n', '1', '/bin/sleep', '1000')).code, 0);
    const first = pmf.status('svc')?.pids[0];
    assert.equal((await pmfadm('-k', 'svc', '-w', '10', 'TERM')).code, 0);
    await waitFor(() => pmf.status('svc')?.running === true && pmf.status('svc')?.pids[0] !== first, 'the restart');
    const second = pmf.status('svc')?.pids[0] as number;
    assert.equal((await pmfadm('-s', 'svc', '-w', '10', 'KILL')).code, 0);
    assert.equal(isAlive(second), false);
    assert.equal((await pmfadm('-q', 'svc')).code, 1);
    assert.deepEqual(pmf.list(), []);
  });

  it('-s without a signal only stops restarting', async () => {
    const pidFile = join(dir, 'plain-s.pid');
    assert.equal((await pmfadm('-c', 'plain', '-n', '-1', '/bin/sh', '-c', `echo $$ > ${pidFile}; exec sleep 1000`)).code, 0);
    const [pid] = await readPids(pidFile);
    leftovers.push(pid as number);
    assert.equal((await pmfadm('-s', 'plain')).code, 0);
    assert.equal(isAlive(pid as number), true);
    assert.match((await pmfadm('-l', 'plain')).stdout, /monitored: no/);
    process.kill(pid as number, 'SIGKILL');
    await waitFor(() => pmf.list().length === 0, 'the tag to go without a restart');
  });

  it('exits 2 when the tree outlives -w', async () => {
    const script = writeScript(dir, 'deaf', `trap '' TERM; while :; do sleep 0.05; done`);
    assert.equal((await pmfadm('-c', 'deaf', script)).code, 0);
    const r = await pmfadm('-s', 'deaf', '-w', '1', 'TERM');
    assert.equal(r.code, 2);
    assert.match(r.stderr, /did not exit within 1 s/);
  });

  it('-m changes the restart budget', async () => {
    assert.equal((await pmfadm('-c', 'budget', '-a', '/bin/echo giving up', '/bin/sleep', '1000')).code, 0);
    assert.match((await pmfadm('-l', 'budget')).stdout, /^pmfadm -c budget -a '\/bin\/echo giving up' -n 0 \/bin\/sleep 1000\n/);
    assert.equal((await pmfadm('-m', 'budget', '-n', '7', '-t', '3')).code, 0);
    assert.equal(pmf.status('budget')?.retries, 7);
    assert.equal(pmf.status('budget')?.periodMs, 180_000);
    assert.equal((await pmfadm('-m', 'budget', '-t', '-1')).code, 0);
    assert.equal(pmf.status('budget')?.periodMs, undefined);
  });

  it('runs the -a action with "failed" and the nametag when retries are used up', async () => {
    const args = join(dir, 'action.args');
    const action = writeScript(dir, 'on-failure', `echo "$@" > ${args}; exit 1`);
    assert.equal((await pmfadm('-c', 'act', '-a', action, '/bin/sh', '-c', 'exit 5')).code, 0);
    await waitFor(() => existsSync(args), 'the action to run');
    assert.equal(readFileSync(args, 'utf8'), 'failed act\n');
    await waitFor(() => pmf.list().length === 0, 'the tag to be dropped');
  });

  it('exits 1 for an unknown nametag or a duplicate one', async () => {
    for (const args of [['-q', 'ghost'], ['-l', 'ghost'], ['-s', 'ghost'], ['-k', 'ghost', 'HUP'], ['-m', 'ghost', '-n', '1']]) {
      const r = await pmfadm(...args);
      assert.equal(r.code, 1, args.join(' '));
    }
    assert.match((await pmfadm('-l', 'ghost')).stderr, /nametag ghost does not exist/);
    assert.equal((await pmfadm('-c', 'twice', '/bin/sleep', '1000')).code, 0);
    const dup = await pmfadm('-c', 'twice', '/bin/sleep', '1000');
    assert.equal(dup.code, 1);
    assert.match(dup.stderr, /already exists/);
  });

  it('exits 4 when the command cannot start or the agent cannot be reached', async () => {
    const r = await pmfadm('-c', 'broken', join(dir, 'no-such-program'));
    assert.equal(r.code, 4);
    assert.match(r.stderr, /cannot start/);
    const away = await runNode(pmfadmBin, ['-L'], { ...env, FERRY_AGENT_SOCKET: join(dir, 'nobody.sock') });
    assert.equal(away.code, 4);
    assert.match(away.stderr, /cannot reach the agent/);
    const unset = await runNode(pmfadmBin, ['-L'], { PATH: process.env['PATH'] });
    assert.equal(unset.code, 4);
    assert.match(unset.stderr, /FERRY_AGENT_SOCKET/);
  });

  for (const [what, args] of [
    ['no mode', []],
    ['an unknown option', ['-q', 'x', '-Z']],
    ['a missing nametag', ['-c']],
    ['an empty nametag', ['-q', '']],
    ['two modes', ['-q', 'a', '-l', 'b']],
    ['a bad retries number', ['-c', 'x', '-n', 'three', '/bin/true']],
    ['retries below -1', ['-c', 'x', '-n', '-2', '/bin/true']],
    ['a zero period', ['-c', 'x', '-t', '0', '/bin/true']],
    ['a bad -w', ['-s', 'x', '-w', '1.5']],
    ['a bad -C', ['-c', 'x', '-C', '-1', '/bin/true']],
    ['-c without a command', ['-c', 'x', '-n', '1']],
    ['-e with -E', ['-c', 'x', '-e', 'A=1', '-E', '/bin/true']],
    ['a malformed -e', ['-c', 'x', '-e', '1A=1', '/bin/true']],
    ['an unknown signal', ['-s', 'x', 'NOSUCHSIG']],
    ['an option of another mode', ['-q', 'x', '-n', '1']],
    ['-m without -n or -t', ['-m', 'x']],
  ] as const) {
    it(`rejects ${what} with the usage on stderr and exit 3`, async () => {
      const r = await pmfadm(...args);
      assert.equal(r.code, 3);
      assert.match(r.stderr, /^pmfadm: .+\nusage: pmfadm -c nametag/);
      assert.deepEqual(pmf.list(), []);
    });
  }
});
