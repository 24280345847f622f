import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { SCHA_ERRORS } from './errors.js';
import { formatSchaValue } from './format.js';
import { fakeLeader, fixtureStore, foldingReporter, NOW_MS } from './fixture.test-support.js';
import { schaRoutes, type SchaRouteContext } from './routes.js';
import type { SchaAnswer, SchaValue } from './wire.js';

async function setup(o: Partial<SchaRouteContext> = {}) {
  const { store, keys } = await fixtureStore();
  const { reports, report } = foldingReporter(store, keys);
  const routes = schaRoutes({ store, keys, node: 'n1', clock: () => NOW_MS, report, ...o });
  const call = async (route: string, body: unknown): Promise<SchaAnswer<unknown>> => (await routes[route]?.(body)) as SchaAnswer<unknown>;
  /** The output lines of a get, or the error code. */
  const get = async (object: string, optag: string, extra: Record<string, unknown> = {}, args: string[] = []): Promise<string[] | string> => {
    const a = await call('scha.get', { object, optag, args, ...extra });
    return a.ok ? formatSchaValue(a.value as SchaValue) : a.error;
  };
  return { store, keys, routes, call, get, reports };
}

describe('scha_resource_get', () => {
  test('standard properties, case-insensitive optags, type properties', async () => {
    const { get } = await setup();
    const r1 = { resource: 'r1', group: 'rg1' };
    assert.deepEqual(await get('resource', 'TYPE', r1), ['test.app:1']);
    assert.deepEqual(await get('resource', 'type_version', r1), ['1']);
    assert.deepEqual(await get('resource', 'Retry_COUNT', r1), ['3']);
    assert.deepEqual(await get('resource', 'RETRY_INTERVAL', r1), ['600']);
    assert.deepEqual(await get('resource', 'Failover_mode', r1), ['NONE']);
    assert.deepEqual(await get('resource', 'START_TIMEOUT', r1), ['3600']);
    assert.deepEqual(await get('resource', 'RT_BASEDIR', r1), ['/opt/app']);
    assert.deepEqual(await get('resource', 'STOP', r1), ['app_stop']);
    assert.deepEqual(await get('resource', 'VALIDATE', r1), [], 'an undeclared method is a NULL string: no output');
    assert.deepEqual(await get('resource', 'GROUP', { resource: 'r1' }), ['rg1'], '-G is optional');
    assert.deepEqual(await get('resource', 'ON_OFF_SWITCH', r1), ['ENABLED']);
    assert.deepEqual(await get('resource', 'MONITORED_SWITCH', { resource: 'r2' }), ['DISABLED']);
    assert.deepEqual(await get('resource', 'R_DESCRIPTION', r1), []);
  });

  test('state and status here and per node', async () => {
    const { get } = await setup();
    const r1 = { resource: 'r1', group: 'rg1' };
    assert.deepEqual(await get('resource', 'RESOURCE_STATE', r1), ['ONLINE']);
    assert.deepEqual(await get('resource', 'RESOURCE_STATE_NODE', r1, ['n2']), ['OFFLINE']);
    assert.deepEqual(await get('resource', 'STATUS', r1), ['ONLINE', 'fine'], 'OK prints as ONLINE, then the message');
    assert.deepEqual(await get('resource', 'STATUS_NODE', r1, ['n2']), ['OFFLINE', ''], 'two lines even without a message');
    assert.deepEqual(await get('resource', 'RESOURCE_STATE', { resource: 'r3' }), ['DETACHED'], 'rg2 may not run on n1 itself');
    assert.equal(await get('resource', 'RESOURCE_STATE_NODE', r1, ['n9']), 'SCHA_ERR_NODE');
    assert.equal(await get('resource', 'RESOURCE_STATE_NODE', r1, ['n2:z9']), 'SCHA_ERR_NODE');
    assert.equal(await get('resource', 'RESOURCE_STATE_NODE', r1), 'SCHA_ERR_INVAL', 'the node operand is required');
  });

  test('extension properties print their type, then the value; per-node values', async () => {
    const { get } = await setup();
    const r1 = { resource: 'r1', group: 'rg1' };
    assert.deepEqual(await get('resource', 'EXTENSION', r1, ['Port']), ['INT', '9000']);
    assert.deepEqual(await get('resource', 'extension', r1, ['port']), ['INT', '9000']);
    assert.deepEqual(await get('resource', 'EXTENSION', r1, ['Hosts']), ['STRINGARRAY', 'a', 'b']);
    assert.deepEqual(await get('resource', 'EXTENSION', r1, ['Mode']), ['ENUM', 'fast']);
    assert.deepEqual(await get('resource', 'EXTENSION', r1, ['Verbose']), ['BOOLEAN', 'FALSE']);
    assert.deepEqual(await get('resource', 'EXTENSION', r1, ['Greeting']), ['STRING', 'hi'], 'n1 has no per-node value: the default');
    assert.deepEqual(await get('resource', 'EXTENSION_NODE', r1, ['Greeting', 'n2']), ['STRING', 'hej']);
    assert.deepEqual(await get('resource', 'ALL_EXTENSIONS', r1), ['Port', 'Hosts', 'Greeting', 'Mode', 'Verbose']);
    assert.equal(await get('resource', 'EXTENSION', r1, ['Nope']), 'SCHA_ERR_PROP');
    assert.equal(await get('resource', 'EXTENSION', r1, ['Retry_count']), 'SCHA_ERR_PROP', 'a standard property is not an extension');
    assert.equal(await get('resource', 'EXTENSION', r1), 'SCHA_ERR_INVAL');
    assert.equal(await get('resource', 'EXTENSION', r1, ['Port', 'extra']), 'SCHA_ERR_INVAL');
  });

  test('dependencies drop their qualifiers unless -Q; restart counts look back Retry_interval', async () => {
    const { get } = await setup();
    const r1 = { resource: 'r1', group: 'rg1' };
    assert.deepEqual(await get('resource', 'RESOURCE_DEPENDENCIES', r1), ['r2']);
    assert.deepEqual(await get('resource', 'RESOURCE_DEPENDENCIES', { ...r1, qualified: true }), ['r2{LOCAL_NODE}']);
    assert.deepEqual(await get('resource', 'RESOURCE_DEPENDENCIES_WEAK', r1), []);
    assert.deepEqual(await get('resource', 'NUM_RESOURCE_RESTARTS', r1), ['1']);
    assert.deepEqual(await get('resource', 'NUM_RG_RESTARTS', r1), ['1']);
    assert.deepEqual(await get('resource', 'NUM_RESOURCE_RESTARTS', { resource: 'r2' }), ['0']);
  });

  test('bad optags, unknown objects and stray operands have their codes', async () => {
    const { get, call } = await setup();
    assert.equal(await get('resource', 'NO_SUCH_TAG', { resource: 'r1' }), 'SCHA_ERR_TAG');
    assert.equal(await get('resource', 'Cheap_probe_interval', { resource: 'r1' }), 'SCHA_ERR_PROP', 'a standard property the type does not declare');
    assert.equal(await get('resource', 'TYPE', { resource: 'ghost' }), 'SCHA_ERR_RSRC');
    assert.equal(await get('resource', 'TYPE', { resource: 'r1', group: 'rg2' }), 'SCHA_ERR_RSRC');
    assert.equal(await get('resource', 'TYPE', { resource: 'r1', group: 'ghost' }), 'SCHA_ERR_RG');
    assert.equal(await get('resource', 'TYPE', { resource: 'r1' }, ['x']), 'SCHA_ERR_INVAL');
    for (const body of [null, 'x', { object: 'resource' }, { object: 'nope', optag: 'X' }, { object: 'resource', optag: 'TYPE', resource: 'r1', args: [1] }]) {
      const a = await call('scha.get', body);
      assert.equal(a.ok, false);
      assert.equal(!a.ok && a.error, 'SCHA_ERR_INVAL', JSON.stringify(body));
    }
  });
});

