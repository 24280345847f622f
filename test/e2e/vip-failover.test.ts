// The ferry.vip type end to end, on a real network of namespaces (test/support/netns-vip/): each
// virtual node has its own network namespace (ferry up --node-netns) and mount namespace
// (--private-mounts); a client namespace on the same bridge keeps connecting to the virtual address.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startCluster, type RunningCluster } from '../support/ferry-process.js';
import { destroyCluster } from '../support/netns-vip/cluster-cleanup.js';
import { buildNetwork, clientNeighbourMac, holders, inNs, networkUnavailable, SUBNET4, SUBNET6, type TestNetwork } from '../support/netns-vip/network.js';
import { outage, startClient, type RunningClient } from '../support/netns-vip/vip-client.js';
import { fetchView, onlineOn, waitFor } from '../support/status-wait.js';

const NODES = ['n1', 'n2', 'n3'];
const VIP4 = `${SUBNET4}.100`;
const VIP6 = `${SUBNET6}:100`;
const PORT = 8080;
const TCPSVC_RTR = resolve('test/support/netns-vip/tcpsvc.rtr');
const SERVICE = `${process.execPath} ${resolve('dist/test/support/netns-vip/tcp-service.js')} ${PORT}`;
const CLIENT = resolve('dist/test/support/netns-vip/tcp-client.js');

function skipReason(): string | undefined {
  const why = networkUnavailable();
  if (why) return why;
  try {
    execFileSync('arping', ['-V'], { stdio: 'ignore' });
  } catch {
    return 'needs arping (Debian: iputils-arping)';
  }
  return undefined;
}

/**
 * Polls every node's addresses (`ip -n NS addr`) until stopped and records every poll that found
 * an address on more than one node. A poll queries all nodes at once; a move takes at least the
 * duplicate-address probe (1 s), far longer than a poll, so a real overlap cannot hide between
 * two queries of one poll.
 */
function watchHolders(network: TestNetwork, addresses: readonly string[]): { stop(): Promise<{ polls: number; overlaps: string[] }> } {
  let running = true;
  let polls = 0;
  const overlaps: string[] = [];
  const loop = (async () => {
    while (running) {
      for (const a of addresses) {
        const h = await holders(network, a);
        if (h.length > 1) overlaps.push(`${new Date().toISOString()} ${a} on ${h.join(', ')}`);
      }
      polls++;
      await new Promise((r) => setTimeout(r, 20));
    }
  })();
  return { stop: async () => { running = false; await loop; return { polls, overlaps }; } };
}

const skip = skipReason();

