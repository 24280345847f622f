import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ProcEntry } from '../method-runner/index.js';
import { ProcessTree } from './process-tree.js';

const table = (...rows: [pid: number, ppid: number, pgid: number, startTime: number, state?: string][]): Map<number, ProcEntry> =>
  new Map(rows.map(([pid, ppid, pgid, startTime, state = 'S']) => [pid, { pid, ppid, pgid, startTime, state }]));

describe('ProcessTree', () => {
  it('follows group members and descendants that left the group, even once reparented', () => {
    const tree = new ProcessTree(100);
    tree.update(table([1, 0, 1, 1], [100, 1, 100, 10], [101, 100, 100, 11], [102, 101, 102, 12], [200, 1, 200, 5]));
    assert.deepEqual(tree.allPids(), [100, 101, 102]);
    // The leader and 101 exit; 102 (setsid) is reparented to init but still belongs.
    tree.update(table([1, 0, 1, 1], [102, 1, 102, 12], [200, 1, 200, 5]));
    assert.deepEqual(tree.monitoredPids(), [102]);
    tree.update(table([1, 0, 1, 1], [200, 1, 200, 5]));
    assert.deepEqual(tree.monitoredPids(), []);
  });

  it('drops zombies and reused pids', () => {
    const tree = new ProcessTree(100);
    tree.update(table([100, 1, 100, 10], [101, 100, 100, 11]));
    tree.update(table([100, 1, 100, 10, 'Z'], [101, 1, 300, 99]));
    assert.deepEqual(tree.allPids(), [], 'zombie leader and a new process under a reused pid are not members');
  });

  it('does not adopt a process that reuses the group id after the group ended', () => {
    const tree = new ProcessTree(100);
    tree.update(table([100, 1, 100, 10], [102, 100, 102, 12]));
    tree.update(table([102, 1, 102, 12]));
    tree.update(table([102, 1, 102, 12], [100, 1, 100, 50]));
    assert.deepEqual(tree.allPids(), [102]);
  });

  it('counts only processes down to the -C depth as monitored', () => {
    const tree = new ProcessTree(100, 1);
    tree.update(table([100, 1, 100, 10], [101, 100, 100, 11], [102, 101, 100, 12]));
    assert.deepEqual(tree.monitoredPids(), [100, 101]);
    assert.deepEqual(tree.allPids(), [100, 101, 102]);
  });
});
