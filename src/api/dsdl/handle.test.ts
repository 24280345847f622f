import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { fakeLeader, fixtureStore, foldingReporter, NOW_MS } from '../scha/fixture.test-support.js';
import { SchaError } from '../scha/errors.js';
import { schaRoutes } from '../scha/routes.js';
import { initializeWith, MethodArgvError, type DsdlTransport } from './index.js';

const ARGV = ['-R', 'r1', '-T', 'test.app:1', '-G', 'rg1'];

/** The library against the real scha routes in-process; PMF answers come from `pmfStatus`. */
async function setup(pmfStatus: () => unknown = () => null) {
  const { store, keys } = await fixtureStore();
  const { reports, report } = foldingReporter(store, keys);
  const routes = schaRoutes({ store, keys, node: 'n1', clock: () => NOW_MS, report });
  const log: string[] = [];
  let now = NOW_MS;
  const call: DsdlTransport = async (route, body) => {
    if (route === 'pmf.status') return pmfStatus();
    const handler = routes[route];
    if (!handler) throw Object.assign(new Error(`no route ${route}`), { code: 'unknown-route' });
    return handler(body);
  };
  const init = (argv: string[] = ARGV) => initializeWith(argv, {
    call, methodName: 'Start', writeLog: (l) => log.push(l), clock: () => now, sleep: async (ms) => { now += ms; },
  });
  return { store, keys, reports, log, init, advance: (ms: number) => { now += ms; } };
}

describe('DSDL initialize and property getters', () => {
  test('typed standard, extension (per node), group and type properties', async () => {
    const ds = await (await setup()).init();
    assert.deepEqual([ds.resourceName, ds.resourceGroupName, ds.resourceTypeName, ds.nodeName, ds.clusterName], ['r1', 'rg1', 'test.app:1', 'n1', 'testc']);
    assert.equal(ds.getZoneName(), undefined);
    assert.equal(ds.rs.retryCount(), 3);
    assert.equal(ds.rs.retryIntervalS(), 600);
    assert.equal(ds.rs.thoroughProbeIntervalS(), 5);
    assert.equal(ds.rs.failoverMode(), 'NONE');
    assert.equal(ds.rs.timeoutS('Start'), 3600);
    assert.equal(ds.rs.timeoutS('Validate'), undefined, 'the type declares no Validate');
    assert.deepEqual(ds.rs.dependencies(), ['r2{LOCAL_NODE}']);
    assert.equal(ds.ext.int('Port'), 9000);
    assert.deepEqual(ds.ext.stringArray('Hosts'), ['a', 'b']);
    assert.equal(ds.ext.boolean('Verbose'), false);
    assert.equal(ds.ext.string('Mode'), 'fast');
    assert.equal(ds.ext.string('Greeting'), 'hi', 'this node has no per-node value');
    assert.equal(ds.ext.string('Greeting', 'n2'), 'hej');
    assert.deepEqual(ds.ext.names(), ['Port', 'Hosts', 'Greeting', 'Mode', 'Verbose']);
    assert.deepEqual(ds.rg.nodelist(), ['n1', 'n2']);
    assert.equal(ds.rg.pingpongIntervalS(), 60);
    assert.equal(ds.rg.rgMode(), 'Failover');
    assert.equal(ds.rt.baseDir, '/opt/app');
    assert.throws(() => ds.ext.int('Greeting'), (e: unknown) => e instanceof SchaError && e.code === 'SCHA_ERR_PROP' && /Greeting is not a int/.test(e.message));
    assert.throws(() => ds.ext.get('Nope'), (e: unknown) => e instanceof SchaError && e.code === 'SCHA_ERR_PROP');
    assert.throws(() => ds.rs.int('Cheap_probe_interval'), (e: unknown) => e instanceof SchaError && /has no value/.test(e.message));
  });

  test("Validate's proposed values are laid over the configured ones", async () => {
    const ds = await (await setup()).init(['-u', ...ARGV, '-x', 'Port=7000', '-r', 'Retry_count=5', '-X', 'Greeting{n1}=moi', '-g', 'Failback=TRUE']);
    assert.equal(ds.args.validate?.mode, 'update');
    assert.equal(ds.ext.int('Port'), 7000);
    assert.equal(ds.rs.retryCount(), 5);
    assert.equal(ds.ext.string('Greeting'), 'moi');
    assert.equal(ds.rg.failback(), true);
  });

  test('a resource being created (Validate -c) is described from its type', async () => {
    const ds = await (await setup()).init(['-c', '-R', 'fresh', '-T', 'test.app:1', '-G', 'rg1', '-x', 'Port=1234']);
    assert.equal(ds.ext.int('Port'), 1234);
    assert.equal(ds.rs.retryCount(), 2, "the type's default");
  });

  test('bad arguments and unknown objects are refused', async () => {
    const s = await setup();
    await assert.rejects(s.init(['-R', 'r1', '-G', 'rg1']), MethodArgvError);
    await assert.rejects(s.init(['-R', 'ghost', '-T', 'test.app:1', '-G', 'rg1']), (e: unknown) => e instanceof SchaError && e.code === 'SCHA_ERR_RSRC');
    await assert.rejects(s.init(['-R', 'r1', '-T', 'test.app:1', '-G', 'rg2']), (e: unknown) => e instanceof SchaError && e.code === 'SCHA_ERR_RSRC');
  });

  test('-Z is the zone served (scds_get_zone_name)', async () => {
    const ds = await (await setup()).init(['-R', 'r3', '-T', 'test.app:1', '-G', 'rg2', '-Z', 'z1']);
    assert.equal(ds.getZoneName(), 'z1');
  });
});

