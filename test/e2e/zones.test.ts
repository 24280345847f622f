// Zones on a real embedded cluster (spec §3.1, §3.5, §5; seed 003): a zone is a Linux network
// namespace on its node. Where every method ran is proved by the network namespace of the method
// process itself (/proc/$$/ns/net, recorded by test/fixtures/zones/bin/zmethod) against the inode of
// the zone's namespace; argv, ZONE_LOCAL, the state queries, the trust refusal, Boot in three zones at
// once, the zone endpoint's refusals and the failover when a zone's namespace is deleted.
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readlinkSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startCluster, type CommandResult, type RunningCluster } from '../support/ferry-process.js';
import { groupState, onlineOn, resourceState, waitFor } from '../support/status-wait.js';

const FIXTURES = resolve('test/fixtures/zones');
const BIN = resolve('bin');

type Rec = Readonly<Record<string, string>>;

/** Runs bin/<command> as a method would, with only FERRY_AGENT_SOCKET set. */
function scha(command: string, args: readonly string[], socket: string): Promise<CommandResult> {
  return new Promise((res, rej) => {
    const child = spawn(join(BIN, command), args, { env: { PATH: `${BIN}:/usr/bin:/bin`, FERRY_AGENT_SOCKET: socket }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    child.on('error', rej);
    child.on('close', (code) => res({ code: code ?? -1, stdout, stderr }));
  });
}

const ip = (...args: string[]): void => { execFileSync('ip', args, { stdio: 'ignore' }); };
/** What /proc/PID/ns/net links to for processes in the namespace `ip netns` calls `name`. */
const netnsId = (name: string): string => `net:[${statSync(`/run/netns/${name}`).ino}]`;
const GLOBAL_NETNS = readlinkSync('/proc/self/ns/net');

/** Running (a zombie left for a parent that does not reap it counts as ended). */
function alive(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

/** Pids whose environment holds every one of `vars` (`NAME=value`). */
function pidsWith(vars: readonly string[]): number[] {
  const out: number[] = [];
  for (const entry of execFileSync('ls', ['/proc']).toString().split('\n')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const env = readFileSync(`/proc/${entry}/environ`, 'utf8').split('\0');
      if (vars.every((v) => env.includes(v))) out.push(Number(entry));
    } catch { /* gone */ }
  }
  return out;
}

async function until<T>(what: string, check: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const r = await check();
    if (r !== undefined && r !== false) return r;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((x) => setTimeout(x, 50));
  }
}

describe('zones: node:zone targets, Global_zone types, -Z and zone isolation', () => {
  const run = randomBytes(3).toString('hex');
  // n1's zones are existing namespaces made here; n2's zone z1 is made by Ferry.
  const zoneNs = { z1: `ft${run}-z1`, z2: `ft${run}-z2`, z3: `ft${run}-z3` } as const;
  let n2z1Ns = '';
  let cluster: RunningCluster;
  let work: string;
  let rec: string;
  let gzType = '';
  let zonedType = '';

  const ferry = async (...args: string[]): Promise<string> => {
    const r = await cluster.ferry(args);
    assert.equal(r.code, 0, `ferry ${args.join(' ')}: ${r.stderr}`);
    return r.stdout;
  };
  const nodeSocket = (node: string): string => join(cluster.dataDir, 'nodes', node, 'agent.sock');
  const zoneSocket = (node: string, zone: string): string => join(cluster.dataDir, 'nodes', node, 'zones', zone, 'agent.sock');
  const records = (): Rec[] => (existsSync(join(rec, 'records')) ? readFileSync(join(rec, 'records'), 'utf8') : '').split('\n').filter(Boolean)
    .map((line) => Object.fromEntries(line.split('\t').map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)])));
  const recordsOf = (resource: string, method: string): Rec[] => records().filter((r) => r['resource'] === resource && r['method'] === method);
  const eventLines = async (): Promise<string[]> => (JSON.parse(await ferry('events', '-n', '5000', '--json')) as { subject: string; message: string }[]).map((e) => `${e.subject}: ${e.message}`);

  before(async () => {
    for (const ns of Object.values(zoneNs)) ip('netns', 'add', ns);
    work = mkdtempSync(join(tmpdir(), 'ferry-zones-'));
    rec = join(work, 'records.d');
    execFileSync('mkdir', ['-p', rec]);
    const yaml = join(work, 'cluster.yaml');
    writeFileSync(yaml, 'cluster: zones\nnodes:\n  - { name: n1, zones: [z1, z2, z3] }\n  - { name: n2, zones: [z1] }\n');
    cluster = await startCluster({
      nodes: ['n1', 'n2'],
      args: ['-f', yaml, '--zone-netns', Object.entries(zoneNs).map(([z, ns]) => `n1:${z}=${ns}`).join(',')],
    });
    n2z1Ns = readFileSync(join(cluster.dataDir, 'nodes', 'n2', 'zones', 'z1', 'netns'), 'utf8').trim();
  });

  after(async () => {
    // ZKEEP=DIR keeps the nodes' data (method and PMF logs) of a run, to read after a failure.
    if (process.env['ZKEEP'] !== undefined && cluster) execFileSync('cp', ['-r', join(cluster.dataDir, 'nodes'), process.env['ZKEEP']]);
    await cluster?.stop();
    for (const ns of [...Object.values(zoneNs), n2z1Ns]) {
      if (ns !== '' && existsSync(`/run/netns/${ns}`)) ip('netns', 'del', ns);
    }
    if (work) rmSync(work, { recursive: true, force: true });
  });

  test('a GLOBAL_ZONE = TRUE type escapes zone isolation: registering it is refused unless trusted', async () => {
    const refused = await cluster.ferry(['rt', 'register', join(FIXTURES, 'gz.rtr')]);
    assert.notEqual(refused.code, 0);
    assert.match(refused.stderr, /GLOBAL_ZONE = TRUE runs its methods in the global zone, outside zone isolation; register it with --trust-global-zone if you trust it/);
    assert.doesNotMatch(await ferry('rt', 'list'), /test\.gz/);
    assert.match(await ferry('rt', 'register', '--trust-global-zone', join(FIXTURES, 'gz.rtr')), /registered resource type test\.gz/);
    await ferry('rt', 'register', join(FIXTURES, 'zoned.rtr'));
    const types = (await ferry('rt', 'list')).split('\n');
    gzType = types.find((t) => t.startsWith('test.gz')) ?? '';
    zonedType = types.find((t) => t.startsWith('test.zoned')) ?? '';
    assert.ok(gzType && zonedType, types.join(','));

    // The groups every later test looks at.
    const group = async (name: string, nodelist: string): Promise<void> => { await ferry('rg', 'create', '-n', nodelist, name); };
    const rs = async (name: string, group: string, type: string, ...props: string[]): Promise<void> => {
      await ferry('rs', 'create', '-g', group, '-t', type, '-p', `Record_dir=${rec}`, ...props.flatMap((p) => ['-p', p]), name);
    };
    await group('zrg', 'n1:z1,n2:z1');
    await group('grg', 'n1:z2');
    await group('prg', 'n2');
    await group('brg', 'n1:z1,n1:z2,n1:z3');
    await rs('zrs', 'zrg', zonedType, 'Foreign_group=grg');
    await rs('gzrs', 'grg', gzType);
    await rs('gzo', 'grg', gzType, 'Global_zone_override=FALSE');
    await rs('gzp', 'prg', gzType);
    await rs('brs', 'brg', gzType);
    for (const g of ['zrg', 'grg', 'prg', 'brg']) await ferry('rg', 'manage', g);
    await Promise.all(['zrg', 'grg', 'prg', 'brg'].map((g) => ferry('rg', 'online', g)));
  });

  test('each zone is a namespace with its own endpoint; a zone not given by name is made by Ferry', async () => {
    assert.match(n2z1Ns, /^fz-[0-9a-f]{8}-n2-z1$/);
    assert.ok(existsSync(`/run/netns/${n2z1Ns}`));
    for (const [node, zone] of [['n1', 'z1'], ['n1', 'z2'], ['n1', 'z3'], ['n2', 'z1']] as const) {
      assert.ok(existsSync(zoneSocket(node, zone)), `${node}:${zone} endpoint`);
    }
    assert.equal(readFileSync(join(cluster.dataDir, 'nodes', 'n1', 'zones', 'z2', 'netns'), 'utf8').trim(), zoneNs.z2);
  });

  test('an ordinary type runs in its zone: methods, PMF processes, argv without -Z, ZONE_LOCAL, the zone socket', async () => {
    await waitFor(cluster.endpoint, 'zrs online on n1:z1', (v) => resourceState(v, 'zrs', 'n1:z1') === 'ONLINE');
    const [start] = recordsOf('zrs', 'Start');
    assert.ok(start, 'zrs Start record');
    assert.equal(start['netns'], netnsId(zoneNs.z1));
    assert.notEqual(start['netns'], GLOBAL_NETNS);
    assert.equal(start['argv'], `-R zrs -T ${zonedType} -G zrg`);
    assert.equal(start['zone_env'], 'z1');
    assert.equal(start['zone_local'], 'z1');
    assert.equal(start['socket'], zoneSocket('n1', 'z1'));
    assert.equal(start['dsdl'], 'NULL@n1:z1', 'DSDL: no -Z, so getZoneName() is nothing; the handle describes the zone');
    const [monitor] = recordsOf('zrs', 'Monitor_start');
    assert.equal(monitor?.['netns'], netnsId(zoneNs.z1));
    assert.equal(monitor?.['state'], monitor?.['state_here'], 'inside a zone, RESOURCE_STATE is the zone\'s own state');
    // The process Start left under PMF (pmfadm -c through the zone's endpoint) lives in the zone.
    const [pid] = pidsWith([`FERRY_CLUSTER=${cluster.clusterId()}`, 'FERRY_PMF_TAG=zrg,zrs,0.svc']);
    assert.ok(pid !== undefined, 'the PMF-started sleep');
    assert.equal(readlinkSync(`/proc/${pid}/ns/net`), netnsId(zoneNs.z1));
  });

  test('a Global_zone type runs in the global zone with -Z zone; without a zone no -Z; Global_zone_override=FALSE keeps it in the zone', async () => {
    await waitFor(cluster.endpoint, 'grg and prg online', (v) => groupState(v, 'grg', 'n1:z2') === 'ONLINE' && groupState(v, 'prg', 'n2') === 'ONLINE');
    const [gz] = recordsOf('gzrs', 'Start');
    assert.equal(gz?.['netns'], GLOBAL_NETNS);
    assert.equal(gz?.['argv'], `-R gzrs -T ${gzType} -G grg -Z z2`);
    assert.equal(gz?.['zone_env'], 'global');
    assert.equal(gz?.['socket'], nodeSocket('n1'));
    assert.equal(gz?.['zone_local'], 'global', 'ZONE_LOCAL from a Global_zone method is the global zone');
    assert.equal(gz?.['dsdl'], 'z2@n1:z2', 'DSDL initialize read -Z: getZoneName() is the zone, the handle describes n1:z2');

    const [override] = recordsOf('gzo', 'Start');
    assert.equal(override?.['netns'], netnsId(zoneNs.z2));
    assert.equal(override?.['argv'], `-R gzo -T ${gzType} -G grg`);
    assert.equal(override?.['zone_local'], 'z2');
    assert.equal(override?.['dsdl'], 'NULL@n1:z2');

    const [plain] = recordsOf('gzp', 'Start');
    assert.equal(plain?.['netns'], GLOBAL_NETNS);
    assert.equal(plain?.['argv'], `-R gzp -T ${gzType} -G prg`);
    assert.equal(plain?.['dsdl'], 'NULL@n2');
    // Every method of the Global_zone resource got the same -Z.
    for (const r of records().filter((x) => x['resource'] === 'gzrs')) assert.match(r['argv'] ?? '', / -Z z2$/, r['method']);
  });

  test('from a Global_zone method: RESOURCE_STATE answers for the global zone, RESOURCE_STATE_NODE node:zone for the zone; setstatus and scha_control act on the zone only with -Z', async () => {
    const [monitor] = recordsOf('gzrs', 'Monitor_start');
    assert.ok(monitor, 'gzrs Monitor_start record');
    assert.equal(monitor['state'], 'DETACHED', 'the resource is not configured in the global zone');
    assert.match(monitor['state_here'] ?? '', /^ONLINE/);
    assert.equal(monitor['setstatus_noz_rc'], '0');
    assert.equal(monitor['setstatus_z_rc'], '0');
    await waitFor(cluster.endpoint, 'gzrs online', (v) => resourceState(v, 'gzrs', 'n1:z2') === 'ONLINE');
    const global = nodeSocket('n1');
    const get = async (...args: string[]): Promise<string> => {
      const r = await scha('scha_resource_get', args, global);
      assert.equal(r.code, 0, `scha_resource_get ${args.join(' ')}: ${r.stderr}`);
      return r.stdout;
    };
    // The call without -Z landed on the global zone; the one with -Z on the zone.
    assert.equal(await get('-O', 'STATUS_NODE', '-R', 'gzrs', '-G', 'grg', 'n1'), 'DEGRADED\nforgot -Z\n');
    assert.equal(await get('-O', 'STATUS_NODE', '-R', 'gzrs', '-G', 'grg', 'n1:z2'), 'ONLINE\nfor zone z2\n');
    assert.equal(await get('-O', 'RESOURCE_STATE', '-R', 'gzrs', '-G', 'grg'), 'DETACHED\n');
    assert.equal(await get('-O', 'RESOURCE_STATE_NODE', '-R', 'gzrs', '-G', 'grg', 'n1:z2'), 'ONLINE\n');

    // scha_control from the global zone without -Z acts for the global zone: grg is not online there.
    const wrong = await scha('scha_control', ['-O', 'CHECK_RESTART', '-G', 'grg', '-R', 'gzrs'], global);
    assert.equal(wrong.code, 9, `SCHA_ERR_STATE expected: ${wrong.stdout}${wrong.stderr}`);
    assert.match(wrong.stderr, /grg is not online on n1\b/);
    const right = await scha('scha_control', ['-O', 'CHECK_RESTART', '-G', 'grg', '-R', 'gzrs', '-Z', 'z2'], global);
    assert.equal(right.code, 0, right.stderr);
    // A restart counted without -Z is counted for the wrong zone, visibly.
    assert.equal((await scha('scha_control', ['-O', 'RESOURCE_IS_RESTARTED', '-G', 'grg', '-R', 'gzrs'], global)).code, 0);
    assert.equal(await get('-O', 'NUM_RESOURCE_RESTARTS', '-R', 'gzrs', '-G', 'grg'), '1\n');
    assert.equal(await get('-O', 'NUM_RESOURCE_RESTARTS', '-R', 'gzrs', '-G', 'grg', '-Z', 'z2'), '0\n');
    assert.equal((await scha('scha_control', ['-O', 'RESOURCE_IS_RESTARTED', '-G', 'grg', '-R', 'gzrs', '-Z', 'z2'], global)).code, 0);
    assert.equal(await get('-O', 'NUM_RESOURCE_RESTARTS', '-R', 'gzrs', '-G', 'grg', '-Z', 'z2'), '1\n');
  });

  test('Boot of a Global_zone type in three zones of one node runs three times at once in the global zone, one -Z each', async () => {
    const boots = await until('three Boots of brs', () => { const b = recordsOf('brs', 'Boot'); return b.length >= 3 ? b : undefined; });
    assert.deepEqual(boots.map((b) => b['argv']).sort(), ['z1', 'z2', 'z3'].map((z) => `-R brs -T ${gzType} -G brg -Z ${z}`));
    for (const b of boots) {
      assert.equal(b['netns'], GLOBAL_NETNS);
      assert.equal(b['zone_local'], 'global');
    }
    const latestStart = Math.max(...boots.map((b) => Number(b['start'])));
    const earliestEnd = Math.min(...boots.map((b) => Number(b['end'])));
    assert.ok(latestStart < earliestEnd, `the three Boots overlap (${boots.map((b) => `${b['start']}-${b['end']}`).join(', ')})`);
    for (const z of ['z1', 'z2', 'z3']) assert.equal(readFileSync(join(rec, `boot-brs-${z}`), 'utf8'), `booted for ${z}\n`);
    await waitFor(cluster.endpoint, 'brg online on n1:z1 after its Boots', (v) => groupState(v, 'brg', 'n1:z1') === 'ONLINE');
  });

  test('a zone reaches only its own groups: everything else is SCHA_ERR_ACCESS, also from inside the zone', async () => {
    const [start] = recordsOf('zrs', 'Start');
    assert.equal(start?.['foreign_rc'], '6', 'zrs Start (in n1:z1) reading grg (n1:z2) got SCHA_ERR_ACCESS');
    const z3 = zoneSocket('n1', 'z3');
    const refused: [string, string[]][] = [
      ['scha_resource_get', ['-O', 'TYPE', '-R', 'gzrs', '-G', 'grg']],
      ['scha_resource_get', ['-O', 'RESOURCE_STATE', '-R', 'zrs']],
      ['scha_resourcegroup_get', ['-O', 'NODELIST', '-G', 'zrg']],
      ['scha_control', ['-O', 'RESTART', '-G', 'grg', '-R', 'gzrs']],
      ['scha_resource_setstatus', ['-R', 'gzrs', '-G', 'grg', '-s', 'FAULTED']],
      // Its own group, but another zone's view: -Z from a zone may only name the zone itself.
      ['scha_control', ['-O', 'RESOURCE_IS_RESTARTED', '-G', 'brg', '-R', 'brs', '-Z', 'z1']],
      ['scha_resource_get', ['-O', 'RESOURCE_STATE', '-R', 'brs', '-G', 'brg', '-Z', 'z1']],
    ];
    for (const [cmd, args] of refused) {
      const r = await scha(cmd, args, z3);
      assert.equal(r.code, 6, `${cmd} ${args.join(' ')} from n1:z3: ${r.stdout}${r.stderr}`);
      assert.match(r.stderr, /zone|SCHA_ERR_ACCESS|permission/i);
    }
    const groups = await scha('scha_cluster_get', ['-O', 'ALL_RESOURCEGROUPS'], z3);
    assert.equal(groups.stdout, 'brg\n');
    assert.equal((await scha('scha_cluster_get', ['-O', 'ZONE_LOCAL'], z3)).stdout, 'z3\n');
    const own = await scha('scha_resource_get', ['-O', 'RESOURCE_STATE', '-R', 'brs', '-G', 'brg'], z3);
    assert.deepEqual([own.code, own.stdout], [0, 'OFFLINE\n'], 'brg is online in z1, not in z3');
    // The failure leaves nothing behind: gzrs was not touched.
    assert.equal((await scha('scha_resource_get', ['-O', 'STATUS_NODE', '-R', 'gzrs', '-G', 'grg', 'n1:z2'], nodeSocket('n1'))).stdout, 'ONLINE\nfor zone z2\n');
  });

  test('a zone whose namespace is deleted fails: its processes end, Global_zone resources for it stop, its groups fail over; it comes back with Boot', async () => {
    await waitFor(cluster.endpoint, 'zrg and brg on n1:z1', (v) => onlineOn(v, 'zrg').includes('n1:z1') && onlineOn(v, 'brg').includes('n1:z1'));
    const [sleeper] = pidsWith([`FERRY_CLUSTER=${cluster.clusterId()}`, 'FERRY_PMF_TAG=zrg,zrs,0.svc']);
    assert.ok(sleeper !== undefined && alive(sleeper));
    // A daemon zrs's Start left in the zone outside PMF.
    const stray = Number(readFileSync(join(rec, 'stray-zrs-n1:z1'), 'utf8'));
    assert.ok(alive(stray));
    assert.equal(readlinkSync(`/proc/${stray}/ns/net`), netnsId(zoneNs.z1));
    const stopsBefore = recordsOf('brs', 'Stop').length;

    ip('netns', 'del', zoneNs.z1);
    await waitFor(cluster.endpoint, 'zrg on n2:z1 and brg on n1:z2', (v) => groupState(v, 'zrg', 'n2:z1') === 'ONLINE' && groupState(v, 'brg', 'n1:z2') === 'ONLINE');
    assert.equal(alive(sleeper), false, 'the PMF-supervised process of the deleted zone was stopped');
    assert.equal(alive(stray), false, 'the process left in the deleted zone was killed');
    const wentAway = (await eventLines()).find((l) => l.startsWith('zone n1:z1: went away'));
    assert.match(wentAway ?? '', new RegExp(`^zone n1:z1: went away: its network namespace ${zoneNs.z1} is gone; [1-9]\\d* process\\(es\\) left in it were killed$`));
    // brs ran in the global zone for z1: the agent stopped it there before reporting the zone down.
    const stop = recordsOf('brs', 'Stop').slice(stopsBefore).find((r) => r['argv']?.endsWith('-Z z1'));
    assert.ok(stop, 'Stop -Z z1 of brs');
    assert.equal(stop['netns'], GLOBAL_NETNS);
    // zrs now runs in n2's zone, the namespace Ferry made.
    const moved = recordsOf('zrs', 'Start').at(-1);
    assert.equal(moved?.['netns'], netnsId(n2z1Ns));
    assert.equal(moved?.['socket'], zoneSocket('n2', 'z1'));

    // The zone comes back: zone-up, and Boot runs again for it (and only for it).
    const bootsZ1 = recordsOf('brs', 'Boot').filter((r) => r['argv']?.endsWith('-Z z1')).length;
    ip('netns', 'add', zoneNs.z1);
    await until('zone n1:z1 up again', async () => (await eventLines()).includes('zone n1:z1: is up') || undefined);
    await until('Boot -Z z1 again', () => recordsOf('brs', 'Boot').filter((r) => r['argv']?.endsWith('-Z z1')).length > bootsZ1 || undefined);
    assert.equal(recordsOf('brs', 'Boot').filter((r) => r['argv']?.endsWith('-Z z2')).length, 1);
  });
});
