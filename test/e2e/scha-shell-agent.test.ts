// A data service written only against the documented agent interface — POSIX sh methods that
// parse -R/-T/-G with getopts and call scha_* and pmfadm — through its whole life on a real
// embedded cluster, and every scha_* output format and exit code as an agent sees them.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startCluster, type CommandResult, type RunningCluster } from '../support/ferry-process.js';
import { fetchView, resourceState, waitFor } from '../support/status-wait.js';

const RTR = resolve('test/fixtures/scha-agent/shagent.rtr');
const BIN = resolve('bin');

/** Runs bin/<command> with only the given environment (no FERRY_* inherited from the test). */
function scha(command: string, args: readonly string[], env: Record<string, string>): Promise<CommandResult> {
  return new Promise((res, rej) => {
    const child = spawn(join(BIN, command), args, { env: { PATH: `${BIN}:/usr/bin:/bin`, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    child.on('error', rej);
    child.on('close', (code) => res({ code: code ?? -1, stdout, stderr }));
  });
}

/** Runs `fn` over `items`, a few at a time (each scha_* call is a process start). */
async function inBatches<T>(items: readonly T[], fn: (item: T) => Promise<void>, size = 6): Promise<void> {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(fn));
}

async function until<T>(what: string, check: () => T | undefined | null | false, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const r = check();
    if (r !== undefined && r !== null && r !== false) return r;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((x) => setTimeout(x, 50));
  }
}

describe('a shell agent on the scha_* interface', () => {
  let cluster: RunningCluster;
  let state: string;
  const onNode = (node: string): Record<string, string> => ({ FERRY_AGENT_SOCKET: join(cluster.dataDir, 'nodes', node, 'agent.sock') });
  const events = (): string[] => (existsSync(join(state, 'events')) ? readFileSync(join(state, 'events'), 'utf8').trim().split('\n') : []);
  const ferry = async (...args: string[]): Promise<string> => {
    const r = await cluster.ferry(args);
    assert.equal(r.code, 0, `ferry ${args.join(' ')}: ${r.stderr}`);
    return r.stdout;
  };
  const eventLog = async (): Promise<string> => ferry('events', '-n', '500');

  before(async () => {
    state = mkdtempSync(join(tmpdir(), 'ferry-shagent-'));
    cluster = await startCluster();
    await ferry('rt', 'register', RTR);
    await ferry('rg', 'create', '-n', 'n1,n2,n3', 'sh-rg');
    await ferry('rs', 'create', '-g', 'sh-rg', '-t', 'test.shagent', '-p', `State_dir=${state}`, 'sh-rs');
    await ferry('rg', 'manage', 'sh-rg');
    await ferry('rg', 'online', 'sh-rg');
  });
  after(async () => {
    await cluster?.stop();
    rmSync(state, { recursive: true, force: true });
  });

  test('Start runs with scha_* on its PATH; the probe reports OK, visible in ferry status', async () => {
    await waitFor(cluster.endpoint, 'sh-rs online on n1', (v) => resourceState(v, 'sh-rs', 'n1') === 'ONLINE');
    assert.equal(events()[0], `start n1 path=${join(BIN, 'scha_control')}`);
    await waitFor(cluster.endpoint, 'status OK from the probe', (v) => v.resources.find((r) => r.name === 'sh-rs')?.perNode.find((p) => p.target === 'n1')?.message === 'probe ok');
    assert.match(await ferry('status'), /sh-rs\s+n1\s+Online\s+Online - probe ok/);
  });

  test('every output format, as an agent reads it', async () => {
    const rs = ['-R', 'sh-rs', '-G', 'sh-rg'];
    const g = ['-G', 'sh-rg'];
    const cases: [string, string[], string | RegExp][] = [
      ['scha_resource_get', ['-O', 'STATUS', ...rs], 'ONLINE\nprobe ok\n'],
      ['scha_resource_get', ['-O', 'status_node', ...rs, 'n2'], 'OFFLINE\n\n'],
      ['scha_resource_get', ['-O', 'EXTENSION', ...rs, 'State_dir'], `STRING\n${state}\n`],
      ['scha_resource_get', ['-O', 'RESOURCE_STATE', ...rs], 'ONLINE\n'],
      ['scha_resource_get', ['-O', 'RESOURCE_STATE_NODE', ...rs, 'n3'], 'OFFLINE\n'],
      ['scha_resource_get', ['-O', 'On_Off_Switch', ...rs], 'ENABLED\n'],
      ['scha_resource_get', ['-O', 'MONITORED_SWITCH', ...rs], 'ENABLED\n'],
      ['scha_resource_get', ['-O', 'TYPE', '-R', 'sh-rs'], 'test.shagent:1\n'],
      ['scha_resource_get', ['-O', 'RETRY_COUNT', ...rs], '2\n'],
      ['scha_resource_get', ['-O', 'STOP_TIMEOUT', ...rs], '30\n'],
      ['scha_resource_get', ['-O', 'NUM_RESOURCE_RESTARTS', ...rs], '0\n'],
      ['scha_resource_get', ['-O', 'NUM_RG_RESTARTS', ...rs], '0\n'],
      ['scha_resource_get', ['-O', 'RESOURCE_DEPENDENCIES', ...rs], ''],
      ['scha_resourcegroup_get', ['-O', 'RG_STATE', ...g], 'ONLINE\n'],
      ['scha_resourcegroup_get', ['-O', 'RG_STATE_NODE', ...g, 'n2'], 'OFFLINE\n'],
      ['scha_resourcegroup_get', ['-O', 'NODELIST', ...g], 'n1\nn2\nn3\n'],
      ['scha_resourcegroup_get', ['-O', 'RESOURCE_LIST', ...g], 'sh-rs\n'],
      ['scha_resourcegroup_get', ['-O', 'MAXIMUM_PRIMARIES', ...g], '1\n'],
      ['scha_resourcegroup_get', ['-O', 'RG_MODE', ...g], 'Failover\n'],
      ['scha_resourcegroup_get', ['-O', 'FAILBACK', ...g], 'FALSE\n'],
      ['scha_resourcegroup_get', ['-O', 'PINGPONG_INTERVAL', ...g], '3600\n'],
      ['scha_resourcetype_get', ['-O', 'START', '-T', 'test.shagent'], 'start\n'],
      ['scha_resourcetype_get', ['-O', 'RT_BASEDIR', '-T', 'test.shagent:1'], `${resolve('test/fixtures/scha-agent/bin')}\n`],
      ['scha_resourcetype_get', ['-O', 'FAILOVER', '-T', 'shagent'], 'TRUE\n'],
      ['scha_cluster_get', ['-O', 'NODENAME_LOCAL'], 'n1\n'],
      ['scha_cluster_get', ['-O', 'NODENAME_NODEID', '2'], 'n2\n'],
      ['scha_cluster_get', ['-O', 'ALL_NODENAMES'], 'n1\nn2\nn3\n'],
      ['scha_cluster_get', ['-O', 'NODESTATE_LOCAL'], 'UP\n'],
      ['scha_cluster_get', ['-O', 'NODESTATE_NODE', 'n3'], 'UP\n'],
      ['scha_cluster_get', ['-O', 'CLUSTERNAME'], 'ferry\n'],
      ['scha_cluster_get', ['-O', 'ALL_RESOURCEGROUPS'], 'sh-rg\n'],
      ['scha_cluster_get', ['-O', 'ALL_RESOURCETYPES'], /^test\.shagent:1$/m],
      ['scha_cluster_get', ['-O', 'ZONE_LOCAL'], 'global\n'],
      ['scha_cluster_get', ['-O', 'SYSLOG_FACILITY'], 'daemon\n'],
    ];
    await inBatches(cases, async ([cmd, args, expected]) => {
      const r = await scha(cmd, args, onNode('n1'));
      assert.equal(r.code, 0, `${cmd} ${args.join(' ')}: ${r.stderr}`);
      if (typeof expected === 'string') assert.equal(r.stdout, expected, `${cmd} ${args.join(' ')}`);
      else assert.match(r.stdout, expected);
    });
  });

  test('every exit code, including bad optags, unknown objects and a call from outside any method', async () => {
    const cases: [string, string[], number, string, Record<string, string>?][] = [
      ['scha_resource_get', ['-O', 'NO_SUCH_OPTAG', '-R', 'sh-rs'], 4, 'SCHA_ERR_TAG'],
      ['scha_resourcegroup_get', ['-O', 'COLOUR', '-G', 'sh-rg'], 4, 'SCHA_ERR_TAG'],
      ['scha_cluster_get', ['-O', 'MOON_PHASE'], 4, 'SCHA_ERR_TAG'],
      ['scha_control', ['-O', 'TELEPORT', '-R', 'sh-rs', '-G', 'sh-rg'], 4, 'SCHA_ERR_TAG'],
      ['scha_resource_get', ['-O', 'TYPE', '-R', 'ghost-rs'], 13, 'SCHA_ERR_RSRC'],
      ['scha_resourcegroup_get', ['-O', 'RG_STATE', '-G', 'ghost-rg'], 12, 'SCHA_ERR_RG'],
      ['scha_resourcetype_get', ['-O', 'START', '-T', 'ghost.type'], 14, 'SCHA_ERR_RT'],
      ['scha_resource_get', ['-O', 'EXTENSION', '-R', 'sh-rs', 'Ghost_prop'], 15, 'SCHA_ERR_PROP'],
      ['scha_resource_get', ['-O', 'RESOURCE_STATE_NODE', '-R', 'sh-rs', 'n9'], 11, 'SCHA_ERR_NODE'],
      ['scha_resource_setstatus', ['-R', 'sh-rs', '-G', 'sh-rg', '-s', 'SPLENDID'], 17, 'SCHA_ERR_RSTATUS'],
      ['scha_resource_get', ['-R', 'sh-rs'], 3, 'SCHA_ERR_INVAL: no -O'],
      ['scha_resource_get', ['-O', 'RESOURCE_STATE_NODE', '-R', 'sh-rs'], 3, 'SCHA_ERR_INVAL: the node operand is missing'],
      ['scha_control', ['-O', 'GIVEOVER', '-G', 'sh-rg', '-R', 'sh-rs'], 9, 'SCHA_ERR_STATE: not online on the calling node', onNode('n2')],
      ['scha_resource_get', ['-O', 'TYPE', '-R', 'sh-rs'], 6, 'SCHA_ERR_ACCESS: outside any method, no agent socket', {}],
    ];
    await inBatches(cases, async ([cmd, args, code, what, env]) => {
      const r = await scha(cmd, args, env ?? onNode('n1'));
      assert.equal(r.code, code, `${what}: ${cmd} ${args.join(' ')}: ${r.stderr}`);
      assert.equal(r.stdout, '');
      assert.match(r.stderr, new RegExp(`^${cmd}: `));
    });
    const outside = await scha('scha_cluster_get', ['-O', 'NODENAME_LOCAL'], {});
    assert.match(outside.stderr, /^scha_cluster_get: not called from a method: FERRY_AGENT_SOCKET is not set/);
    const admin = await scha('scha_resource_get', ['-O', 'RESOURCE_STATE', '-R', 'sh-rs'], { FERRY_NODE: 'n1', FERRY_DATA: cluster.dataDir });
    assert.deepEqual([admin.code, admin.stdout], [0, 'ONLINE\n'], `an administrator's shell with FERRY_NODE finds the node's socket: ${admin.stderr}`);
    assert.match(await eventLog(), /scha_control GIVEOVER by sh-rs on n2: sh-rg is not online on n2/);
  });

  test('degrade: scha_resource_setstatus DEGRADED shows in ferry status and the event log', async () => {
    writeFileSync(join(state, 'mode'), 'degrade');
    await waitFor(cluster.endpoint, 'DEGRADED', (v) => v.resources.find((r) => r.name === 'sh-rs')?.perNode.find((p) => p.target === 'n1')?.status === 'DEGRADED');
    assert.match(await ferry('status'), /sh-rs\s+n1\s+Online\s+Degraded - slow answers/);
    assert.match(await eventLog(), /resource sh-rs on n1: status DEGRADED - slow answers/);
    rmSync(join(state, 'mode'));
    await waitFor(cluster.endpoint, 'OK again', (v) => v.resources.find((r) => r.name === 'sh-rs')?.perNode.find((p) => p.target === 'n1')?.status === 'OK');
  });

  test('restart: scha_control RESOURCE_RESTART from the probe stops and starts the resource on the same node', async () => {
    writeFileSync(join(state, 'mode'), 'restart');
    await until('Stop then Start on n1', () => events().join('\n').match(/control RESOURCE_RESTART from n1\n(?:.*\n)*stop n1\n(?:.*\n)*start n1/));
    await waitFor(cluster.endpoint, 'back online on n1', (v) => resourceState(v, 'sh-rs', 'n1') === 'ONLINE');
    const starts = events().filter((e) => e.startsWith('start '));
    assert.deepEqual(starts.map((e) => e.split(' ')[1]), ['n1', 'n1'], 'restarted where it was, nowhere else');
    // The probe that asked was itself stopped by Monitor_stop; the request stood regardless.
    assert.equal(events().some((e) => e.startsWith('control RESOURCE_RESTART from n1 returned')), false);
    const restarts = await scha('scha_resource_get', ['-O', 'NUM_RESOURCE_RESTARTS', '-R', 'sh-rs', '-G', 'sh-rg'], onNode('n1'));
    assert.equal(restarts.stdout, '1\n');
    const log = await eventLog();
    assert.match(log, /scha_control RESOURCE_RESTART by sh-rs on n1: accepted/);
    assert.match(log, /resource sh-rs on n1: Stop succeeded[\s\S]*resource sh-rs on n1: Start succeeded/);
  });

  test('giveover: scha_control GIVEOVER moves the group to another node', async () => {
    writeFileSync(join(state, 'mode'), 'giveover');
    const v = await waitFor(cluster.endpoint, 'online on n2', (view) => resourceState(view, 'sh-rs', 'n2') === 'ONLINE' && view);
    assert.equal(resourceState(v, 'sh-rs', 'n1'), 'OFFLINE');
    assert.ok(events().includes('monitor_check n2'), 'Monitor_check ran on the candidate');
    assert.ok(events().some((e) => e.startsWith('start n2 ')));
    assert.match(await eventLog(), /scha_control GIVEOVER by sh-rs on n1: accepted; sh-rg moves from n1 to n2/);
  });

  test('refusals return SCHA_ERR_CHECKS with the reason in the event log: ping-pong, Monitor_check, LOG_ONLY', async () => {
    await waitFor(cluster.endpoint, 'probe on n2 reports', (v) => v.resources.find((r) => r.name === 'sh-rs')?.perNode.find((p) => p.target === 'n2')?.message === 'probe ok');
    // n1 was left by a giveover of this resource within Pingpong_interval; n3's Monitor_check fails.
    writeFileSync(join(state, 'refuse_check_n3'), '');
    writeFileSync(join(state, 'mode'), 'giveover');
    await until('the refused giveover', () => events().includes('control GIVEOVER from n2 returned 16'));
    let log = await eventLog();
    assert.match(log, /scha_control GIVEOVER by sh-rs on n2: no other target can take sh-rg \(.*n1.*Pingpong_interval.*n3.*Monitor_check/);
    assert.equal(resourceState(await fetchView(cluster.endpoint), 'sh-rs', 'n2'), 'ONLINE', 'it stays where it is');

    // The other tags, as a monitor on n2 would send them.
    const ctl = async (tag: string): Promise<number> => (await scha('scha_control', ['-O', tag, '-G', 'sh-rg', '-R', 'sh-rs'], onNode('n2'))).code;
    assert.equal(await ctl('CHECK_RESTART'), 0);
    assert.equal(await ctl('check_giveover'), 16, 'the same checks as GIVEOVER, nothing moves');
    assert.equal(await ctl('IGNORE_FAILED_START'), 9, 'no start is in progress');
    assert.equal(await ctl('CHANGE_STATE_ONLINE'), 3, 'only for proxy types');
    assert.equal(await ctl('RESOURCE_IS_RESTARTED'), 0);
    const counted = await scha('scha_resource_get', ['-O', 'NUM_RESOURCE_RESTARTS', '-R', 'sh-rs', '-G', 'sh-rg'], onNode('n2'));
    assert.equal(counted.stdout, '1\n', 'RESOURCE_IS_RESTARTED is counted');

    await ferry('rs', 'set', '-p', 'Failover_mode=LOG_ONLY', 'sh-rs');
    writeFileSync(join(state, 'mode'), 'restart');
    await until('the refused restart', () => events().includes('control RESOURCE_RESTART from n2 returned 16'));
    log = await eventLog();
    assert.match(log, /scha_control RESOURCE_RESTART by sh-rs on n2: Failover_mode=LOG_ONLY/);
    assert.equal(events().filter((e) => e.startsWith('start n2 ')).length, 1, 'nothing was restarted');
  });
});