describe('scha_resourcegroup_get, scha_resourcetype_get, scha_cluster_get', () => {
  test('group properties and state', async () => {
    const { get } = await setup();
    assert.deepEqual(await get('group', 'NODELIST', { group: 'rg1' }), ['n1', 'n2']);
    assert.deepEqual(await get('group', 'RESOURCE_LIST', { group: 'rg1' }), ['r1', 'r2']);
    assert.deepEqual(await get('group', 'MAXIMUM_PRIMARIES', { group: 'rg1' }), ['1']);
    assert.deepEqual(await get('group', 'rg_mode', { group: 'rg1' }), ['Failover']);
    assert.deepEqual(await get('group', 'FAILBACK', { group: 'rg1' }), ['FALSE']);
    assert.deepEqual(await get('group', 'PINGPONG_INTERVAL', { group: 'rg1' }), ['60']);
    assert.deepEqual(await get('group', 'RG_STATE', { group: 'rg1' }), ['ONLINE']);
    assert.deepEqual(await get('group', 'RG_STATE_NODE', { group: 'rg1' }, ['n2']), ['OFFLINE']);
    assert.equal(await get('group', 'RG_STATE', { group: 'ghost' }), 'SCHA_ERR_RG');
    assert.equal(await get('group', 'NOPE', { group: 'rg1' }), 'SCHA_ERR_TAG');
    assert.equal(await get('group', 'RG_STATE_NODE', { group: 'rg1' }), 'SCHA_ERR_INVAL');
  });

  test('type properties, looked up by full or short name', async () => {
    const { get } = await setup();
    assert.deepEqual(await get('type', 'RT_VERSION', { type: 'test.app:1' }), ['1']);
    assert.deepEqual(await get('type', 'API_VERSION', { type: 'app' }), ['2']);
    assert.deepEqual(await get('type', 'FAILOVER', { type: 'app' }), ['TRUE']);
    assert.deepEqual(await get('type', 'RESOURCE_LIST', { type: 'app' }), ['r1', 'r2', 'r3']);
    assert.deepEqual(await get('type', 'INSTALLED_NODES', { type: 'app' }), ['*']);
    assert.deepEqual(await get('type', 'MONITOR_START', { type: 'app' }), ['app_mstart']);
    assert.equal(await get('type', 'RT_VERSION', { type: 'nope' }), 'SCHA_ERR_RT');
    assert.equal(await get('type', 'COLOUR', { type: 'app' }), 'SCHA_ERR_TAG');
  });

  test('cluster information', async () => {
    const { get } = await setup();
    assert.deepEqual(await get('cluster', 'NODENAME_LOCAL'), ['n1']);
    assert.deepEqual(await get('cluster', 'NODEID_LOCAL'), ['1']);
    assert.deepEqual(await get('cluster', 'NODENAME_NODEID', {}, ['2']), ['n2']);
    assert.deepEqual(await get('cluster', 'ALL_NODENAMES'), ['n1', 'n2']);
    assert.deepEqual(await get('cluster', 'ALL_NODEIDS'), ['1', '2']);
    assert.deepEqual(await get('cluster', 'NODESTATE_LOCAL'), ['UP']);
    assert.deepEqual(await get('cluster', 'NODESTATE_NODE', {}, ['n2']), ['DOWN']);
    assert.deepEqual(await get('cluster', 'CLUSTERNAME'), ['testc']);
    assert.deepEqual(await get('cluster', 'ALL_RESOURCEGROUPS'), ['rg1', 'rg2']);
    assert.deepEqual(await get('cluster', 'ALL_RESOURCETYPES'), ['test.app:1']);
    assert.deepEqual(await get('cluster', 'ZONE_LOCAL'), ['global']);
    assert.deepEqual(await get('cluster', 'SYSLOG_FACILITY'), ['daemon']);
    assert.deepEqual(await get('cluster', 'ALL_ZONES'), ['n1', 'n2', 'n2:z1']);
    assert.equal(await get('cluster', 'NODENAME_NODEID', {}, ['9']), 'SCHA_ERR_NODE');
    assert.equal(await get('cluster', 'NODENAME_NODEID', {}, ['x']), 'SCHA_ERR_NODE');
    assert.equal(await get('cluster', 'NODENAME_NODEID'), 'SCHA_ERR_INVAL');
    assert.equal(await get('cluster', 'NODENAME_LOCAL', {}, ['extra']), 'SCHA_ERR_INVAL');
    assert.equal(await get('cluster', 'WHATEVER'), 'SCHA_ERR_TAG');
  });

  test('a zone endpoint sees only its zone: ZONE_LOCAL, its groups, no -Z escape', async () => {
    const { get } = await setup({ node: 'n2', zone: 'z1' });
    assert.deepEqual(await get('cluster', 'ZONE_LOCAL'), ['z1']);
    assert.deepEqual(await get('cluster', 'ALL_RESOURCEGROUPS'), ['rg2']);
    assert.equal(await get('resource', 'TYPE', { resource: 'r1' }), 'SCHA_ERR_ACCESS');
    assert.equal(await get('group', 'NODELIST', { group: 'rg1' }), 'SCHA_ERR_ACCESS');
    assert.equal(await get('resource', 'TYPE', { resource: 'no-such' }), 'SCHA_ERR_RSRC');
    assert.deepEqual(await get('resource', 'RESOURCE_STATE', { resource: 'r3' }), ['OFFLINE']);
    assert.equal(await get('cluster', 'ZONE_LOCAL', { zone: 'z2' }), 'SCHA_ERR_ACCESS');
  });

  test('the global zone names a zone with -Z; ZONE_LOCAL stays global', async () => {
    const { get } = await setup({ node: 'n2' });
    assert.deepEqual(await get('resource', 'RESOURCE_STATE', { resource: 'r3', zone: 'z1' }), ['OFFLINE']);
    assert.deepEqual(await get('resource', 'RESOURCE_STATE', { resource: 'r3' }), ['DETACHED']);
    assert.deepEqual(await get('cluster', 'ZONE_LOCAL', { zone: 'z1' }), ['global']);
  });
});

