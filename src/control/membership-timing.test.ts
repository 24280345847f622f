import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { KILL_BUDGET_MS, etcdTtlMs, membershipTiming, timingProblem } from './membership-timing.js';

describe('membership timing', () => {
  test('defaults for TTL 1 s: renew every 200 ms, fence after 600 ms, Stop 200 ms, grace 100 ms', () => {
    assert.deepEqual(membershipTiming(1000), { ttlMs: 1000, renewEveryMs: 200, renewCallTimeoutMs: 400, selfFenceAfterMs: 600, stopDeadlineMs: 200, graceMs: 100 });
  });

  test('TTLs are counted in whole seconds, as etcd does', () => {
    assert.equal(etcdTtlMs(1500), 2000);
    assert.equal(membershipTiming(1500).ttlMs, 2000);
    assert.equal(etcdTtlMs(1), 1000);
  });

  test('for any TTL the node has fenced itself before the leader may declare it down', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 120 }), (s) => {
      const t = membershipTiming(s * 1000);
      assert.equal(timingProblem(t), undefined);
      assert.ok(t.selfFenceAfterMs + t.stopDeadlineMs + KILL_BUDGET_MS <= t.ttlMs + t.graceMs);
      assert.ok(t.renewEveryMs < t.selfFenceAfterMs);
    }));
  });

  test('unsafe or impossible overrides are refused with the reason', () => {
    assert.throws(() => membershipTiming(1000, { stopDeadlineMs: 900 }), /a 1000 ms lease leaves no time to renew it/);
    assert.throws(() => membershipTiming(1000, { renewEveryMs: 800 }), /renewal interval 800 ms/);
    assert.throws(() => membershipTiming(1000, { selfFenceAfterMs: 850 }), /later than TTL 1000 ms \+ grace 100 ms/);
    assert.throws(() => membershipTiming(0), RangeError);
    assert.throws(() => membershipTiming(Number.NaN), RangeError);
    assert.throws(() => membershipTiming(2000, { graceMs: -1 }), /graceMs/);
    // A longer grace pays for a later self-fence.
    assert.equal(membershipTiming(1000, { selfFenceAfterMs: 800, graceMs: 200 }).selfFenceAfterMs, 800);
  });
});
