// reduce, checkEvent, the views and simulate, on small clusters built with the scenario declarations.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ClusterConfig, ClusterStatus } from '../../src/model/index.js';
import { initialStatus, nodeName, resourceName } from '../../src/model/index.js';
import type { PolicyEvent } from '../../src/policy/index.js';
import { checkEvent, decide, deriveView, formatTranscript, parseWhatIf, reduce, rmsState, simulate } from '../../src/policy/index.js';
import { buildConfig } from './scenario-config.js';

const config = buildConfig([
  'nodes n1 n2',
  'type app methods=Start,Stop,Monitor_start,Monitor_stop',
  'group rg1 Nodelist=n1,n2',
  'resource r1 type=app group=rg1',
]);

/** Decide and issue; returns the new status and the actions. */
function step(c: ClusterConfig, s: ClusterStatus, now = 0): { status: ClusterStatus; ids: string[] } {
  const d = decide({ config: c, status: s, now });
  return { status: reduce(c, s, { kind: 'actions-issued', actions: d.actions }, now), ids: d.actions.map((a) => a.id) };
}

test('a result for an action that is not in flight is ignored (stale), and so is one for the wrong method', () => {
  const { status } = step(config, initialStatus(config, 0));
  const entry = status.resources['r1']?.targets['n1'];
  assert.equal(entry?.state, 'STARTING');
  const stale: PolicyEvent = { kind: 'method-result', actionId: 'a99', resource: resourceName('r1'), target: 'n1', method: 'Start', execution: 'done', exitCode: 0 };
  assert.deepEqual(reduce(config, status, stale, 5).resources, status.resources);
  const wrongMethod: PolicyEvent = { ...stale, actionId: 'a1', method: 'Stop' };
  assert.deepEqual(reduce(config, status, wrongMethod, 5).resources, status.resources);
  assert.deepEqual(checkEvent(config, status, stale), ['action a99 is not in flight for r1 on n1 (stale result)']);
  const ok = reduce(config, status, { ...stale, actionId: 'a1' }, 5);
  assert.equal(ok.resources['r1']?.targets['n1']?.state, 'ONLINE_NOT_MONITORED');
});

test('issuing the same actions twice changes nothing the second time, and the sequence number moves past them', () => {
  const s0 = initialStatus(config, 0);
  const d = decide({ config, status: s0, now: 0 });
  const s1 = reduce(config, s0, { kind: 'actions-issued', actions: d.actions }, 0);
  const s2 = reduce(config, s1, { kind: 'actions-issued', actions: d.actions }, 0);
  assert.deepEqual(s2, s1);
  assert.equal(s1.seq, s0.seq + d.actions.length);
  assert.deepEqual(decide({ config, status: s1, now: 0 }).actions, []);
});

test('a node death leaves STOP_FAILED in place until the node is fenced', () => {
  let s = initialStatus(config, 0);
  s = step(config, s).status;
  s = reduce(config, s, { kind: 'method-result', actionId: 'a1', resource: resourceName('r1'), target: 'n1', method: 'Start', execution: 'done', exitCode: 0 }, 1);
  s = reduce(config, s, { kind: 'admin', request: { request: 'offline', group: config.groups[0]!.name } }, 2);
  s = step(config, s, 2).status;
  // Walk the in-flight methods (Monitor_start, Monitor_stop) to the Stop, which fails.
  for (let i = 0; i < 4; i++) {
    const inflight = s.resources['r1']?.targets['n1']?.inFlight;
    if (!inflight) break;
    const fail = inflight.method === 'Stop';
    s = reduce(config, s, { kind: 'method-result', actionId: inflight.actionId, resource: resourceName('r1'), target: 'n1', method: inflight.method, execution: 'done', exitCode: fail ? 1 : 0 }, 3);
    s = step(config, s, 3).status;
  }
  assert.equal(s.resources['r1']?.targets['n1']?.state, 'STOP_FAILED');
  s = reduce(config, s, { kind: 'node-down', node: nodeName('n1') }, 4);
  assert.equal(s.resources['r1']?.targets['n1']?.state, 'STOP_FAILED');
  s = reduce(config, s, { kind: 'node-fenced', node: nodeName('n1') }, 5);
  assert.equal(s.resources['r1']?.targets['n1']?.state, 'OFFLINE');
  assert.equal(s.nodes['n1']?.fenced, true);
  assert.deepEqual(JSON.parse(JSON.stringify(s)), s);
});