describe('scha_resource_setstatus', () => {
  test('reports through the agent and returns once the status shows it', async () => {
    const { call, reports, get } = await setup();
    const a = await call('scha.setstatus', { resource: 'r1', group: 'rg1', status: 'degraded', message: 'slow disk' });
    assert.deepEqual(a, { ok: true, value: null });
    assert.deepEqual(reports, [{ kind: 'setstatus', resource: 'r1', target: 'n1', status: 'DEGRADED', message: 'slow disk' }]);
    assert.deepEqual(await get('resource', 'STATUS', { resource: 'r1' }), ['DEGRADED', 'slow disk']);
    await call('scha.setstatus', { resource: 'r1', group: 'rg1', status: 'ONLINE' });
    assert.deepEqual(reports.at(-1), { kind: 'setstatus', resource: 'r1', target: 'n1', status: 'OK', message: '' }, 'ONLINE is OK; no -m is no message');
  });

  test('bad statuses and objects are refused and report nothing', async () => {
    const { call, reports } = await setup();
    const code = async (body: unknown): Promise<string> => {
      const a = await call('scha.setstatus', body);
      return a.ok ? 'ok' : a.error;
    };
    assert.equal(await code({ resource: 'r1', group: 'rg1', status: 'GREAT' }), 'SCHA_ERR_RSTATUS');
    assert.equal(await code({ resource: 'ghost', group: 'rg1', status: 'OK' }), 'SCHA_ERR_RSRC');
    assert.equal(await code({ resource: 'r1', group: 'ghost', status: 'OK' }), 'SCHA_ERR_RG');
    assert.equal(await code({ resource: 'r1', status: 'OK' }), 'SCHA_ERR_INVAL');
    assert.equal(await code({ resource: 'r1', group: 'rg1', status: 'OK', message: 'two\nlines' }), 'SCHA_ERR_INVAL');
    assert.deepEqual(reports, []);
  });
});

