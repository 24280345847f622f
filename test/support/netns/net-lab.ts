import { execFileSync, spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { randomBytes } from 'node:crypto';

/**
 * A small network of "machines" on this host for multi-machine tests: one network namespace per
 * machine, each joined by a veth pair to a bridge in the root namespace, which also has an address
 * so the test itself can reach every machine. Names carry a random id, so runs never collide, and
 * `destroy()` (also run at process exit) deletes exactly what `createNetLab` created. Needs root.
 *
 *   root ns: bridge fb<id> 10.A.B.254/24
 *   machine i: namespace ferry-<id>-<i>, eth0 10.A.B.(i+1)/24 — root side veth fv<id><i>
 */
export interface NetLab {
  readonly id: string;
  readonly machines: readonly LabMachine[];
  /** Cuts machine i off the network (its link to the bridge goes down): a partition of one. */
  cut(i: number): void;
  /** Reconnects machine i. */
  heal(i: number): void;
  /** Deletes the namespaces, veth pairs and the bridge (processes inside must be ended first). */
  destroy(): void;
}

export interface LabMachine {
  readonly index: number;
  readonly netns: string;
  readonly ip: string;
  /** Starts a program inside this machine's namespace (`ip netns exec` execs it: the PID is the program's). */
  spawn(command: string, args: readonly string[], options?: SpawnOptions): ChildProcess;
}

const ip = (...args: string[]): void => {
  execFileSync('ip', args, { stdio: ['ignore', 'ignore', 'pipe'] });
};

/** Why network namespaces cannot be used here, or undefined when they can. */
export function netnsMissing(): string | undefined {
  if (process.getuid?.() !== 0) return 'multi-machine tests need root (network namespaces, veth pairs, a bridge)';
  try {
    execFileSync('ip', ['-V'], { stdio: 'ignore' });
  } catch {
    return 'the ip command (iproute2) is missing: apt-get install -y iproute2';
  }
  return undefined;
}

function freeSubnet(): string {
  const used = execFileSync('ip', ['-4', '-o', 'addr', 'show'], { encoding: 'utf8' }) + execFileSync('ip', ['-4', 'route', 'show'], { encoding: 'utf8' });
  for (let attempt = 0; attempt < 50; attempt++) {
    const b = randomBytes(2);
    const subnet = `10.${200 + ((b[0] ?? 0) % 50)}.${(b[1] ?? 0) % 250}`;
    if (!used.includes(`${subnet}.`)) return subnet;
  }
  throw new Error('no free 10.x.y.0/24 subnet found for the test network');
}

const live = new Set<NetLab>();
let isExitHookSet = false;

export function createNetLab(count: number): NetLab {
  const missing = netnsMissing();
  if (missing !== undefined) throw new Error(missing);
  if (!isExitHookSet) {
    isExitHookSet = true;
    process.on('exit', () => {
      for (const lab of live) lab.destroy();
    });
  }
  const id = randomBytes(3).toString('hex').slice(0, 5);
  const subnet = freeSubnet();
  const bridge = `fb${id}`;
  const machines: LabMachine[] = [];
  const created: { netns: string[]; links: string[] } = { netns: [], links: [] };
  let isDestroyed = false;
  const lab: NetLab = {
    id,
    machines,
    cut: (i) => ip('link', 'set', `fv${id}${i}`, 'down'),
    heal: (i) => ip('link', 'set', `fv${id}${i}`, 'up'),
    destroy: () => {
      if (isDestroyed) return;
      isDestroyed = true;
      live.delete(lab);
      for (const ns of created.netns) {
        try { ip('netns', 'del', ns); } catch { /* already gone */ }
      }
      for (const link of created.links) {
        try { ip('link', 'del', link); } catch { /* went with its namespace */ }
      }
    },
  };
  live.add(lab);
  try {
    ip('link', 'add', bridge, 'type', 'bridge');
    created.links.push(bridge);
    ip('addr', 'add', `${subnet}.254/24`, 'dev', bridge);
    ip('link', 'set', bridge, 'up');
    for (let i = 0; i < count; i++) {
      const netns = `ferry-${id}-${i}`;
      const host = `fv${id}${i}`;
      const peer = `fp${id}${i}`;
      ip('netns', 'add', netns);
      created.netns.push(netns);
      ip('link', 'add', host, 'type', 'veth', 'peer', 'name', peer);
      created.links.push(host);
      ip('link', 'set', peer, 'netns', netns);
      ip('-n', netns, 'link', 'set', peer, 'name', 'eth0');
      const addr = `${subnet}.${i + 1}`;
      ip('-n', netns, 'addr', 'add', `${addr}/24`, 'dev', 'eth0');
      ip('-n', netns, 'link', 'set', 'eth0', 'up');
      ip('-n', netns, 'link', 'set', 'lo', 'up');
      ip('link', 'set', host, 'master', bridge);
      ip('link', 'set', host, 'up');
      machines.push({
        index: i, netns, ip: addr,
        spawn: (command, args, options = {}) => spawn('ip', ['netns', 'exec', netns, command, ...args], options),
      });
    }
  } catch (err) {
    lab.destroy();
    throw err;
  }
  return lab;
}
