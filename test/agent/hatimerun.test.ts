import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { isAlive, killPids, mainBin, readPids, runNode, tempDir, waitFor, writeScript } from './helpers.js';

const hatimerun = mainBin('hatimerun');

describe('hatimerun', () => {
  let dir: string;
  let cleanup: () => void;
  const leftovers: number[] = [];
  before(() => ({ dir, cleanup } = tempDir()));
  after(() => {
    killPids(leftovers);
    cleanup();
  });

  it('passes the program\'s exit status and output through', async () => {
    const r = await runNode(hatimerun, ['-t', '10', '/bin/sh', '-c', 'echo out; echo err >&2; exit 3']);
    assert.deepEqual([r.code, r.stdout, r.stderr], [3, 'out\n', 'err\n']);
    assert.equal((await runNode(hatimerun, ['-t', '10', '/bin/true'])).code, 0);
    // A death by signal is reported like a shell does: 128 + signal number.
    assert.equal((await runNode(hatimerun, ['-t', '10', '/bin/sh', '-c', 'kill -USR1 $$'])).code, 128 + 10);
  });

  it('exits 99 on timeout after killing the program\'s whole process group', async () => {
    const pids = join(dir, 'group.pids');
    const r = await runNode(hatimerun, ['-t', '1', '/bin/sh', '-c', `sleep 1000 & echo $! > ${pids}; echo $$ >> ${pids}; wait`]);
    assert.equal(r.code, 99);
    const group = await readPids(pids, 2);
    leftovers.push(...group);
    await waitFor(() => group.every((p) => !isAlive(p)), 'the group to die');
  });

  it('uses -e for the timeout status and -k for the signal', async () => {
    const out = join(dir, 'trap.out');
    const script = writeScript(dir, 'trap-term', `trap 'echo got TERM > ${out}; exit 0' TERM; while :; do sleep 0.05; done`);
    const r = await runNode(hatimerun, ['-t', '1', '-e', '42', '-k', 'term', script]);
    assert.equal(r.code, 42);
    await waitFor(() => existsSync(out), 'the TERM trap to run');
    assert.equal(readFileSync(out, 'utf8'), 'got TERM\n');
  });

  it('with -a leaves the program running and exits 99', async () => {
    const pidFile = join(dir, 'async.pid');
    // The program keeps hatimerun's stdout open unless told otherwise, and we read that stdout to its end.
    const r = await runNode(hatimerun, ['-a', '-t', '1', '/bin/sh', '-c', `echo $$ > ${pidFile}; exec sleep 1000 >/dev/null 2>&1`]);
    assert.equal(r.code, 99);
    const [pid] = await readPids(pidFile);
    leftovers.push(pid as number);
    assert.equal(isAlive(pid as number), true);
  });

  it('kills the program and exits 98 when it is itself told to terminate', async () => {
    const pidFile = join(dir, 'term.pid');
    const child = spawn(process.execPath, [hatimerun, '-t', '600', '/bin/sh', '-c', `echo $$ > ${pidFile}; exec sleep 1000`], { stdio: 'ignore' });
    const [pid] = await readPids(pidFile);
    leftovers.push(pid as number);
    child.kill('SIGTERM');
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    assert.equal(code, 98);
    await waitFor(() => !isAlive(pid as number), 'the program to die');
  });

  it('warns on stderr at -x percent of the timeout and narrates with -v', async () => {
    const r = await runNode(hatimerun, ['-v', '-d', '-x', '10', '-t', '5', '/bin/sh', '-c', 'sleep 1.5; exit 4']);
    assert.equal(r.code, 4);
    assert.match(r.stderr, /hatimerun: started \/bin\/sh as pid \d+, timeout 5 s\n/);
    assert.match(r.stderr, /hatimerun: \/bin\/sh is still running after 10% of its 5 s timeout\n/);
    assert.match(r.stderr, /hatimerun: \/bin\/sh ended with exit status 4\n$/);
  });

  it('exits 98 with a message when the program cannot be run', async () => {
    const r = await runNode(hatimerun, ['-t', '5', join(dir, 'no-such-program')]);
    assert.equal(r.code, 98);
    assert.match(r.stderr, /cannot run .*no-such-program: ENOENT/);
  });

  for (const [what, args] of [
    ['an unknown option', ['-t', '5', '-z', '/bin/true']],
    ['a missing -t', ['/bin/true']],
    ['a bad timeout', ['-t', 'soon', '/bin/true']],
    ['a zero timeout', ['-t', '0', '/bin/true']],
    ['a bad exit code', ['-t', '5', '-e', '256', '/bin/true']],
    ['an unknown signal', ['-t', '5', '-k', 'NOPE', '/bin/true']],
    ['-a with -k', ['-a', '-k', 'KILL', '-t', '5', '/bin/true']],
    ['no program', ['-t', '5']],
    ['a -t without value', ['-t']],
  ] as const) {
    it(`rejects ${what} with the usage on stderr and exit 98`, async () => {
      const r = await runNode(hatimerun, args);
      assert.equal(r.code, 98);
      assert.match(r.stderr, /^hatimerun: .+\nusage: hatimerun -t secs/);
      assert.equal(r.stdout, '');
    });
  }
});
