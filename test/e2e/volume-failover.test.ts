// The ferry.volume type end to end: a loop device is the shared disk, each virtual node has its own
// mount namespace (ferry up --private-mounts), so "mounted on n1" means mounted in n1's namespace
// only — what n1's methods, monitors and services see, and nothing the other nodes see.
import assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startCluster, type RunningCluster } from '../support/ferry-process.js';
import { destroyCluster } from '../support/netns-vip/cluster-cleanup.js';
import { createLoopDisk, mountNamespaceFile, mountedIn, readOwnerRecord, shInNode, storageUnavailable, writeOwnerRecord, type LoopDisk } from '../support/netns-vip/storage.js';
import { fetchView, onlineOn, waitFor } from '../support/status-wait.js';

const NODES = ['n1', 'n2'];
const DISK_MIB = 64;

const hasLvm = (): boolean => {
  try { execFileSync('sh', ['-c', 'command -v vgcreate'], { stdio: 'ignore' }); return true; } catch { return false; }
};

describe('volume and filesystem (ferry.volume) on a loop device', { skip: storageUnavailable() }, () => {
  let dir: string;
  let disk: LoopDisk;
  let mountPoint: string;
  let cluster: RunningCluster;
  const extraDisks: LoopDisk[] = [];
  const busy: number[] = [];

  const ferry = async (...args: string[]): Promise<string> => {
    const r = await cluster.ferry(args);
    assert.equal(r.code, 0, `ferry ${args.join(' ')}: ${r.stdout}${r.stderr}`);
    return r.stdout;
  };
  const mountedNodes = async (): Promise<string[]> =>
    (await Promise.all(NODES.map(async (n) => ((await mountedIn(cluster.dataDir, n, mountPoint)).length > 0 ? n : undefined)))).filter((n): n is string => n !== undefined);
  const resourceOn = async (resource: string, node: string): Promise<{ state: string; status: string; message: string } | undefined> =>
    (await fetchView(cluster.endpoint)).resources.find((r) => r.name === resource)?.perNode.find((p) => p.target === node);
  const volumeLog = (node: string, resource = 'vol-rs'): string => {
    try { return readFileSync(join(cluster.dataDir, 'nodes', node, 'logs', `${resource}.log`), 'utf8'); } catch { return ''; }
  };
  /** A process inside `node`'s mount namespace whose working directory is on the mount (keeps it busy). */
  const busyUser = (node: string): number => {
    const child = spawn('nsenter', [`--mount=${mountNamespaceFile(cluster.dataDir, node)}`, 'sh', '-c', `cd '${mountPoint}' && exec sleep 600`], { stdio: 'ignore', detached: true });
    child.unref();
    busy.push(child.pid as number);
    return child.pid as number;
  };
  const alive = (pid: number): boolean => { try { process.kill(pid, 0); return true; } catch { return false; } };

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ferry-volume-'));
    mountPoint = join(dir, 'data');
    mkdirSync(mountPoint);
    disk = createLoopDisk(dir, 'shared', DISK_MIB);
    // The last 4 KiB stay free for the ownership record.
    execFileSync('mkfs.ext4', ['-q', '-F', '-b', '4096', disk.device, String(disk.sizeBytes / 4096 - 1)]);
    cluster = await startCluster({ nodes: NODES, args: ['--private-mounts'] });
    await ferry('rg', 'create', '-n', NODES.join(','), 'data-rg');
    await ferry('rs', 'create', '-g', 'data-rg', '-t', 'ferry.volume', '-p', `Device=${disk.device}`, '-p', `Mount_point=${mountPoint}`,
      '-p', 'Mount_options=noatime,nodev', '-p', 'Kill_users=TRUE', '-p', 'Thorough_probe_interval=2', 'vol-rs');
    await ferry('rg', 'online', '-M', 'data-rg');
    await waitFor(cluster.endpoint, 'data-rg online on n1', (v) => onlineOn(v, 'data-rg').join() === 'n1');
  });

  after(async () => {
    for (const pid of busy) {
      try { process.kill(pid, 'SIGKILL'); } catch { /* gone */ }
    }
    if (cluster) await destroyCluster(cluster);
    for (const d of extraDisks) d.destroy();
    disk?.destroy();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('Validate refuses what cannot work, on every node', async () => {
    const whole = createLoopDisk(dir, 'whole', 16);
    extraDisks.push(whole);
    execFileSync('mkfs.ext4', ['-q', '-F', whole.device]);
    await ferry('rg', 'create', '-n', NODES.join(','), 'bad-rg');
    const refused = async (props: string[], pattern: RegExp): Promise<void> => {
      const r = await cluster.ferry(['rs', 'create', '-g', 'bad-rg', '-t', 'ferry.volume', ...props.flatMap((p) => ['-p', p]), 'bad-rs']);
      assert.equal(r.code, 1, `expected a refusal of ${props.join(' ')}: ${r.stdout}${r.stderr}`);
      assert.match(r.stderr, pattern);
    };
    await refused([`Mount_point=${mountPoint}`], /give Device \(a block device\) or Volume_group/);
    await refused(['Device=dev/loop0', `Mount_point=${mountPoint}`], /not an absolute path/);
    await refused(['Device=/dev/null', `Mount_point=${mountPoint}`], /\/dev\/null is not a block device on node n\d/);
    await refused([`Device=${disk.device}`, 'Volume_group=vg0'], /either Device or Volume_group, not both/);
    await refused([`Device=${disk.device}`, 'Mount_point=data'], /Mount_point: data is not an absolute path/);
    await refused([`Device=${disk.device}`, `Mount_point=${join(dir, 'nowhere')}`], /is not a directory on node n\d/);
    await refused([`Device=${disk.device}`, 'Ownership=lvm_tag'], /Ownership=lvm_tag needs Volume_group/);
    await refused([`Device=${whole.device}`, `Mount_point=${mountPoint}`], /fills the whole device/);
    await refused([`Device=${disk.device}`, 'Ownership=bogus'], /Ownership/);
    assert.notEqual((await cluster.ferry(['rs', 'show', 'bad-rs'])).code, 0, 'nothing was created');
    await ferry('rg', 'delete', 'bad-rg');
  });

  test('online: mounted in the holder\'s namespace only, the device records its owner, the monitor writes', async () => {
    assert.deepEqual(await mountedNodes(), ['n1']);
    assert.deepEqual(await mountedIn(cluster.dataDir, 'n1', mountPoint), [disk.device]);
    assert.equal(spawnSync('findmnt', ['-n', mountPoint], { encoding: 'utf8' }).stdout.trim(), '', 'not mounted in the host namespace');
    assert.equal(readOwnerRecord(disk.device, disk.sizeBytes)['node'], 'n1');
    await waitFor(cluster.endpoint, 'the monitor reports a writable mount', async () => /writable/.test((await resourceOn('vol-rs', 'n1'))?.message ?? ''));
  });

  test('crash of the holder: the filesystem comes up on the other node with the acknowledged data, never mounted twice', async (t) => {
    const from = onlineOn(await fetchView(cluster.endpoint), 'data-rg')[0] as string;
    const acked = `acknowledged before the crash ${Date.now()}`;
    // Written and fsynced: the write is acknowledged only once it is on the disk.
    await shInNode(cluster.dataDir, from, `printf '%s' '${acked}' > '${mountPoint}/acked.txt' && sync '${mountPoint}/acked.txt'`);
    let polling = true;
    let polls = 0;
    const overlaps: string[] = [];
    const poller = (async () => {
      while (polling) {
        const on = await mountedNodes();
        if (on.length > 1) overlaps.push(`${new Date().toISOString()} mounted on ${on.join(', ')}`);
        polls++;
        await new Promise((r) => setTimeout(r, 20));
      }
    })();
    // A process someone entered into the node's namespace (not started by Ferry): the crash takes
    // it too, as a dying machine would, instead of letting it keep the old mount alive.
    const bystander = busyUser(from);
    await waitFor(cluster.endpoint, 'the bystander is in the mount', () => alive(bystander) && readFileSync(`/proc/${bystander}/cmdline`, 'utf8').startsWith('sleep'));
    const crashAtMs = Date.now();
    await ferry('node', 'crash', from);
    const to = await waitFor(cluster.endpoint, 'data-rg online on the other node', (v) => {
      const on = onlineOn(v, 'data-rg');
      return on.length === 1 && on[0] !== from ? on[0] : undefined;
    }, 60_000);
    const onlineAfterMs = Date.now() - crashAtMs;
    polling = false;
    await poller;
    t.diagnostic(`volume online on ${to} ${onlineAfterMs} ms after "ferry node crash ${from}" was issued (${polls} mount polls)`);
    assert.deepEqual(overlaps, [], 'the filesystem was mounted on two nodes at once');
    assert.equal(alive(bystander), false, 'the crash killed every process inside the node');
    assert.deepEqual(await mountedNodes(), [to]);
    assert.equal(await shInNode(cluster.dataDir, to, `cat '${mountPoint}/acked.txt'`), acked);
    assert.equal(readOwnerRecord(disk.device, disk.sizeBytes)['node'], to);
    assert.match(volumeLog(to), new RegExp(`taking over from node ${from}, which is DOWN`));
  });

  test('the crashed node starts with a fresh mount namespace: nothing of the old mount is left', async () => {
    const down = (await fetchView(cluster.endpoint)).nodes.find((n) => n.state === 'DOWN')?.name as string;
    await ferry('node', 'start', down);
    await waitFor(cluster.endpoint, `${down} up`, (v) => v.nodes.find((n) => n.name === down)?.state === 'UP');
    assert.deepEqual(await mountedIn(cluster.dataDir, down, mountPoint), []);
    assert.equal((await mountedNodes()).length, 1);
  });

  test('a switchover kills what keeps the mount busy (Kill_users) and moves it', async () => {
    const from = onlineOn(await fetchView(cluster.endpoint), 'data-rg')[0] as string;
    const to = NODES.find((n) => n !== from) as string;
    const pid = busyUser(from);
    await waitFor(cluster.endpoint, 'the busy process is in the mount', () => alive(pid) && readFileSync(`/proc/${pid}/cmdline`, 'utf8').startsWith('sleep'));
    await ferry('rg', 'switch', '-n', to, 'data-rg');
    await waitFor(cluster.endpoint, 'the busy process is gone', () => !alive(pid));
    assert.deepEqual(await mountedNodes(), [to]);
    assert.match(await shInNode(cluster.dataDir, to, `cat '${mountPoint}/acked.txt'`), /acknowledged before the crash/);
    assert.match(volumeLog(from), /is busy: killing its users \(fuser -km\)/);
  });

  test('without Kill_users a busy mount fails the Stop, and the storage stays where it is', async () => {
    const from = onlineOn(await fetchView(cluster.endpoint), 'data-rg')[0] as string;
    const to = NODES.find((n) => n !== from) as string;
    await ferry('rs', 'set', '-p', 'Kill_users=FALSE', 'vol-rs');
    const pid = busyUser(from);
    await waitFor(cluster.endpoint, 'the busy process is in the mount', () => alive(pid) && readFileSync(`/proc/${pid}/cmdline`, 'utf8').startsWith('sleep'));
    const r = await cluster.ferry(['rg', 'switch', '-n', to, 'data-rg']);
    assert.notEqual(r.code, 0, `the switch must fail: ${r.stdout}`);
    await waitFor(cluster.endpoint, 'STOP_FAILED', async () => (await resourceOn('vol-rs', from))?.state === 'STOP_FAILED');
    assert.match(volumeLog(from), /cannot stop: .* is busy/);
    assert.deepEqual(await mountedNodes(), [from], 'still mounted on the old node only');
    assert.equal(readOwnerRecord(disk.device, disk.sizeBytes)['node'], from);
    // The operator ends the user, clears the error and puts the group back online.
    process.kill(pid, 'SIGKILL');
    await ferry('rs', 'set', '-p', 'Kill_users=TRUE', 'vol-rs');
    await ferry('rs', 'clear', '-n', from, 'vol-rs');
    await ferry('rg', 'online', 'data-rg');
    await waitFor(cluster.endpoint, 'data-rg online', (v) => onlineOn(v, 'data-rg').length === 1);
    assert.equal((await mountedNodes()).length, 1);
  });

  test('a device another UP node holds is refused at start', async () => {
    await ferry('rg', 'offline', 'data-rg');
    assert.deepEqual(await mountedNodes(), []);
    assert.equal(readOwnerRecord(disk.device, disk.sizeBytes)['node'], '', 'Stop released the record');
    writeOwnerRecord(disk.device, disk.sizeBytes, 'n2');
    // --no-wait: the refused group stays ONLINE_FAULTED on n1 (Failover_mode NONE).
    await ferry('rg', 'online', '--no-wait', '-n', 'n1', 'data-rg');
    await waitFor(cluster.endpoint, 'START_FAILED on n1', async () => (await resourceOn('vol-rs', 'n1'))?.state === 'START_FAILED');
    assert.match(volumeLog('n1'), /cannot start: node n2 holds .* \(ownership record\) and is UP/);
    assert.deepEqual(await mountedNodes(), []);
    assert.equal(readOwnerRecord(disk.device, disk.sizeBytes)['node'], 'n2', 'the refused start left the record alone');
  });

  test('LVM: the volume group carries the owner tag (metadata only: this kernel has no device-mapper)', { skip: hasLvm() ? undefined : 'needs lvm2' }, async () => {
    const pv = createLoopDisk(dir, 'pv', 16);
    extraDisks.push(pv);
    const vg = `ferrytest${process.pid}`;
    const lvm = (...args: string[]): string => execFileSync(args[0] as string, args.slice(1), { encoding: 'utf8', env: { ...process.env, LVM_SUPPRESS_FD_WARNINGS: '1' }, stdio: ['ignore', 'pipe', 'ignore'] });
    lvm('pvcreate', '-q', pv.device);
    lvm('vgcreate', '-q', vg, pv.device);
    try {
      const tags = (): string => lvm('vgs', '--noheadings', '-o', 'vg_tags', vg).trim();
      await ferry('rg', 'create', '-n', NODES.join(','), 'lvm-rg');
      await ferry('rs', 'create', '-g', 'lvm-rg', '-t', 'ferry.volume', '-p', `Volume_group=${vg}`, '-p', 'Ownership=lvm_tag', 'lvm-rs');
      await ferry('rg', 'online', '-M', '-n', 'n1', 'lvm-rg');
      assert.equal(tags(), 'ferry-owner:n1');
      await ferry('rg', 'switch', '-n', 'n2', 'lvm-rg');
      assert.equal(tags(), 'ferry-owner:n2');
      await ferry('rg', 'offline', 'lvm-rg');
      assert.equal(tags(), '');
      lvm('vgchange', '--addtag', 'ferry-owner:n2', vg);
      await ferry('rg', 'online', '--no-wait', '-n', 'n1', 'lvm-rg');
      await waitFor(cluster.endpoint, 'START_FAILED on n1', async () => (await resourceOn('lvm-rs', 'n1'))?.state === 'START_FAILED');
      assert.match(volumeLog('n1', 'lvm-rs'), /cannot start: node n2 holds volume group/);
      await ferry('rg', 'offline', 'lvm-rg');
      await ferry('rg', 'delete', '-F', 'lvm-rg');
    } finally {
      try { lvm('vgremove', '-qf', vg); lvm('pvremove', '-q', pv.device); } catch { /* best effort */ }
    }
  });
});
