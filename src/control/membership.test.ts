import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ClusterStatus } from '../model/index.js';
import { NodeLossTracker } from './membership.js';

const status = (nodes: Record<string, 'UP' | 'DOWN'>): ClusterStatus => ({
  seq: 1, atMs: 0, zones: {}, resources: {}, groups: {}, pending: [],
  nodes: Object.fromEntries(Object.entries(nodes).map(([n, state]) => [n, { state, sinceMs: 0, fenced: false }])),
} as ClusterStatus);

describe('NodeLossTracker', () => {
  test('a node whose member key vanished is declared down only after the grace', () => {
    let now = 1000;
    const t = new NodeLossTracker(300, () => now);
    const s = status({ n1: 'UP', n2: 'UP' });
    let d = t.delta(s, new Set(['n2']), ['n1', 'n2'], true);
    assert.deepEqual(d.events, []);
    assert.deepEqual(d.newlyMissing, ['n1']);
    assert.equal(d.wakeInMs, 300);
    now += 299;
    d = t.delta(s, new Set(['n2']), ['n1', 'n2'], true);
    assert.deepEqual(d.events, []);
    assert.deepEqual(d.newlyMissing, [], 'reported as missing once');
    assert.equal(d.wakeInMs, 1);
    now += 1;
    d = t.delta(s, new Set(['n2']), ['n1', 'n2'], true);
    assert.deepEqual(d.events, [{ kind: 'node-down', node: 'n1' }]);
    assert.equal(d.wakeInMs, undefined);
  });

  test('a key that comes back within the grace cancels the loss; joins are reported at once', () => {
    let now = 0;
    const t = new NodeLossTracker(300, () => now);
    t.delta(status({ n1: 'UP' }), new Set(), ['n1'], true);
    now = 100;
    assert.deepEqual(t.delta(status({ n1: 'UP' }), new Set(['n1']), ['n1'], true).events, []);
    now = 1000;
    const d = t.delta(status({ n1: 'UP' }), new Set(), ['n1'], true);
    assert.deepEqual(d.events, [], 'the grace starts again from the new loss');
    assert.deepEqual(t.delta(status({ n1: 'DOWN' }), new Set(['n1']), ['n1'], true).events, [{ kind: 'node-up', node: 'n1' }]);
  });

  test('without a stored status (nothing ever ran) or without grace, a missing node is down at once', () => {
    assert.deepEqual(new NodeLossTracker(300, () => 0).delta(status({ n1: 'UP' }), new Set(), ['n1'], false).events, [{ kind: 'node-down', node: 'n1' }]);
    assert.deepEqual(new NodeLossTracker(0, () => 0).delta(status({ n1: 'UP' }), new Set(), ['n1'], true).events, [{ kind: 'node-down', node: 'n1' }]);
  });

  test('nodes already down, or not in the configuration, yield nothing', () => {
    const t = new NodeLossTracker(300, () => 0);
    const d = t.delta(status({ n1: 'DOWN' }), new Set(['ghost']), ['n1'], true);
    assert.deepEqual(d, { events: [], newlyMissing: [] });
  });

  test('a negative grace is refused', () => {
    assert.throws(() => new NodeLossTracker(-1), RangeError);
  });
});
