import { execFileSync, execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * A small test network made of Linux network namespaces: one namespace per virtual node, one for a
 * client, all joined by a bridge that lives in a "switch" namespace of its own (so the host's
 * network is never touched). Names carry a random run id; `destroy()` deletes exactly them.
 *
 *   node ns "<id>-n1" eth0 ─┐
 *   node ns "<id>-n2" eth0 ─┼─ bridge br0 in "<id>-sw" (10.213.0.1, fd00:213::1: the "HUB")
 *   client ns "<id>-cl" eth0 ┘
 */
export interface TestNetwork {
  readonly id: string;
  /** Node name → its network namespace. */
  readonly nodeNs: Readonly<Record<string, string>>;
  readonly clientNs: string;
  readonly switchNs: string;
  /** The bridge's own addresses: something every node can ping (the Gls HUB). */
  readonly hub4: string;
  readonly hub6: string;
  /** `--node-netns` value for `ferry up`. */
  readonly nodeNetnsArg: string;
  /** MAC address of eth0 in a namespace. */
  mac(ns: string): string;
  destroy(): void;
}

export const SUBNET4 = '10.213.0';
export const SUBNET6 = 'fd00:213:';

const ip = (...args: string[]): void => {
  execFileSync('ip', args, { stdio: ['ignore', 'ignore', 'pipe'] });
};

/** Why this machine cannot build the network (not root, no iproute2), or undefined. */
export function networkUnavailable(): string | undefined {
  if (process.getuid?.() !== 0) return 'needs root (network namespaces)';
  try {
    execFileSync('ip', ['netns', 'list'], { stdio: 'ignore' });
  } catch {
    return 'needs iproute2 with network namespace support';
  }
  return undefined;
}

export function buildNetwork(nodes: readonly string[]): TestNetwork {
  const id = `fv${randomBytes(3).toString('hex')}`;
  const switchNs = `${id}-sw`;
  const clientNs = `${id}-cl`;
  const nodeNs = Object.fromEntries(nodes.map((n) => [n, `${id}-${n}`]));
  const created: string[] = [];
  const destroy = (): void => {
    for (const ns of created.reverse()) {
      try { ip('netns', 'del', ns); } catch { /* already gone */ }
    }
    created.length = 0;
  };
  try {
    ip('netns', 'add', switchNs);
    created.push(switchNs);
    ip('-n', switchNs, 'link', 'add', 'br0', 'type', 'bridge', 'stp_state', '0', 'forward_delay', '0');
    ip('-n', switchNs, 'link', 'set', 'br0', 'up');
    ip('-n', switchNs, 'addr', 'add', `${SUBNET4}.1/24`, 'dev', 'br0');
    ip('-n', switchNs, 'addr', 'add', `${SUBNET6}:1/64`, 'dev', 'br0', 'nodad');
    const members: [string, string, number][] = [...nodes.map((n, i): [string, string, number] => [n, nodeNs[n] as string, 11 + i]), ['cl', clientNs, 50]];
    for (const [name, ns, host] of members) {
      ip('netns', 'add', ns);
      created.push(ns);
      ip('-n', switchNs, 'link', 'add', `p-${name}`, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', ns);
      ip('-n', switchNs, 'link', 'set', `p-${name}`, 'master', 'br0', 'up');
      ip('-n', ns, 'link', 'set', 'lo', 'up');
      ip('-n', ns, 'link', 'set', 'eth0', 'up');
      ip('-n', ns, 'addr', 'add', `${SUBNET4}.${host}/24`, 'dev', 'eth0');
      ip('-n', ns, 'addr', 'add', `${SUBNET6}:${host}/64`, 'dev', 'eth0', 'nodad');
    }
  } catch (err) {
    destroy();
    throw err;
  }
  return {
    id, nodeNs, clientNs, switchNs, hub4: `${SUBNET4}.1`, hub6: `${SUBNET6}:1`,
    nodeNetnsArg: Object.entries(nodeNs).map(([n, ns]) => `${n}=${ns}`).join(','),
    mac: (ns) => {
      const out = execFileSync('ip', ['-n', ns, '-o', 'link', 'show', 'dev', 'eth0'], { encoding: 'utf8' });
      return /link\/ether ([0-9a-f:]+)/.exec(out)?.[1] ?? '';
    },
    destroy,
  };
}

/** The namespaces of `network` that hold `address` (host part only) on any interface now. */
export async function holders(network: TestNetwork, address: string): Promise<string[]> {
  const hostPrefix = address.includes(':') ? `${address}/128` : `${address}/32`;
  const found = await Promise.all(Object.entries(network.nodeNs).map(async ([node, ns]) => {
    if (!existsSync(`/run/netns/${ns}`)) return undefined;
    const { stdout } = await run('ip', ['-n', ns, '-o', 'addr', 'show', 'to', hostPrefix]);
    return stdout.trim() === '' ? undefined : node;
  }));
  return found.filter((n): n is string => n !== undefined);
}

/** The client's neighbour-table MAC for `address` (empty when it has none). */
export function clientNeighbourMac(network: TestNetwork, address: string): string {
  const out = execFileSync('ip', ['-n', network.clientNs, 'neigh', 'show', address], { encoding: 'utf8' });
  return /lladdr ([0-9a-f:]+)/.exec(out)?.[1] ?? '';
}

/** Runs a command inside a namespace (e.g. ping from the client). */
export async function inNs(ns: string, command: string, args: readonly string[]): Promise<{ code: number; stdout: string }> {
  try {
    const { stdout } = await run('ip', ['netns', 'exec', ns, command, ...args]);
    return { code: 0, stdout };
  } catch (err) {
    const e = err as { code?: number; stdout?: string };
    return { code: typeof e.code === 'number' ? e.code : 1, stdout: e.stdout ?? '' };
  }
}
