import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, afterEach, before, describe, it } from 'node:test';
import { serveEndpoint } from '../../src/agent/endpoint/index.js';
import type { Endpoint } from '../../src/agent/endpoint/index.js';
import { ProcessMonitor, registerPmfRoutes } from '../../src/agent/pmf/index.js';
import { isAlive, killPids, readPids, tempDir, waitFor, writeScript } from './helpers.js';
import { pmfadmImpls } from './pmfadm-impls.js';
import type { PmfadmImpl, PmfadmRun } from './pmfadm-impls.js';

/** The environment the started process really got, from /proc/PID/environ. */
function environOf(pid: number): Map<string, string> {
  const entries = readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0').filter((e) => e !== '');
  return new Map(entries.map((e) => [e.slice(0, e.indexOf('=')), e.slice(e.indexOf('=') + 1)]));
}

const pick = (r: PmfadmRun): [number | null, string, string] => [r.code, r.stdout, r.stderr];

for (const impl of pmfadmImpls()) describeAgainstAgent(impl);

function describeAgainstAgent(impl: PmfadmImpl): void {
  describe(`pmfadm (${impl.name}) against a real agent endpoint`, () => {
    let dir: string;
    let cleanup: () => void;
    let pmf: ProcessMonitor;
    let endpoint: Endpoint;
    let env: NodeJS.ProcessEnv;
    const leftovers: number[] = [];
    const pmfadm = (...args: string[]): Promise<PmfadmRun> => impl.run(args, env);

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
      const ready = join(dir, `deaf-${impl.name}.ready`);
      const script = writeScript(dir, 'deaf', `trap '' TERM; echo > ${ready}; while :; do sleep 0.05; done`);
      assert.equal((await pmfadm('-c', 'deaf', script)).code, 0);
      // The native pmfadm comes back fast enough to signal before the shell has set its trap.
      await waitFor(() => existsSync(ready), 'the TERM trap to be set');
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
      const away = await impl.run(['-L'], { ...env, FERRY_AGENT_SOCKET: join(dir, 'nobody.sock') });
      assert.equal(away.code, 4);
      assert.match(away.stderr, /cannot reach the agent/);
      const unset = await impl.run(['-L'], { PATH: process.env['PATH'] });
      assert.equal(unset.code, 4);
      assert.match(unset.stderr, /FERRY_AGENT_SOCKET/);
    });

    it('passes long -e values and values with quotes, backslashes, newlines and UTF-8 to the command unchanged', async () => {
      const values: Record<string, string> = {
        LONG: 'x'.repeat(100_000),
        QUOTES: `it's "quoted" and \`ticked\``,
        BACKSLASHES: 'a\\b\\\\c\\n\\u0041',
        NEWLINES: 'line 1\nline 2\r\n\ttabbed',
        UTF8: 'grüße 😀 ünïcödé\u2028\u00a0',
        CONTROL: '\u0001\u001f\u007f',
        EQUALS: 'a=b==c',
        EMPTY: '',
        PADDED: '  spaced  ',
      };
      const args = Object.entries(values).flatMap(([k, v]) => ['-e', `${k}=${v}`]);
      const r = await pmfadm('-c', 'envy', ...args, '-e', 'TWICE=first', '-e', 'TWICE=second', '/bin/sleep', '1000');
      assert.deepEqual([r.code, r.stdout, r.stderr], [0, '', '']);
      await waitFor(() => (pmf.status('envy')?.pids.length ?? 0) > 0, 'the command to run');
      const seen = environOf(pmf.status('envy')?.pids[0] as number);
      for (const [k, v] of Object.entries(values)) assert.equal(seen.get(k), v, k);
      assert.equal(seen.get('TWICE'), 'second');
      assert.equal(seen.get('FERRY_NODE'), 'n1');
      assert.equal(seen.has('UNRELATED'), false);
    });

    it('passes such values from its own environment with -E', async () => {
      const odd = { ODD_LONG: 'y'.repeat(50_000), ODD_MIX: `"'\\\n\tü😀=` };
      const r = await impl.run(['-c', 'whole-odd', '-E', '/bin/sleep', '1000'], { ...env, ...odd });
      assert.deepEqual([r.code, r.stderr], [0, '']);
      await waitFor(() => (pmf.status('whole-odd')?.pids.length ?? 0) > 0, 'the command to run');
      const seen = environOf(pmf.status('whole-odd')?.pids[0] as number);
      assert.equal(seen.get('ODD_LONG'), odd.ODD_LONG);
      assert.equal(seen.get('ODD_MIX'), odd.ODD_MIX);
      assert.equal(seen.get('UNRELATED'), 'x');
    });

    it('sends a relative command with its cwd, and resolves a relative -a action against the cwd and PATH', async () => {
      const work = join(dir, 'rel');
      mkdirSync(join(work, 'bin'), { recursive: true });
      writeScript(work, 'svc.sh', 'exec sleep 1000');
      writeScript(join(work, 'bin'), 'on-path-action', 'exit 1');
      writeScript(work, 'local-action', 'exit 1');
      const inWork = (...args: string[]): Promise<PmfadmRun> => impl.run(args, { ...env, PATH: `${join(work, 'bin')}:${env['PATH'] ?? ''}` }, { cwd: work });
      assert.equal((await inWork('-c', 'rel-a', '-a', './local-action', './svc.sh')).code, 0);
      assert.equal((await inWork('-c', 'rel-b', '-a', 'on-path-action', './svc.sh')).code, 0);
      assert.equal(pmf.status('rel-a')?.cwd, work);
      assert.deepEqual(pmf.status('rel-a')?.action, [join(work, 'local-action')]);
      assert.deepEqual(pmf.status('rel-b')?.action, [join(work, 'bin', 'on-path-action')]);
      await waitFor(() => pmf.status('rel-a')?.running === true, 'the relative command to run');
      assert.match((await inWork('-l', 'rel-b')).stdout, new RegExp(`^pmfadm -c rel-b -a ${join(work, 'bin', 'on-path-action')} -n 0 \\./svc\\.sh\\n`));
    });

    it('exits 4 when the socket is not a socket or lies under a file', async () => {
      const file = join(dir, 'plain-file');
      writeFileSync(file, '');
      const refused = await impl.run(['-L'], { ...env, FERRY_AGENT_SOCKET: file });
      assert.deepEqual([refused.code, refused.stderr], [4, `pmfadm: cannot reach the agent at ${file}: ECONNREFUSED\n`]);
      const under = await impl.run(['-q', 'x'], { ...env, FERRY_AGENT_SOCKET: join(file, 'agent.sock') });
      assert.deepEqual([under.code, under.stderr], [4, `pmfadm: cannot reach the agent at ${join(file, 'agent.sock')}: ENOTDIR\n`]);
    });

    it('-h accepts only the local node', async () => {
      assert.deepEqual(pick(await pmfadm('-L', '-h', 'n1')), [0, 'tags:\n', '']);
      assert.deepEqual(pick(await pmfadm('-q', 'x', '-h', 'localhost')), [1, '', '']);
      assert.deepEqual(pick(await pmfadm('-L', '-h', 'elsewhere')), [4, '', 'pmfadm: -h elsewhere: only the local node can be managed\n']);
    });

    it('accepts a signal by name in any case, with or without SIG, or by number', async () => {
      for (const signal of ['hup', 'SigHup', 'SIGHUP', '1', ' HUP ']) {
        const pidFile = join(dir, 'hup.pid'), ready = join(dir, 'hup.ready');
        rmSync(pidFile, { force: true });
        rmSync(ready, { force: true });
        assert.equal((await pmfadm('-c', 'hup', '/bin/sh', '-c', `trap 'echo $$ > ${pidFile}' HUP; echo > ${ready}; while :; do sleep 0.05; done`)).code, 0);
        await waitFor(() => existsSync(ready), 'the trap to be set');
        assert.equal((await pmfadm('-k', 'hup', signal)).code, 0, signal);
        await readPids(pidFile);
        await pmf.stopAll();
      }
    });

    for (const [args, message] of [
      [[], 'one of -c, -k, -s, -m, -q, -l, -L is required'],
      [['-q', 'x', '-Z'], 'unknown option -Z'],
      [['-q', 'x', '-é'], 'unknown option -é'],
      [['-Lc'], 'option -c requires a value'],
      [['-q', ''], 'option -q: the nametag is empty'],
      [['-c', 'x', '-n', 'three', '/bin/true'], 'option -n: "three" is not an integer'],
      [['-c', 'x', '-n', '-2', '/bin/true'], 'option -n: -2 is out of range -1..9007199254740991'],
      [['-c', 'x', '-t', '99999999999999999999', '/bin/true'], 'option -t: 100000000000000000000 is out of range -1..9007199254740991'],
      [['-s', 'x', '-w', ' 1'], 'option -w: " 1" is not an integer'],
      [['-k', 'x', 'TERM', 'extra'], 'option -k: unexpected "extra" after the signal'],
      [['-q', 'x', '-n', '1'], 'option -n cannot be used with -q'],
      [['-c', 'x', '-e', 'A B=1', '/bin/true'], 'option -e: "A B=1" is not VAR=value'],
      [['-s', 'x', 'SIGNOPE'], 'unknown signal "SIGNOPE"'],
      [['-L', '--', 'extra'], 'unexpected "extra"'],
    ] as const) {
      it(`says "${message}" for pmfadm ${args.join(' ')}`, async () => {
        const r = await pmfadm(...args);
        assert.deepEqual([r.code, r.stdout], [3, '']);
        assert.equal(r.stderr.split('\n')[0], `pmfadm: ${message}`);
        assert.match(r.stderr, /\nusage: pmfadm -c nametag .*\n( {7}pmfadm .*\n){6}$/);
      });
    }

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
}
