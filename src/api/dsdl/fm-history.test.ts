import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { decideFmAction, ProbeHistory, type FmPolicy } from './fm-history.js';

const policy: FmPolicy = { retryCount: 2, retryIntervalMs: 60_000, failoverMode: 'NONE' };
const S = 1000;

test('partial failures add up within Retry_interval; reaching 100 restarts', () => {
  const h = new ProbeHistory();
  assert.deepEqual(decideFmAction(h, 0, 0, policy, 0), { kind: 'ok' });
  assert.deepEqual(decideFmAction(h, 40, 1 * S, policy, 0), { kind: 'degraded', cumulative: 40 });
  assert.deepEqual(decideFmAction(h, 40, 2 * S, policy, 0), { kind: 'degraded', cumulative: 80 });
  assert.equal(decideFmAction(h, 0, 3 * S, policy, 0).kind, 'ok', 'a success does not erase earlier failures');
  assert.equal(decideFmAction(h, 25, 4 * S, policy, 0).kind, 'restart');
  assert.deepEqual(h.entries, [], 'acting on the failures resets the history');
});

test('old failures age out of the window', () => {
  const h = new ProbeHistory();
  decideFmAction(h, 60, 0, policy, 0);
  assert.deepEqual(decideFmAction(h, 60, 61 * S, policy, 0), { kind: 'degraded', cumulative: 60 });
});

test('a complete failure restarts until Retry_count restarts happened within the window, then gives over', () => {
  assert.equal(decideFmAction(new ProbeHistory(), 100, 0, policy, 0).kind, 'restart');
  assert.equal(decideFmAction(new ProbeHistory(), 100, 0, policy, 1).kind, 'restart');
  assert.equal(decideFmAction(new ProbeHistory(), 100, 0, policy, 2).kind, 'giveover');
  assert.equal(decideFmAction(new ProbeHistory(), 100, 0, { ...policy, retryCount: -1 }, 50).kind, 'restart', 'Retry_count -1 is unlimited');
  assert.equal(decideFmAction(new ProbeHistory(), 100, 0, { ...policy, retryCount: 0 }, 0).kind, 'giveover');
});

test('201 fails over at once, except under RESTART_ONLY and LOG_ONLY', () => {
  assert.equal(decideFmAction(new ProbeHistory(), 201, 0, policy, 0).kind, 'giveover');
  assert.equal(decideFmAction(new ProbeHistory(), 201, 0, { ...policy, failoverMode: 'RESTART_ONLY' }, 0).kind, 'restart');
  assert.equal(decideFmAction(new ProbeHistory(), 201, 0, { ...policy, failoverMode: 'RESTART_ONLY' }, 2).kind, 'log-only');
  assert.equal(decideFmAction(new ProbeHistory(), 201, 0, { ...policy, failoverMode: 'LOG_ONLY' }, 0).kind, 'log-only');
});

test('after a refused giveover, the next complete failure restarts locally', () => {
  const h = new ProbeHistory();
  assert.equal(decideFmAction(h, 100, 0, policy, 2).kind, 'giveover');
  h.giveoverRefused();
  assert.equal(decideFmAction(h, 100, 1 * S, policy, 2).kind, 'restart');
  assert.equal(decideFmAction(h, 100, 2 * S, policy, 2).kind, 'giveover', 'only once');
});

test('out-of-range statuses are clamped', () => {
  assert.equal(decideFmAction(new ProbeHistory(), -5, 0, policy, 0).kind, 'ok');
  assert.equal(decideFmAction(new ProbeHistory(), 150, 0, policy, 0).kind, 'restart');
});

test('property: with no restarts used, the decision follows the windowed sum of failures', () => {
  fc.assert(fc.property(fc.array(fc.record({ status: fc.integer({ min: 0, max: 100 }), gapS: fc.integer({ min: 0, max: 90 }) }), { maxLength: 30 }), (probes) => {
    const h = new ProbeHistory();
    let now = 0;
    let window: { at: number; s: number }[] = [];
    for (const p of probes) {
      now += p.gapS * S;
      const d = decideFmAction(h, p.status, now, policy, 0);
      if (p.status === 0) { assert.equal(d.kind, 'ok'); continue; }
      window = [...window.filter((f) => f.at > now - policy.retryIntervalMs), { at: now, s: p.status }];
      const sum = window.reduce((a, f) => a + f.s, 0);
      if (sum < 100) assert.deepEqual(d, { kind: 'degraded', cumulative: sum });
      else { assert.equal(d.kind, 'restart'); window = []; }
    }
  }));
});
