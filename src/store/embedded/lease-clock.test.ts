import assert from 'node:assert/strict';
import { it } from 'node:test';
import { LeaseClock } from './lease-clock.js';

/** A clock the test moves by hand; the timer only matters for leases nobody asks about. */
function manualClock(): { clock: LeaseClock; expired: string[]; advance(ms: number): void } {
  let nowMs = 1000;
  const expired: string[] = [];
  const clock = new LeaseClock((lease) => expired.push(lease), () => nowMs);
  return { clock, expired, advance: (ms) => (nowMs += ms) };
}

it('a lease is live until TTL after its start or last renewal, then expires once', () => {
  const { clock, expired, advance } = manualClock();
  clock.start('1', 300);
  advance(299);
  assert.equal(clock.renew('1'), 300);
  advance(299);
  assert.equal(clock.isLive('1'), true);
  advance(1);
  assert.equal(clock.isLive('1'), false);
  assert.equal(clock.renew('1'), undefined, 'an expired lease cannot be renewed');
  assert.deepEqual(expired, ['1']);
  clock.stop();
});

it('unknown and forgotten leases are not live', () => {
  const { clock, expired } = manualClock();
  assert.equal(clock.renew('nope'), undefined);
  clock.start('2', 1000);
  clock.forget('2');
  assert.equal(clock.isLive('2'), false);
  assert.deepEqual(expired, []);
  clock.stop();
});
