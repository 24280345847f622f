import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { RestartHistory } from './restart-history.js';

describe('RestartHistory', () => {
  it('allows `retries` restarts in a window and then refuses', () => {
    const h = new RestartHistory(2, 60_000);
    assert.equal(h.tryConsume(0), true);
    assert.equal(h.tryConsume(1000), true);
    assert.equal(h.tryConsume(2000), false);
    assert.equal(h.inWindow(2000), 2);
  });

  it('slides: restarts older than the period stop counting', () => {
    const h = new RestartHistory(2, 10_000);
    h.tryConsume(0);
    h.tryConsume(5000);
    assert.equal(h.tryConsume(9999), false);
    assert.equal(h.tryConsume(10_001), true, 'the restart at 0 has left the window');
    assert.equal(h.inWindow(10_001), 2);
  });

  it('treats retries 0 as never and -1 as unlimited; no period means the window never slides', () => {
    assert.equal(new RestartHistory(0, 1000).tryConsume(0), false);
    const unlimited = new RestartHistory(-1, 1000);
    for (let t = 0; t < 500; t++) assert.equal(unlimited.tryConsume(t), true);
    const forever = new RestartHistory(1, undefined);
    assert.equal(forever.tryConsume(0), true);
    assert.equal(forever.tryConsume(1e12), false);
  });

  it('never allows more than `retries` restarts within any window (property)', () => {
    fc.assert(fc.property(
      fc.integer({ min: 0, max: 5 }),
      fc.integer({ min: 1, max: 1000 }),
      fc.array(fc.integer({ min: 0, max: 200 }), { maxLength: 60 }),
      (retries, periodMs, gaps) => {
        const h = new RestartHistory(retries, periodMs);
        const granted: number[] = [];
        let now = 0;
        for (const gap of gaps) {
          now += gap;
          if (h.tryConsume(now)) granted.push(now);
        }
        for (const t of granted) assert.ok(granted.filter((u) => u > t - periodMs && u <= t).length <= retries);
      },
    ));
  });

  it('starts a fresh budget after reset', () => {
    const h = new RestartHistory(1, undefined);
    h.tryConsume(0);
    h.reset();
    assert.equal(h.tryConsume(1), true);
  });
});