describe('virtual IP (ferry.vip) on a network of namespaces', { skip }, () => {
  let network: TestNetwork;
  let cluster: RunningCluster;
  let client: RunningClient | undefined;
  const ferry = async (...args: string[]): Promise<string> => {
    const r = await cluster.ferry(args);
    assert.equal(r.code, 0, `ferry ${args.join(' ')}: ${r.stdout}${r.stderr}`);
    return r.stdout;
  };
  const holder = async (): Promise<string> => {
    const v = await fetchView(cluster.endpoint);
    const on = onlineOn(v, 'web-rg');
    assert.equal(on.length, 1, `web-rg online on ${on.join(',') || 'nowhere'}`);
    return on[0] as string;
  };
  const askOnce = async (host: string): Promise<string | undefined> => {
    const r = await inNs(network.clientNs, process.execPath, [CLIENT, host, String(PORT), '0', '1000']);
    return r.code === 0 ? (JSON.parse(r.stdout) as { node: string }).node : undefined;
  };
  /** The fault monitor's output on a node (PMF logs each tag's output). */
  const monitorLog = (node: string): string => {
    try { return readFileSync(join(cluster.dataDir, 'nodes', node, 'logs', 'pmf-web-rg,vip-rs,0.mon.log'), 'utf8'); } catch { return ''; }
  };

  before(async () => {
    network = buildNetwork(NODES);
    cluster = await startCluster({ nodes: NODES, args: ['--node-netns', network.nodeNetnsArg, '--private-mounts'] });
    await ferry('rt', 'register', TCPSVC_RTR);
    await ferry('rg', 'create', '-n', NODES.join(','), '-p', 'Pingpong_interval=30', 'web-rg');
    await ferry('rs', 'create', '-g', 'web-rg', '-t', 'ferry.vip', '-p', `Addresses=${VIP4}/24,${VIP6}/64`, '-p', 'Interface=eth0',
      '-p', `Ping_targets=${network.hub4}`, '-p', 'Thorough_probe_interval=2', '-p', 'Standby_monitoring=TRUE', 'vip-rs');
    await ferry('rs', 'create', '-g', 'web-rg', '-t', 'ferrytest.tcpsvc', '-p', `Command=${SERVICE}`, '-p', `Port=${PORT}`, 'svc-rs');
    await ferry('rg', 'manage', 'web-rg');
    await ferry('rg', 'online', 'web-rg');
    await waitFor(cluster.endpoint, 'web-rg online on n1', (v) => onlineOn(v, 'web-rg').join() === 'n1');
  });

  after(async () => {
    await client?.stop();
    if (cluster) await destroyCluster(cluster);
    network?.destroy();
  });

  test('Validate refuses bad addresses, a missing interface and bad ping targets on every node', async () => {
    await ferry('rg', 'create', '-n', NODES.join(','), 'bad-rg');
    const refused = async (props: string[], pattern: RegExp): Promise<void> => {
      const r = await cluster.ferry(['rs', 'create', '-g', 'bad-rg', '-t', 'ferry.vip', ...props.flatMap((p) => ['-p', p]), 'bad-rs']);
      assert.equal(r.code, 1, `expected a refusal: ${r.stdout}${r.stderr}`);
      assert.match(r.stderr, pattern);
    };
    await refused([`Addresses=${SUBNET4}.120`, 'Interface=eth0'], /Validate on n\d exited 1 \(Addresses: .* has no prefix length/);
    await refused([`Addresses=${SUBNET4}.300/24`, 'Interface=eth0'], /is not an IPv4 or IPv6 address/);
    await refused(['Addresses=fd00::zz/64', 'Interface=eth0'], /is not an IPv4 or IPv6 address/);
    await refused([`Addresses=${SUBNET4}.120/24`, 'Interface=eth7'], /Interface: eth7 does not exist on node n1/);
    await refused([`Addresses=${SUBNET4}.120/24`, 'Interface=eth0', `Ping_targets=${network.hub4}/24`], /Ping_targets: .* without a prefix length/);
    await refused(['Interface=eth0'], /Addresses/);
    assert.notEqual((await cluster.ferry(['rs', 'show', 'bad-rs'])).code, 0, 'nothing was created');
    await ferry('rg', 'delete', 'bad-rg');
  });

  test('online: the addresses are on exactly one node and the service answers on both', async () => {
    assert.deepEqual(await holders(network, VIP4), ['n1']);
    assert.deepEqual(await holders(network, VIP6), ['n1']);
    assert.equal(await askOnce(VIP4), 'n1');
    assert.equal(await askOnce(VIP6), 'n1');
    // Standby monitoring: the other nodes report their own path.
    await waitFor(cluster.endpoint, 'standby status on n2 and n3', (v) => {
      const per = v.resources.find((r) => r.name === 'vip-rs')?.perNode ?? [];
      return ['n2', 'n3'].every((n) => /standby: path ok/.test(per.find((p) => p.target === n)?.message ?? ''));
    });
  });

  test('a switchover announces the move: the client learns the new MAC at once (gratuitous ARP, unsolicited NA)', async () => {
    assert.equal((await inNs(network.clientNs, 'ping', ['-c', '1', '-W', '1', VIP4])).code, 0);
    assert.equal((await inNs(network.clientNs, 'ping', ['-c', '1', '-W', '1', VIP6])).code, 0);
    const n1Mac = network.mac(network.nodeNs['n1'] as string);
    assert.equal(clientNeighbourMac(network, VIP4), n1Mac);
    assert.equal(clientNeighbourMac(network, VIP6), n1Mac);
    await ferry('rg', 'switch', '-n', 'n2', 'web-rg');
    // The client has sent nothing since: only an announcement can have changed its entries.
    const n2Mac = network.mac(network.nodeNs['n2'] as string);
    assert.equal(clientNeighbourMac(network, VIP4), n2Mac, 'IPv4 neighbour entry after the switch');
    assert.equal(clientNeighbourMac(network, VIP6), n2Mac, 'IPv6 neighbour entry after the switch');
    assert.deepEqual(await holders(network, VIP4), ['n2']);
    assert.equal(await askOnce(VIP4), 'n2');
  });

  test('an address already answering elsewhere is refused at start (IPv4 arping -D, IPv6 DAD)', async () => {
    for (const [family, addr, prefix] of [['4', `${SUBNET4}.101`, 24], ['6', `${SUBNET6}:101`, 64]] as const) {
      // A foreign host (the client) squats the address.
      execFileSync('ip', ['-n', network.clientNs, 'addr', 'add', `${addr}/${prefix}`, 'dev', 'eth0', ...(family === '6' ? ['nodad'] : [])]);
      const rg = `dup${family}-rg`;
      await ferry('rg', 'create', '-n', 'n3', rg);
      await ferry('rs', 'create', '-g', rg, '-t', 'ferry.vip', '-p', `Addresses=${addr}/${prefix}`, '-p', 'Interface=eth0', `dup${family}-rs`);
      await ferry('rg', 'manage', rg);
      // --no-wait: a group whose only node refuses it stays ONLINE_FAULTED (Failover_mode NONE).
      await ferry('rg', 'online', '--no-wait', rg);
      await waitFor(cluster.endpoint, `dup${family}-rs START_FAILED`, (v) => v.resources.find((x) => x.name === `dup${family}-rs`)?.perNode.find((p) => p.target === 'n3')?.state === 'START_FAILED');
      assert.deepEqual(await holders(network, addr), [], 'the refused address is not left on the node');
      const log = readFileSync(join(cluster.dataDir, 'nodes', 'n3', 'logs', `dup${family}-rs.log`), 'utf8');
      assert.match(log, /already in use on the network of eth0/);
      execFileSync('ip', ['-n', network.clientNs, 'addr', 'del', `${addr}/${prefix}`, 'dev', 'eth0']);
      await ferry('rg', 'offline', rg);
      await ferry('rg', 'delete', '-F', rg);
    }
  });

  test('crash of the node holding the group: address and service come back on another node, never on two at once', async (t) => {
    const from = await holder();
    client = startClient(network.clientNs, VIP4, PORT, 100, 300);
    await waitFor(cluster.endpoint, 'the client served', () => client?.attempts.some((a) => a.ok && a.node === from));
    const watch = watchHolders(network, [VIP4, VIP6]);
    const crashAtMs = Date.now();
    await ferry('node', 'crash', from);
    const to = await waitFor(cluster.endpoint, 'an answer from another node', () => client?.attempts.find((a) => a.ok && a.atMs >= crashAtMs && a.node !== from)?.node, 60_000);
    await new Promise((r) => setTimeout(r, 1000));
    const { polls, overlaps } = await watch.stop();
    await client.stop();
    const o = outage(client.attempts, from, crashAtMs);
    assert.ok(o, 'the client was answered before and after the crash');
    const line = `client outage after crashing ${from}: ${o.gapMs} ms from the last answer by ${from} to the first by ${o.firstNode} ` +
      `(${o.sinceCrashMs} ms after "ferry node crash" was issued; ${o.failedAttempts} failed attempts at 100 ms intervals; ${polls} address polls)`;
    t.diagnostic(line);
    console.log(`# ${line}`);
    assert.deepEqual(overlaps, [], 'an address was on two nodes at once');
    assert.equal(o.firstNode, to);
    assert.equal(await holder(), to);
    assert.deepEqual(await holders(network, VIP4), [to]);
    assert.deepEqual(await holders(network, VIP6), [to]);
    assert.equal(await askOnce(VIP6), to);
    // Every attempt after the first answer from the new node was answered by it.
    const firstNew = client.attempts.findIndex((a) => a.ok && a.atMs >= crashAtMs && a.node === to);
    assert.ok(client.attempts.slice(firstNew).every((a) => a.ok && a.node === to), 'the service stays up on the new node');
    client = undefined;
  });

  test('a crashed node comes back with its boot network and without the old addresses', async () => {
    const down = (await fetchView(cluster.endpoint)).nodes.find((n) => n.state === 'DOWN')?.name;
    assert.ok(down, 'one node is down after the crash');
    await ferry('node', 'start', down);
    await waitFor(cluster.endpoint, `${down} up`, (v) => v.nodes.find((n) => n.name === down)?.state === 'UP');
    const own = `${SUBNET4}.${11 + NODES.indexOf(down)}`;
    assert.equal((await inNs(network.clientNs, 'ping', ['-c', '1', '-W', '2', own])).code, 0, `${down} answers on its own address again`);
    const addrs = execFileSync('ip', ['-n', network.nodeNs[down] as string, '-o', 'addr', 'show', 'dev', 'eth0'], { encoding: 'utf8' });
    assert.doesNotMatch(addrs, new RegExp(`${VIP4.replace(/\./g, '\\.')}/`));
    assert.equal((await holders(network, VIP4)).length, 1);
  });

  test('the link of the holder goes down: the monitor gives the group over to a node whose path works', async () => {
    const from = await holder();
    const ns = network.nodeNs[from] as string;
    execFileSync('ip', ['-n', ns, 'link', 'set', 'eth0', 'down']);
    try {
      const to = await waitFor(cluster.endpoint, 'web-rg moved off the node with the broken link', (v) => {
        const on = onlineOn(v, 'web-rg');
        return on.length === 1 && on[0] !== from ? on[0] : undefined;
      }, 60_000);
      assert.match(monitorLog(from), /requesting scha_control GIVEOVER/);
      assert.deepEqual(await holders(network, VIP4), [to]);
      assert.equal(await askOnce(VIP4), to);
    } finally {
      execFileSync('ip', ['-n', ns, 'link', 'set', 'eth0', 'up']);
      // A link going down drops its IPv6 addresses; give the node its own back.
      execFileSync('ip', ['-n', ns, 'addr', 'replace', `${SUBNET6}:${11 + NODES.indexOf(from)}/64`, 'dev', 'eth0', 'nodad']);
    }
  });

  test('standby monitoring: a broken path on a node that does not hold the addresses is reported there', async () => {
    const active = await holder();
    const standby = NODES.find((n) => n !== active) as string;
    const ns = network.nodeNs[standby] as string;
    const message = (v: Awaited<ReturnType<typeof fetchView>>): string => v.resources.find((r) => r.name === 'vip-rs')?.perNode.find((p) => p.target === standby)?.message ?? '';
    execFileSync('ip', ['-n', ns, 'link', 'set', 'eth0', 'down']);
    try {
      await waitFor(cluster.endpoint, `standby fault reported on ${standby}`, (v) => /standby: interface eth0 is down/.test(message(v)));
      const per = (await fetchView(cluster.endpoint)).resources.find((r) => r.name === 'vip-rs')?.perNode.find((p) => p.target === standby);
      assert.equal(per?.status, 'FAULTED');
      assert.deepEqual(onlineOn(await fetchView(cluster.endpoint), 'web-rg'), [active], 'a standby fault moves nothing');
    } finally {
      execFileSync('ip', ['-n', ns, 'link', 'set', 'eth0', 'up']);
    }
    await waitFor(cluster.endpoint, `standby path ok again on ${standby}`, (v) => /standby: path ok/.test(message(v)));
  });

  test('with no addresses the resource only watches the path (the Gls role for a guest bridge)', async () => {
    await ferry('rg', 'create', '-n', 'n3', 'path-rg');
    await ferry('rs', 'create', '-g', 'path-rg', '-t', 'ferry.vip', '-p', 'Addresses=', '-p', 'Interface=eth0', '-p', `Ping_targets=${network.hub4},${network.hub6}`,
      '-p', 'Thorough_probe_interval=2', 'path-rs');
    await ferry('rg', 'online', '-M', 'path-rg');
    await waitFor(cluster.endpoint, 'path-rs reports its path', (v) => /path ok on eth0/.test(v.resources.find((r) => r.name === 'path-rs')?.perNode.find((p) => p.target === 'n3')?.message ?? ''));
    await ferry('rg', 'offline', 'path-rg');
    await ferry('rg', 'delete', '-F', 'path-rg');
  });
});
