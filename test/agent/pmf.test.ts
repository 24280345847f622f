import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, afterEach, before, describe, it } from 'node:test';
import { PmfError, ProcessMonitor } from '../../src/agent/pmf/index.js';
import type { PmfEvents } from '../../src/agent/pmf/index.js';
import { isAlive, killPids, readPids, tempDir, waitFor, writeScript } from './helpers.js';

type Seen = { event: keyof PmfEvents; tag: string; info?: unknown };

function record(pmf: ProcessMonitor): Seen[] {
  const seen: Seen[] = [];
  pmf.on('exited', (tag, info) => seen.push({ event: 'exited', tag, info }));
  pmf.on('restarted', (tag, info) => seen.push({ event: 'restarted', tag, info }));
  pmf.on('exhausted', (tag, info) => seen.push({ event: 'exhausted', tag, info }));
  pmf.on('removed', (tag) => seen.push({ event: 'removed', tag }));
  return seen;
}

const lines = (path: string): string[] => (existsSync(path) ? readFileSync(path, 'utf8').split('\n').filter(Boolean) : []);
const count = (seen: Seen[], event: keyof PmfEvents): number => seen.filter((s) => s.event === event).length;

describe('ProcessMonitor', () => {
  let dir: string;
  let cleanup: () => void;
  let pmf: ProcessMonitor;
  const leftovers: number[] = [];
  before(() => ({ dir, cleanup } = tempDir()));
  afterEach(async () => {
    await pmf.stopAll();
    killPids(leftovers);
  });
  after(() => cleanup());
  const monitor = (): ProcessMonitor => (pmf = new ProcessMonitor({ pollIntervalMs: 50, minRestartIntervalMs: 0, killGraceMs: 500 }));

  it('restarts a dying command up to `retries` times, then gives up with exhausted', async () => {
    const pm = monitor();
    const seen = record(pm);
    const runs = join(dir, 'runs-1');
    await pm.start('rg,rs,0.svc', { command: '/bin/sh', args: ['-c', `echo run >> ${runs}; exit 1`], retries: 2, periodMs: 60_000 });
    await waitFor(() => count(seen, 'exhausted') === 1, 'exhausted');
    assert.equal(lines(runs).length, 3, 'first start + 2 restarts');
    assert.equal(count(seen, 'restarted'), 2);
    assert.deepEqual(seen.find((s) => s.event === 'exhausted')?.info, { reason: 'retries' });
    assert.deepEqual(seen.find((s) => s.event === 'exited')?.info, { exitCode: 1 });
    assert.deepEqual(pm.list(), [], 'an exhausted tag is removed');
  });

  it('restarts only when the whole tree is gone, not when the started process exits', async () => {
    const pm = monitor();
    const seen = record(pm);
    const marker = join(dir, 'grandchild-done');
    let markerAtExit: boolean | undefined;
    pm.on('exited', () => { markerAtExit ??= existsSync(marker); });
    await pm.start('tree', { command: '/bin/sh', args: ['-c', `(sleep 0.5; touch ${marker}) & exit 0`], retries: 0 });
    await waitFor(() => count(seen, 'exhausted') === 1, 'exhausted');
    assert.equal(markerAtExit, true, 'exited fired only after the background grandchild finished');
  });

  it('slides the retry window: deaths spread wider than the period never exhaust the budget', async () => {
    const pm = monitor();
    const seen = record(pm);
    // Each run lives 0.6 s, so with a 0.3 s period every earlier restart has left the window.
    await pm.start('slow', { command: '/bin/sh', args: ['-c', 'sleep 0.6; exit 1'], retries: 1, periodMs: 300 });
    await waitFor(() => count(seen, 'restarted') >= 3, 'three restarts', 15_000);
    assert.equal(count(seen, 'exhausted'), 0);
    // The same command with a window that holds every restart is exhausted after one.
    await pm.start('slow-wide', { command: '/bin/sh', args: ['-c', 'sleep 0.6; exit 1'], retries: 1, periodMs: 60_000 });
    await waitFor(() => seen.some((s) => s.event === 'exhausted' && s.tag === 'slow-wide'), 'slow-wide exhausted', 15_000);
    assert.equal(seen.filter((s) => s.event === 'restarted' && s.tag === 'slow-wide').length, 1);
  });

  it('runs the action program when the budget is used up: non-zero exit vetoes the restart', async () => {
    const pm = monitor();
    const seen = record(pm);
    const args = join(dir, 'action-args');
    const action = writeScript(dir, 'veto', `echo "$@" >> ${args}; exit 1`);
    await pm.start('vetoed', { command: '/bin/sh', args: ['-c', 'exit 0'], retries: 0, action: [action, 'extra'] });
    await waitFor(() => count(seen, 'exhausted') === 1, 'exhausted');
    assert.deepEqual(lines(args), ['extra failed vetoed']);
    assert.equal(count(seen, 'restarted'), 0);
    assert.equal((seen.find((s) => s.event === 'exhausted')?.info as { reason: string }).reason, 'action-refused');
  });

  it('restarts with a fresh budget when the action program exits 0', async () => {
    const pm = monitor();
    const seen = record(pm);
    const runs = join(dir, 'runs-action');
    const approvals = join(dir, 'approvals');
    // Approves twice, then refuses.
    const action = writeScript(dir, 'approve', `echo ok >> ${approvals}; [ $(wc -l < ${approvals}) -le 2 ]`);
    await pm.start('approved', { command: '/bin/sh', args: ['-c', `echo run >> ${runs}; exit 1`], retries: 1, periodMs: 60_000, action: [action] });
    await waitFor(() => count(seen, 'exhausted') === 1, 'exhausted');
    // start, 1 retry, [action ok] start, 1 retry, [action ok] start, 1 retry, [action refuses]
    assert.equal(lines(runs).length, 6);
    assert.equal(lines(approvals).length, 3);
    assert.equal(seen.filter((s) => s.event === 'restarted' && (s.info as { byAction: boolean }).byAction).length, 2);
  });

  it('stop ends the whole tree, including a process that ignores SIGTERM and one that left the group', async () => {
    const pm = monitor();
    const pids = join(dir, 'stop.pids');
    const script = writeScript(dir, 'family', [
      `sleep 1000 & echo $! >> ${pids}`,
      `sh -c "trap '' TERM; while :; do sleep 0.05; done" & echo $! >> ${pids}`,
      `setsid sleep 1000 & echo $! >> ${pids}`,
      'wait',
    ].join('\n'));
    await pm.start('family', { command: script, retries: -1 });
    const children = await readPids(pids, 3);
    leftovers.push(...children);
    await waitFor(() => children.every((p) => pm.status('family')?.pids.includes(p) === true), 'all three children tracked');
    assert.equal(await pm.stop('family'), true);
    for (const pid of children) assert.equal(isAlive(pid), false, `pid ${pid} survived stop`);
    assert.equal(pm.status('family'), undefined);
    assert.equal(await pm.stop('family'), false, 'stopping an unknown tag says so');
  });

  it('kill signals the tree without ending supervision', async () => {
    const pm = monitor();
    const seen = record(pm);
    await pm.start('killme', { command: '/bin/sleep', args: ['1000'], retries: 1 });
    const before = pm.status('killme')?.pids[0];
    assert.equal(pm.kill('killme', 'SIGTERM'), true);
    await waitFor(() => count(seen, 'restarted') === 1, 'restart after kill');
    const status = pm.status('killme');
    assert.equal(status?.running, true);
    assert.notEqual(status?.pids[0], before);
    assert.equal(status?.restartsInWindow, 1);
  });

  it('stopMonitoring without a signal leaves the processes running; the tag goes when they exit', async () => {
    const pm = monitor();
    const seen = record(pm);
    await pm.start('lingering', { command: '/bin/sh', args: ['-c', 'sleep 0.4'], retries: -1 });
    assert.equal(pm.stopMonitoring('lingering'), true);
    assert.equal(pm.status('lingering')?.monitored, false);
    assert.equal(pm.status('lingering')?.running, true);
    assert.equal(await pm.waitForExit('lingering', 10_000), true);
    await waitFor(() => count(seen, 'removed') === 1, 'removed');
    assert.equal(count(seen, 'restarted'), 0);
    assert.equal(count(seen, 'exhausted'), 0);
  });

  it('with a child monitor level of 0 only the started process counts', async () => {
    const pm = monitor();
    const seen = record(pm);
    const pidFile = join(dir, 'level0.pid');
    await pm.start('level0', { command: '/bin/sh', args: ['-c', `sleep 1000 & echo $! > ${pidFile}; sleep 0.3`], retries: 0, childMonitorLevel: 0 });
    const [child] = await readPids(pidFile);
    leftovers.push(child as number);
    await waitFor(() => count(seen, 'exhausted') === 1, 'exhausted although a child lives');
    assert.equal(isAlive(child as number), true);
  });

  it('refuses a duplicate nametag and reports a command that cannot start', async () => {
    const pm = monitor();
    await pm.start('dup', { command: '/bin/sleep', args: ['1000'] });
    await assert.rejects(pm.start('dup', { command: '/bin/sleep', args: ['1'] }), (e: unknown) => e instanceof PmfError && e.code === 'tag-exists');
    await assert.rejects(pm.start('nope', { command: join(dir, 'missing') }), (e: unknown) => e instanceof PmfError && e.code === 'spawn-failed');
    await assert.rejects(pm.start('rel-action', { command: '/bin/true', action: ['relative'] }), (e: unknown) => e instanceof PmfError && e.code === 'bad-request');
    assert.deepEqual(pm.list(), ['dup']);
  });

  it('appends the command output to its log file', async () => {
    const pm = monitor();
    const seen = record(pm);
    const log = join(dir, 'pmf-logs', 'tag.log');
    await pm.start('logged', { command: '/bin/sh', args: ['-c', 'echo hello from pmf'], logFile: log });
    await waitFor(() => count(seen, 'removed') === 1, 'removed');
    assert.ok(lines(log).includes('hello from pmf'));
  });
});
