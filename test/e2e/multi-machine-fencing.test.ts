import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, test } from 'node:test';
import { labMissing, startFerryLab, type FerryLab } from '../support/netns/ferry-lab.js';
import { OnlineChecker } from '../support/netns/online-checker.js';

/**
 * With a fencing agent configured, the leader fences a node whose lease is gone and moves its groups
 * as soon as the agent confirms, without waiting for the self-fence grace: here the grace is 60 s,
 * so only the agent's confirmation can explain a failover within the test's 25 s.
 */
const missing = labMissing();

async function waitFor<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 25_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(100);
  }
}

describe('several machines with a fencing agent', { skip: missing }, () => {
  let lab: FerryLab;
  let checker: OnlineChecker;

  before(async () => {
    lab = await startFerryLab({ machines: 3, leaseTtlMs: 2000, fenceAgent: true, extraFerrydArgs: ['--grace-ms', '60000'] });
    checker = new OnlineChecker(lab.stateDir).start();
    for (const args of [['rg', 'create', '-n', 'n1,n2,n3', 'g1'], ['rs', 'create', '-g', 'g1', '-t', 'ferrytest.mm', 'r1'], ['rg', 'manage', 'g1'], ['rg', 'online', 'g1']]) {
      const r = await lab.ferry(0, args);
      assert.equal(r.code, 0, r.stderr);
    }
  });
  after(async () => {
    checker?.stop();
    await lab?.stop();
  });

  test('a partitioned node is fenced by the agent (fence-agents conventions) and its group starts elsewhere at once', async () => {
    const host = await waitFor('r1 online', () => (checker.onlineNodes('r1').length === 1 ? checker.onlineNodes('r1')[0] : undefined));
    const i = lab.nodes.indexOf(host);
    lab.cut(i);
    const next = await waitFor('r1 elsewhere', () => {
      const on = checker.onlineNodes('r1');
      return on.length === 1 && on[0] !== host ? on[0] : undefined;
    });
    assert.notEqual(next, host);
    const calls = readFileSync(join(lab.dir, 'fence', 'fence.log'), 'utf8');
    assert.match(calls, new RegExp(`action=off plug=${host}$`, 'm'), calls);
    await waitFor('the fenced ferryd gone', () => (lab.isFerrydRunning(i) ? undefined : true));
    lab.heal(i);
    await lab.startFerryd(i);
    await waitFor(`${host} back`, async () => ((await lab.status(i))?.nodes.find((n) => n.name === host)?.state === 'UP' ? true : undefined));
    assert.deepEqual(checker.onlineNodes('r1'), [next]);
    assert.deepEqual(checker.overlaps, []);
  });
});