test('checkEvent names what an event gets wrong', () => {
  const s = initialStatus(config, 0);
  assert.deepEqual(checkEvent(config, s, { kind: 'node-down', node: nodeName('n9') }), ['no cluster node is named n9']);
  assert.deepEqual(checkEvent(config, s, { kind: 'admin', request: { request: 'switch', group: config.groups[0]!.name, targets: ['n3'] } }), ['n3 is not in the Nodelist of rg1 (n1,n2)']);
  assert.deepEqual(checkEvent(config, s, { kind: 'admin', request: { request: 'switch', group: config.groups[0]!.name, targets: ['n1', 'n2'] } }), ['rg1 is a failover group: switch it to one target']);
  assert.deepEqual(checkEvent(config, s, { kind: 'monitor-failed', resource: resourceName('nope'), target: 'n1' }), ['no resource is named nope']);
  assert.deepEqual(checkEvent(config, s, { kind: 'node-up', node: nodeName('n1') }), []);
});

test('the view shows group states per target, the RMS rendering, and DETACHED outside the Nodelist', () => {
  let s = initialStatus(config, 0);
  s = step(config, s).status;
  const moved: ClusterConfig = { ...config, groups: config.groups.map((g) => ({ ...g, properties: { ...g.properties, Nodelist: ['n2'] } })) };
  const v = deriveView(moved, s);
  const g = v.groups[0];
  assert.deepEqual(g?.states.map((x) => `${x.target}=${x.state}`), ['n2=PENDING_ONLINE', 'n1=PENDING_OFFLINE']);
  const gone = deriveView(moved, reduce(config, s, { kind: 'node-down', node: nodeName('n1') }, 1));
  assert.deepEqual(gone.resources[0]?.targets.map((x) => `${x.target}=${x.state}`), ['n2=OFFLINE', 'n1=DETACHED']);
  const offline = deriveView(config, initialStatus(config, 0));
  assert.deepEqual(offline.resources[0]?.targets.map((x) => `${x.target}=${x.state}`), ['n1=OFFLINE', 'n2=OFFLINE']);
  assert.equal(rmsState('ONLINE', false), 'Online');
  assert.equal(rmsState('OFFLINE', true), 'Faulted');
  assert.equal(rmsState('ERROR_STOP_FAILED', false), 'Inconsistent');
  assert.equal(rmsState('PENDING_ONLINE', false), 'Wait');
});

test('simulate runs to quiescence, completes what is in flight, and takes injected failures', () => {
  const started = step(config, initialStatus(config, 0)).status;
  const steps = parseWhatIf('resource r1 fails to stop on n1; switch rg1 to n2');
  assert.ok(steps.ok);
  const sim = simulate(config, started, steps.value, 0);
  assert.ok(sim.quiescent);
  const text = formatTranscript(sim.transcript);
  assert.match(text, /a1 → exit 0/);
  assert.match(text, /Stop r1 on n1/);
  assert.match(text, /→ exit 1/);
  assert.equal(sim.status.resources['r1']?.targets['n1']?.state, 'STOP_FAILED');
  assert.ok(sim.finalReasons.some((r) => /ERROR_STOP_FAILED/.test(r.message)));
  // The input is untouched: simulate is pure.
  assert.equal(started.resources['r1']?.targets['n1']?.state, 'STARTING');
});
