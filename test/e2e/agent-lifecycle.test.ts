import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startCluster, type RunningCluster } from '../support/ferry-process.js';
import { makeBehaveAgent, type BehaveAgent } from '../support/behave.js';
import { fetchView, groupState, onlineOn, resourceState, waitFor } from '../support/status-wait.js';

/** The pid of the service a behave resource runs under PMF on its node (found by its PMF tag). */
let clusterMark = '';
function servicePids(group: string, resource: string): number[] {
  const out: number[] = [];
  for (const entry of readFileSyncDir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const env = readFileSync(`/proc/${entry}/environ`, 'utf8').split('\0');
      // The service is the looping shell (its `sleep 1` children come and go).
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      if (env.includes(clusterMark) && env.includes(`FERRY_PMF_TAG=${group},${resource},0.svc`) && cmdline.includes('while')) out.push(Number(entry));
    } catch { /* gone */ }
  }
  return out;
}
import { readdirSync } from 'node:fs';
const readFileSyncDir = (d: string): string[] => readdirSync(d);

const methodsOn = (agent: BehaveAgent, resource: string, node: string): string[] =>
  agent.calls().filter((l) => l.includes(` R=${resource} `) && l.includes(`node=${node} `)).map((l) => l.split(' ')[0] ?? '');

describe('resources really run: methods, failures and recovery', () => {
  let cluster: RunningCluster;
  let agent: BehaveAgent;
  const ferry = async (...args: string[]): Promise<string> => {
    const r = await cluster.ferry(args);
    assert.equal(r.code, 0, `ferry ${args.join(' ')} failed: ${r.stderr}`);
    return r.stdout;
  };
  const newGroup = async (rg: string, rs: string, props: string[] = []): Promise<void> => {
    await ferry('rg', 'create', '-n', 'n1,n2', rg);
    await ferry('rs', 'create', '-g', rg, '-t', 'test.behave', ...props.flatMap((p) => ['-p', p]), rs);
    await ferry('rg', 'manage', rg);
    await ferry('rg', 'online', rg);
    await waitFor(cluster.endpoint, `${rg} online on n1`, (v) => groupState(v, rg, 'n1') === 'ONLINE');
  };

  before(async () => {
    agent = makeBehaveAgent();
    cluster = await startCluster({ nodes: ['n1', 'n2'] });
    clusterMark = `FERRY_CLUSTER=${cluster.clusterId()}`;
    await ferry('rt', 'register', agent.rtrFile);
  });
  after(async () => {
    await cluster.stop();
    agent.remove();
  });

  test('every method runs with the classic argv, in the documented order', async () => {
    await newGroup('life-rg', 'life-rs');
    const calls = agent.calls().filter((l) => l.includes('R=life-rs '));
    const create = calls.find((l) => l.startsWith('validate'));
    assert.ok(create, 'Validate ran before the resource was created');
    assert.match(create, /mode=create/);
    assert.match(create, /argv=-c -R life-rs -T test\.behave:1 -G life-rg/);
    const up = methodsOn(agent, 'life-rs', 'n1').filter((m) => ['init', 'prenet_start', 'start', 'monitor_start'].includes(m));
    assert.deepEqual(up.slice(-3), ['prenet_start', 'start', 'monitor_start']);
    const start = calls.find((l) => l.startsWith('start '));
    assert.match(start ?? '', /argv=-R life-rs -T test\.behave:1 -G life-rg$/);
    await ferry('rg', 'offline', 'life-rg');
    const down = methodsOn(agent, 'life-rs', 'n1').filter((m) => ['monitor_stop', 'stop', 'postnet_stop'].includes(m));
    assert.deepEqual(down, ['monitor_stop', 'stop', 'postnet_stop']);
    await waitFor(cluster.endpoint, 'the service gone after Stop', () => servicePids('life-rg', 'life-rs').length === 0);
  });

  test('Validate rejecting a change refuses it and changes nothing; an accepted change runs Update where online', async () => {
    await ferry('rg', 'online', 'life-rg');
    await waitFor(cluster.endpoint, 'life-rg online', (v) => groupState(v, 'life-rg', 'n1') === 'ONLINE');
    agent.control('life-rs', 'validate', 'exit 1');
    const refused = await cluster.ferry(['rs', 'set', '-p', 'Level=5', 'life-rs']);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /Validate on n\d exited 1/);
    const shown = JSON.parse(await ferry('--json', 'rs', 'show', 'life-rs')) as { extension: Record<string, unknown> }[];
    assert.notEqual(shown[0]?.extension['Level'], 5);
    agent.clear('life-rs', 'validate');
    await ferry('rs', 'set', '-p', 'Level=6', 'life-rs');
    const update = agent.calls().filter((l) => l.startsWith('validate') && l.includes('R=life-rs') && l.includes('mode=update'));
    assert.ok(update.some((l) => l.includes('-x Level=6')), 'Validate -u got the changed property');
    await waitFor(cluster.endpoint, 'Update on n1', () => methodsOn(agent, 'life-rs', 'n1').includes('update') || undefined);
  });

  test('a Start that times out fails the start; Failover_mode SOFT moves the group', async () => {
    agent.control('slow-rs', 'start', 'sleep 60', 'n1');
    await ferry('rg', 'create', '-n', 'n1,n2', 'slow-rg');
    await ferry('rs', 'create', '-g', 'slow-rg', '-t', 'test.behave', '-p', 'Start_timeout=2', 'slow-rs');
    await ferry('rg', 'manage', 'slow-rg');
    await cluster.ferry(['rg', 'online', 'slow-rg']);
    await waitFor(cluster.endpoint, 'slow-rg online on n2 after the timeout on n1', (v) => groupState(v, 'slow-rg', 'n2') === 'ONLINE');
    const events = JSON.parse(await ferry('--json', 'events', '-n', '200')) as { subject: string; message: string }[];
    assert.ok(events.some((e) => e.subject === 'resource slow-rs on n1' && /Start timed out/.test(e.message)), 'the event log says the Start timed out');
  });

  test('a method that is missing or not executable is a failure with its own reason', async () => {
    const path = join(agent.dir, 'prenet_start');
    const events = async (): Promise<{ subject: string; message: string }[]> => JSON.parse(await ferry('--json', 'events', '-n', '300')) as { subject: string; message: string }[];
    const tryOnline = async (rg: string, rs: string): Promise<void> => {
      await ferry('rg', 'create', '-n', 'n1', rg);
      await ferry('rs', 'create', '-g', rg, '-t', 'test.behave', rs);
      await ferry('rg', 'manage', rg);
      const r = await cluster.ferry(['rg', 'online', rg]);
      assert.equal(r.code, 1, 'bringing it online fails');
      await waitFor(cluster.endpoint, `${rs} START_FAILED`, (v) => resourceState(v, rs, 'n1') === 'START_FAILED');
    };
    try {
      rmSync(path);
      await tryOnline('gone-rg', 'gone-rs');
      assert.ok((await events()).some((e) => e.subject === 'resource gone-rs on n1' && /Prenet_start not-found/.test(e.message)), 'the event log says the method was not found');
      writeFileSync(path, '#!/bin/sh\nexit 0\n', { mode: 0o644 });
      await tryOnline('noexec-rg', 'noexec-rs');
      assert.ok((await events()).some((e) => e.subject === 'resource noexec-rs on n1' && /Prenet_start not-executable/.test(e.message)), 'the event log says the method is not executable');
    } finally {
      rmSync(path, { force: true });
      symlinkSync('behave', path);
    }
  });

  test('monitor failure restarts the resource, then fails it over once Retry_count is used up', async () => {
    await newGroup('mon-rg', 'mon-rs', ['Retry_count=1']);
    const [first] = servicePids('mon-rg', 'mon-rs');
    assert.ok(first, 'the service runs under PMF');
    process.kill(first, 'SIGKILL');
    const second = await waitFor(cluster.endpoint, 'restart on n1', (v) => groupState(v, 'mon-rg', 'n1') === 'ONLINE' && servicePids('mon-rg', 'mon-rs').find((p) => p !== first));
    assert.equal(methodsOn(agent, 'mon-rs', 'n1').filter((m) => m === 'start').length, 2, 'restarted in place first');
    assert.deepEqual(methodsOn(agent, 'mon-rs', 'n2').filter((m) => m === 'start'), []);
    process.kill(second, 'SIGKILL');
    await waitFor(cluster.endpoint, 'failover to n2', (v) => groupState(v, 'mon-rg', 'n2') === 'ONLINE');
    await ferry('rg', 'offline', 'mon-rg');
  });

  test('a Stop that ignores SIGTERM is killed at its timeout: STOP_FAILED, ERROR_STOP_FAILED, no start elsewhere; clear recovers', async () => {
    await newGroup('stuck-rg', 'stuck-rs', ['Stop_timeout=2']);
    agent.control('stuck-rs', 'stop', 'ignore-term 60');
    const sw = await cluster.ferry(['rg', 'switch', '-n', 'n2', 'stuck-rg']);
    assert.notEqual(sw.code, 0, 'the switch fails');
    await waitFor(cluster.endpoint, 'ERROR_STOP_FAILED on n1', (v) => groupState(v, 'stuck-rg', 'n1') === 'ERROR_STOP_FAILED');
    assert.equal(resourceState(await fetchView(cluster.endpoint), 'stuck-rs', 'n1'), 'STOP_FAILED');
    await new Promise((r) => setTimeout(r, 1500));
    assert.deepEqual(methodsOn(agent, 'stuck-rs', 'n2').filter((m) => m === 'start'), [], 'never started on n2 while STOP_FAILED on n1');
    agent.clear('stuck-rs', 'stop');
    const clear = await cluster.ferry(['rs', 'clear', 'stuck-rs']);
    assert.equal(clear.code, 0, clear.stderr);
    await waitFor(cluster.endpoint, 'stuck-rg settles after clear', (v) => !['ERROR_STOP_FAILED'].includes(groupState(v, 'stuck-rg', 'n1') ?? '') && (onlineOn(v, 'stuck-rg').length === 1 || groupState(v, 'stuck-rg', 'n1') === 'OFFLINE'));
    await ferry('rg', 'offline', 'stuck-rg');
  });

  test('a node crash moves its groups to the surviving node', async () => {
    await ferry('rg', 'online', 'life-rg');
    const v0 = await waitFor(cluster.endpoint, 'life-rg online', (v) => (onlineOn(v, 'life-rg').length === 1 ? v : undefined));
    const from = onlineOn(v0, 'life-rg')[0] ?? 'n1';
    const to = from === 'n1' ? 'n2' : 'n1';
    await ferry('node', 'crash', from);
    await waitFor(cluster.endpoint, `life-rg online on ${to}`, (v) => groupState(v, 'life-rg', to) === 'ONLINE');
    await ferry('node', 'start', from);
    await waitFor(cluster.endpoint, `${from} back`, (v) => v.nodes.find((n) => n.name === from)?.state === 'UP');
  });

  test('restarting ferry up (kill -9) while groups are online restarts nothing and loses nothing', async () => {
    const v0 = await fetchView(cluster.endpoint);
    const where = onlineOn(v0, 'life-rg')[0];
    assert.ok(where);
    const pids = servicePids('life-rg', 'life-rs');
    const startsBefore = agent.calls().filter((l) => l.startsWith('start ')).length;
    await cluster.kill9();
    await cluster.restart();
    await new Promise((r) => setTimeout(r, 2000));
    const v1 = await fetchView(cluster.endpoint);
    assert.deepEqual(onlineOn(v1, 'life-rg'), [where]);
    assert.deepEqual(servicePids('life-rg', 'life-rs'), pids, 'the same service processes still run');
    assert.equal(agent.calls().filter((l) => l.startsWith('start ')).length, startsBefore, 'no Start ran again');
  });
});