describe('DSDL live calls', () => {
  test('state, status, counts and setStatus', async () => {
    const s = await setup();
    const ds = await s.init();
    assert.equal(await ds.resourceState(), 'ONLINE');
    assert.equal(await ds.resourceState('n2'), 'OFFLINE');
    assert.deepEqual(await ds.status(), { status: 'ONLINE', message: 'fine' });
    assert.equal(await ds.groupState(), 'ONLINE');
    assert.equal(await ds.numResourceRestarts(), 1);
    assert.equal(await ds.numRgRestarts(), 1);
    await ds.setStatus('DEGRADED', 'hmm');
    assert.deepEqual(await ds.status(), { status: 'DEGRADED', message: 'hmm' });
    const v = await ds.query('cluster', 'ALL_NODENAMES');
    assert.deepEqual(v, { kind: 'array', values: ['n1', 'n2'] });
  });

  test('haspCheck: no storage dependency, or its state here', async () => {
    const ds = await (await setup()).init();
    assert.equal(await ds.haspCheck(), 'NO_RESOURCE', 'r2 is not a storage type');
    assert.equal(await ds.haspCheck(() => true), 'ONLINE_LOCAL');
  });

  test('fmSleep returns early when the service tag vanishes', async () => {
    const answers: unknown[] = [{ running: true, pids: [1], restartsInWindow: 0 }, null];
    const ds = await (await setup(() => answers.shift() ?? null)).init();
    assert.equal(await ds.fmSleep(10), 'service-gone');
    assert.equal(await ds.fmSleep(3), 'timeout', 'a tag never seen is not a death');
  });
});

describe('DSDL fmAction', () => {
  test('ok, degraded, then restart via scha_control once failures reach 100', async () => {
    const s = await setup();
    const leader = fakeLeader(s.store, s.keys, () => ({ accepted: true, failed: false, reason: 'restarted' }));
    const ds = await s.init();
    assert.equal(await ds.fmAction(0, 10), 'ok');
    assert.equal(await ds.fmAction(60, 10), 'degraded');
    assert.deepEqual(await ds.status(), { status: 'DEGRADED', message: 'probe failures add up to 60/100' });
    assert.equal(await ds.fmAction(60, 10), 'restarted');
    assert.deepEqual(leader.seen.map((r) => [r.tag, r.target]), [['RESOURCE_RESTART', 'n1']]);
    assert.equal((await ds.status()).status, 'FAULTED');
    assert.ok(s.log.some((l) => /SC\[test\.app:1,rg1,r1,Start\]: complete failure/.test(l)), s.log.join(''));
    await leader.stop();
  });

  test('an immediate-failover status gives over; a refusal is logged and the next failure restarts', async () => {
    const s = await setup();
    const leader = fakeLeader(s.store, s.keys, (r) => (r.tag === 'GIVEOVER'
      ? { accepted: false, failed: true, error: 'SCHA_ERR_CHECKS', reason: 'no other target' }
      : { accepted: true, failed: false, reason: 'ok' }));
    const ds = await s.init();
    assert.equal(await ds.fmAction(201, 5), 'refused');
    assert.ok(s.log.some((l) => /GIVEOVER refused \(SCHA_ERR_CHECKS\): no other target/.test(l)));
    assert.equal(await ds.fmAction(100, 5), 'restarted');
    assert.deepEqual(leader.seen.map((r) => r.tag), ['GIVEOVER', 'RESOURCE_RESTART']);
    await leader.stop();
  });
});
