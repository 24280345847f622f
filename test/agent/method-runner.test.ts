import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { METHOD_BASE_PATH, methodArgv, runMethod } from '../../src/agent/method-runner/index.js';
import { isAlive, killPids, readPids, tempDir, writeScript } from './helpers.js';

const ids = methodArgv({ resource: 'web-rs', type: 'SUNW.gds:6', group: 'web-rg' });

describe('runMethod', () => {
  let dir: string;
  let cleanup: () => void;
  const leftovers: number[] = [];
  before(() => ({ dir, cleanup } = tempDir()));
  after(() => {
    killPids(leftovers);
    cleanup();
  });

  it('reports done with exit 0 and with a non-zero exit code, both as data', async () => {
    const ok = await runMethod({ path: writeScript(dir, 'ok', 'exit 0'), argv: ids, timeoutMs: 10_000 });
    assert.equal(ok.execution, 'done');
    assert.equal(ok.exitCode, 0);
    assert.equal(ok.signal, undefined);
    const bad = await runMethod({ path: writeScript(dir, 'bad', 'exit 3'), argv: ids, timeoutMs: 10_000 });
    assert.equal(bad.execution, 'done');
    assert.equal(bad.exitCode, 3);
  });

  it('passes the argv exactly and runs in a minimal, documented environment', async () => {
    const out = join(dir, 'argv-env.out');
    // /proc/$$/environ is the environment exactly as exec'd, before the shell adds PWD and friends.
    const path = writeScript(dir, 'show', `for a in "$@"; do echo "ARG:$a"; done > ${out}; tr '\\0' '\\n' < /proc/$$/environ >> ${out}; echo "CWD:$(pwd)" >> ${out}`);
    const argv = methodArgv({ resource: 'r1', type: 'T', group: 'g1', validate: { mode: 'update', resourceProps: { Retry_count: '2' }, extensionProps: { Cmd: 'a b=c' }, groupProps: {} } });
    const r = await runMethod({ path, argv, timeoutMs: 10_000, binDir: '/opt/ferry/bin', env: { FERRY_NODE: 'n1', FERRY_RESOURCE: 'r1' } });
    assert.equal(r.execution, 'done');
    const lines = readFileSync(out, 'utf8').trim().split('\n');
    assert.deepEqual(lines.filter((l) => l.startsWith('ARG:')).map((l) => l.slice(4)), ['-u', '-R', 'r1', '-T', 'T', '-G', 'g1', '-r', 'Retry_count=2', '-x', 'Cmd=a b=c']);
    const env = lines.filter((l) => !l.startsWith('ARG:') && !l.startsWith('CWD:')).sort();
    const expected = [`PATH=/opt/ferry/bin:${METHOD_BASE_PATH}`, 'HOME=/', 'LANG=C', 'FERRY_NODE=n1', 'FERRY_RESOURCE=r1'];
    if (process.env['TZ'] !== undefined) expected.push(`TZ=${process.env['TZ']}`);
    assert.deepEqual(env, expected.sort());
    assert.ok(lines.includes('CWD:/'), 'default working directory is /');
  });

  it('kills a method that outlives its timeout, and the grandchildren in its process group', async () => {
    const pids = join(dir, 'timeout.pids');
    const path = writeScript(dir, 'hang', `echo $$ > ${pids}; sleep 1000 & echo $! >> ${pids}; (sleep 1000 & echo $! >> ${pids}; wait) & exec sleep 1000`);
    const r = await runMethod({ path, argv: ids, timeoutMs: 300, killGraceMs: 2000 });
    assert.equal(r.execution, 'timeout');
    assert.equal(r.signal, 'SIGTERM');
    const family = await readPids(pids, 3);
    leftovers.push(...family);
    for (const pid of family) assert.equal(isAlive(pid), false, `process ${pid} of the method's group still alive`);
  });

  it('sends SIGKILL after the grace period to a method that ignores SIGTERM', async () => {
    const path = writeScript(dir, 'stubborn', `trap '' TERM; while :; do sleep 0.05; done`);
    const r = await runMethod({ path, argv: ids, timeoutMs: 200, killGraceMs: 300 });
    assert.equal(r.execution, 'timeout');
    assert.equal(r.signal, 'SIGKILL');
    assert.match(r.detail ?? '', /SIGKILL/);
  });

  it('keeps the exit code of a method that traps SIGTERM and exits on timeout', async () => {
    const path = writeScript(dir, 'trapper', `trap 'echo cleaning up; exit 7' TERM; while :; do sleep 0.05; done`);
    const log = join(dir, 'trapper.log');
    const r = await runMethod({ path, argv: ids, timeoutMs: 200, logFile: log });
    assert.equal(r.execution, 'timeout');
    assert.equal(r.exitCode, 7);
    assert.match(r.outputTail, /cleaning up/);
  });

  it('reports not-found and not-executable without throwing', async () => {
    assert.equal((await runMethod({ path: join(dir, 'missing'), argv: ids, timeoutMs: 1000 })).execution, 'not-found');
    assert.equal((await runMethod({ path: 'relative/start', argv: ids, timeoutMs: 1000 })).execution, 'not-found');
    const plain = writeScript(dir, 'no-x-bit', 'exit 0', 0o644);
    const r = await runMethod({ path: plain, argv: ids, timeoutMs: 1000 });
    assert.equal(r.execution, 'not-executable');
    assert.match(r.outputTail, /no-x-bit/);
    mkdirSync(join(dir, 'a-dir'));
    assert.equal((await runMethod({ path: join(dir, 'a-dir'), argv: ids, timeoutMs: 1000 })).execution, 'not-executable');
    const badInterpreter = writeScript(dir, 'bad-interp', '');
    writeFileSync(badInterpreter, '#!/nonexistent/interpreter\n');
    assert.equal((await runMethod({ path: badInterpreter, argv: ids, timeoutMs: 1000 })).execution, 'not-found');
    const inMissingNetns = await runMethod({ path: writeScript(dir, 'ns', 'exit 0'), argv: ids, timeoutMs: 1000, netns: 'ferry-no-such-netns' });
    assert.equal(inMissingNetns.execution, 'not-found');
  });

  it('reports killed when the method dies of a signal nobody at Ferry sent', async () => {
    const pidFile = join(dir, 'victim.pid');
    const path = writeScript(dir, 'victim', `echo $$ > ${pidFile}; exec sleep 1000`);
    const running = runMethod({ path, argv: ids, timeoutMs: 60_000 });
    const [pid] = await readPids(pidFile);
    process.kill(pid as number, 'SIGUSR1');
    const r = await running;
    assert.equal(r.execution, 'killed');
    assert.equal(r.signal, 'SIGUSR1');
    assert.equal(r.exitCode, undefined);
  });

  it('kills the process group when the caller aborts', async () => {
    const pids = join(dir, 'abort.pids');
    const path = writeScript(dir, 'long', `sleep 1000 & echo $! > ${pids}; wait`);
    const abort = new AbortController();
    const running = runMethod({ path, argv: ids, timeoutMs: 60_000, signal: abort.signal });
    const [child] = await readPids(pids);
    leftovers.push(child as number);
    abort.abort();
    const r = await running;
    assert.equal(r.execution, 'killed');
    assert.equal(isAlive(child as number), false);
    const already = await runMethod({ path, argv: ids, timeoutMs: 1000, signal: AbortSignal.abort() });
    assert.equal(already.execution, 'killed');
  });

  it('leaves the daemon a Start method started running after a normal exit', async () => {
    const pidFile = join(dir, 'daemon.pid');
    const path = writeScript(dir, 'start', `sleep 1000 & echo $! > ${pidFile}; echo started; exit 0`);
    const r = await runMethod({ path, argv: ids, timeoutMs: 10_000, logFile: join(dir, 'start.log') });
    assert.equal(r.execution, 'done');
    const [daemon] = await readPids(pidFile);
    leftovers.push(daemon as number);
    assert.equal(isAlive(daemon as number), true);
  });

  it('appends output to the log between timestamped lines and returns its tail', async () => {
    const log = join(dir, 'logs', 'web-rs.log');
    const path = writeScript(dir, 'chatty', 'for i in 1 2 3 4 5 6 7 8 9 10 11 12; do echo "line $i"; done; echo oops >&2; exit 1');
    const r = await runMethod({ path, argv: ids, timeoutMs: 10_000, logFile: log, name: 'Start', tailLines: 3 });
    assert.equal(r.outputTail, 'line 11\nline 12\noops');
    const r2 = await runMethod({ path: writeScript(dir, 'quiet', 'exit 0'), argv: ids, timeoutMs: 10_000, logFile: log, name: 'Monitor_start' });
    assert.equal(r2.outputTail, '', 'the tail only holds this run\'s output');
    const text = readFileSync(log, 'utf8').trim().split('\n');
    assert.match(text[0] ?? '', /^\d{4}-\d\d-\d\dT[\d:.]+Z \[Start\] run .*chatty -R web-rs -T SUNW.gds:6 -G web-rg$/);
    assert.ok(text.includes('line 1') && text.includes('oops'));
    assert.ok(text.some((l) => /Z \[Start\] done pid=\d+ exit=1 after \d+ ms$/.test(l)));
    assert.match(text.at(-1) ?? '', /\[Monitor_start\] done pid=\d+ exit=0/);
  });

  it('runs a method inside a network namespace', { skip: process.getuid?.() !== 0 }, async (t) => {
    const ns = `ferry-test-${process.pid}`;
    try {
      execFileSync('ip', ['netns', 'add', ns], { stdio: 'ignore' });
    } catch {
      t.skip('ip netns add is not permitted here');
      return;
    }
    try {
      const out = join(dir, 'netns.out');
      const path = writeScript(dir, 'which-ns', `readlink /proc/self/ns/net > ${out}`);
      const r = await runMethod({ path, argv: ids, timeoutMs: 10_000, netns: ns });
      assert.equal(r.execution, 'done');
      const inside = readFileSync(out, 'utf8').trim();
      const host = execFileSync('readlink', ['/proc/self/ns/net'], { encoding: 'utf8' }).trim();
      assert.notEqual(inside, host);
    } finally {
      execFileSync('ip', ['netns', 'del', ns]);
    }
  });
});
