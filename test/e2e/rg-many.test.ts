import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startCluster, type RunningCluster } from '../support/ferry-process.js';
import { makeBehaveAgent, type BehaveAgent } from '../support/behave.js';
import { fetchView, groupState } from '../support/status-wait.js';

// `ferry rg online|offline|restart` with several groups or `+` (clrg online -M +): every request is
// sent before any is waited for, the command returns once all are done, and a bad name changes nothing.
describe('rg online/offline with several groups and +', () => {
  let cluster: RunningCluster;
  let agent: BehaveAgent;
  const groups = ['many-a', 'many-b', 'many-c'];
  const ferry = async (...args: string[]): Promise<string> => {
    const r = await cluster.ferry(args);
    assert.equal(r.code, 0, `ferry ${args.join(' ')} failed: ${r.stderr}`);
    return r.stdout;
  };

  before(async () => {
    agent = makeBehaveAgent();
    cluster = await startCluster({ nodes: ['n1', 'n2'] });
    await ferry('rt', 'register', agent.rtrFile);
    for (const g of groups) {
      await ferry('rg', 'create', '-n', 'n1,n2', g);
      await ferry('rs', 'create', '-g', g, '-t', 'test.behave', `${g}-rs`);
    }
  });
  after(async () => {
    await cluster.stop();
    agent.remove();
  });

  test('an unknown group among several is refused before anything is managed or sent', async () => {
    const r = await cluster.ferry(['rg', 'online', '-M', 'many-a', 'no-such-group']);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /no-such-group/);
    const v = await fetchView(cluster.endpoint);
    for (const g of groups) assert.equal(v.groups.find((x) => x.name === g)?.managed, false, `${g} must still be unmanaged`);
  });

  test('online -M + manages and brings every group online, and reports each', async () => {
    const out = JSON.parse(await ferry('--json', 'rg', 'online', '-M', '+')) as { request: string; done: boolean }[];
    assert.deepEqual(out.map((o) => o.request).sort(), groups.map((g) => `online ${g}`));
    assert.ok(out.every((o) => o.done));
    const v = await fetchView(cluster.endpoint);
    for (const g of groups) assert.equal(groupState(v, g, 'n1'), 'ONLINE', `${g} online on n1`);
  });

  test('offline of two named groups leaves the third online', async () => {
    const text = await ferry('rg', 'offline', 'many-a', 'many-b');
    assert.match(text, /offline many-a: done/);
    assert.match(text, /offline many-b: done/);
    const v = await fetchView(cluster.endpoint);
    assert.equal(groupState(v, 'many-a', 'n1'), 'OFFLINE');
    assert.equal(groupState(v, 'many-b', 'n1'), 'OFFLINE');
    assert.equal(groupState(v, 'many-c', 'n1'), 'ONLINE');
  });

  test('--no-wait with several groups prints one accepted line per group', async () => {
    const text = await ferry('rg', 'online', '--no-wait', 'many-a', 'many-b');
    assert.match(text, /online many-a: accepted/);
    assert.match(text, /online many-b: accepted/);
  });
});

describe('rg online + on a cluster without groups', () => {
  test('is a usage error that says so', async () => {
    const cluster = await startCluster({ nodes: ['n1'] });
    try {
      const r = await cluster.ferry(['rg', 'online', '+']);
      assert.equal(r.code, 2);
      assert.match(r.stderr, /no resource groups/);
    } finally {
      await cluster.stop();
    }
  });
});