describe('scha_control', () => {
  const leader = fakeLeader;

  test('an accepted request resolves with the RGM reason; the reply key is cleaned up', async () => {
    const { store, keys, call } = await setup();
    const l = leader(store, keys, () => ({ accepted: true, failed: false, reason: 'restarted' }));
    const a = await call('scha.control', { tag: 'resource_restart', resource: 'r1', group: 'rg1' });
    assert.deepEqual(a, { ok: true, value: { tag: 'RESOURCE_RESTART', reason: 'restarted', failed: false } });
    assert.deepEqual(l.seen.map((s) => [s.tag, s.resource, s.group, s.target]), [['RESOURCE_RESTART', 'r1', 'rg1', 'n1']]);
    assert.equal((await store.list(keys.replies)).items.length, 0);
    await l.stop();
  });

  test('a refusal carries the RGM error code (SCHA_ERR_CHECKS) and reason', async () => {
    const { store, keys, call } = await setup();
    const l = leader(store, keys, () => ({ accepted: false, failed: true, error: 'SCHA_ERR_CHECKS', reason: 'Failover_mode=LOG_ONLY' }));
    const a = await call('scha.control', { tag: 'GIVEOVER', resource: 'r1', group: 'rg1' });
    assert.deepEqual(a, { ok: false, error: 'SCHA_ERR_CHECKS', message: 'Failover_mode=LOG_ONLY' });
    assert.equal(SCHA_ERRORS.SCHA_ERR_CHECKS, 16);
    await l.stop();
  });

  test('unknown tags and objects are refused before anything is asked of the RGM', async () => {
    const { store, keys, call } = await setup();
    const l = leader(store, keys, () => ({ accepted: true, reason: 'x' }));
    const code = async (body: unknown): Promise<string> => {
      const a = await call('scha.control', body);
      return a.ok ? 'ok' : a.error;
    };
    assert.equal(await code({ tag: 'EXPLODE', resource: 'r1', group: 'rg1' }), 'SCHA_ERR_TAG');
    assert.equal(await code({ tag: 'GIVEOVER', resource: 'ghost', group: 'rg1' }), 'SCHA_ERR_RSRC');
    assert.equal(await code({ tag: 'GIVEOVER', resource: 'r1', group: 'ghost' }), 'SCHA_ERR_RG');
    assert.equal(await code({ tag: 'GIVEOVER', resource: 'r1' }), 'SCHA_ERR_INVAL');
    assert.deepEqual(l.seen, []);
    await l.stop();
  });
});

describe('scha.describe (DSDL initialize)', () => {
  test('describes a configured resource, or a resource about to be created from its type', async () => {
    const { call } = await setup();
    const a = await call('scha.describe', { resource: 'r1', group: 'rg1' });
    assert.ok(a.ok);
    const d = a.value as { resource: { name: string }; type: { name: string }; nodelist: string[]; node: string; zone: string };
    assert.deepEqual([d.resource.name, d.type.name, d.nodelist, d.node, d.zone], ['r1', 'test.app:1', ['n1', 'n2'], 'n1', 'global']);
    const fresh = await call('scha.describe', { resource: 'new-rs', group: 'rg1', type: 'test.app:1' });
    assert.ok(fresh.ok);
    const missing = await call('scha.describe', { resource: 'new-rs', group: 'rg1' });
    assert.equal(!missing.ok && missing.error, 'SCHA_ERR_RSRC');
  });
});

