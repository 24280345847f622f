import { execFile } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, readlinkSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { missingNamespace, type NamespaceSpec } from '../method-runner/index.js';

const run = promisify(execFile);

export interface NodeSandboxOptions {
  readonly node: string;
  /** An existing `ip netns` namespace that is this node's network stack (made by whoever built the network). */
  readonly netns?: string;
  /**
   * Give the node its own persistent mount namespace, kept as the file `<dir>/<node>`. `dir` is
   * shared by the nodes of one cluster and made a private bind mount of itself (a mount namespace
   * file may not live on a shared mount). Needs root.
   */
  readonly mountNamespaceDir?: string;
  readonly log: (line: string) => void;
}

interface BootAddress { readonly dev: string; readonly cidr: string; readonly family: 'inet' | 'inet6' }
interface BootRoute { readonly family: '-4' | '-6'; readonly dst: string; readonly gateway?: string; readonly dev?: string }
interface NetworkBoot { readonly upLinks: readonly string[]; readonly addresses: readonly BootAddress[]; readonly routes: readonly BootRoute[] }

interface IpLink { ifname: string; flags?: string[]; addr_info?: { family: string; local: string; prefixlen: number; scope: string }[] }
interface IpRoute { dst: string; gateway?: string; dev?: string; protocol?: string }

/**
 * A virtual node's own Linux namespaces in the embedded cluster, so that "node" means something for
 * addresses and mounts: methods and PMF commands run inside them (see `namespaces`), and a crash of
 * the virtual node acts like a machine losing power:
 *
 * - network: the node's links go down and every global address on them is removed at once, before
 *   the node's membership is lost (a dead machine answers no ARP, so the survivor's duplicate-address
 *   check passes and an address is never live on two nodes). `boot()` after a crash brings back the
 *   boot configuration: the links that were up, the addresses and the non-kernel routes seen when
 *   this process first booted the node. (An agent that starts while groups are online, after a
 *   restart of `ferry up`, takes their addresses for boot configuration too: a later crash leaves them
 *   on the downed links.)
 * - mounts: the node's mount namespace is dropped; once its processes are killed the kernel unmounts
 *   everything mounted in it. `boot()` makes a fresh one. A real crash loses unwritten data; here the
 *   kernel unmounts cleanly, so only "fsynced before the crash" is a meaningful guarantee to test.
 */
export class NodeSandbox {
  private networkBoot: NetworkBoot | undefined;
  private networkDown = false;

  constructor(private readonly o: NodeSandboxOptions) {}

  /** Path of the node's mount namespace file, when it has one. */
  get mountNamespaceFile(): string | undefined {
    return this.o.mountNamespaceDir === undefined ? undefined : join(this.o.mountNamespaceDir, this.o.node);
  }

  /** Where the node's methods and PMF commands run. */
  get namespaces(): NamespaceSpec {
    const mountns = this.mountNamespaceFile;
    return { ...(this.o.netns === undefined ? {} : { netns: this.o.netns }), ...(mountns === undefined ? {} : { mountns }) };
  }

  /** Power on: the network's boot configuration back after a crash; a mount namespace if there is none. */
  async boot(): Promise<void> {
    const missing = this.o.netns === undefined ? undefined : await missingNamespace({ netns: this.o.netns });
    if (missing !== undefined) throw new Error(`node ${this.o.node}: ${missing}`);
    if (this.o.netns !== undefined) {
      if (this.networkDown && this.networkBoot !== undefined) await this.restoreNetwork(this.o.netns, this.networkBoot);
      else if (this.networkBoot === undefined) this.networkBoot = await this.readNetwork(this.o.netns);
      this.networkDown = false;
    }
    const file = this.mountNamespaceFile;
    if (file !== undefined && this.o.mountNamespaceDir !== undefined && !isNsMount(file)) {
      await this.createMountNamespace(this.o.mountNamespaceDir, file).catch((err: Error) => {
        throw new Error(`node ${this.o.node}: cannot make its own mount namespace (needs root, util-linux unshare): ${err.message.trim()}`);
      });
    }
  }

  /** Crash, network part: every link down, every global address gone. */
  async powerOffNetwork(): Promise<void> {
    const ns = this.o.netns;
    if (ns === undefined) return;
    this.networkBoot ??= await this.readNetwork(ns);
    this.networkDown = true;
    for (const link of await this.links(ns)) {
      if (link.ifname === 'lo') continue;
      await this.ip(ns, ['link', 'set', 'dev', link.ifname, 'down']);
      await this.ip(ns, ['addr', 'flush', 'dev', link.ifname, 'scope', 'global']);
    }
  }

  /**
   * Crash: SIGKILLs every process inside the node's mount namespace, also those that do not carry
   * the node's FERRY_* environment (a shell someone entered with nsenter): a machine that dies takes
   * all its processes with it, and a process left in the namespace would keep its mounts alive.
   * (Processes that only joined the node's network namespace, like `ip -n NS` queries, are left
   * alone: with the links down they reach nothing.) Returns how many were killed.
   */
  async killInside(): Promise<number> {
    const file = this.mountNamespaceFile;
    if (file === undefined || !isNsMount(file)) return 0;
    const id = `mnt:[${statSync(file).ino}]`;
    let killed = 0;
    for (let round = 0; round < 5; round++) {
      const pids = readdirSync('/proc').filter((e) => /^\d+$/.test(e) && Number(e) !== process.pid).filter((pid) => {
        try { return readlinkSync(`/proc/${pid}/ns/mnt`) === id; } catch { return false; /* gone, or not ours to read */ }
      });
      if (pids.length === 0) break;
      for (const pid of pids) {
        try { process.kill(Number(pid), 'SIGKILL'); killed++; } catch { /* gone */ }
      }
      await new Promise((r) => setTimeout(r, 20));
    }
    return killed;
  }

  /** Crash, mount part (call after the node's processes are dead): the mount namespace and its mounts go. */
  async discardMounts(): Promise<void> {
    const file = this.mountNamespaceFile;
    if (file === undefined || !isNsMount(file)) return;
    await run('umount', [file]).catch((err: Error) => this.o.log(`node ${this.o.node}: cannot drop its mount namespace ${file}: ${err.message}`));
  }

  private async createMountNamespace(dir: string, file: string): Promise<void> {
    mkdirSync(dir, { recursive: true });
    if (!isMountPoint(dir)) {
      await run('mount', ['--bind', dir, dir]);
      await run('mount', ['--make-private', dir]);
    }
    writeFileSync(file, '');
    // Inside the new namespace: forget the other nodes' namespace files (a copy of their bind mount
    // would keep their namespaces alive) and, with a network namespace, show its devices in /sys.
    const inside = `umount -l '${dir}'${this.o.netns === undefined ? '' : ' && umount -l /sys && mount -t sysfs sysfs /sys'}`;
    const unshare = ['unshare', `--mount=${file}`, '--propagation', 'slave', 'sh', '-c', inside];
    if (this.o.netns === undefined) await run(unshare[0] as string, unshare.slice(1));
    else await run('nsenter', [`--net=/run/netns/${this.o.netns}`, ...unshare]);
    this.o.log(`node ${this.o.node}: own mount namespace ${file}`);
  }

  private async readNetwork(ns: string): Promise<NetworkBoot> {
    const links = await this.links(ns);
    const upLinks = links.filter((l) => l.ifname !== 'lo' && (l.flags ?? []).includes('UP')).map((l) => l.ifname);
    const addresses = links.filter((l) => l.ifname !== 'lo').flatMap((l) => (l.addr_info ?? [])
      .filter((a) => a.scope === 'global' && (a.family === 'inet' || a.family === 'inet6'))
      .map((a) => ({ dev: l.ifname, cidr: `${a.local}/${a.prefixlen}`, family: a.family as 'inet' | 'inet6' })));
    const routes: BootRoute[] = [];
    for (const family of ['-4', '-6'] as const) {
      const { stdout } = await run('ip', ['-n', ns, family, '-j', 'route', 'show']);
      for (const r of JSON.parse(stdout || '[]') as IpRoute[]) {
        if (r.protocol === 'kernel' || r.protocol === 'ra') continue;
        routes.push({ family, dst: r.dst, ...(r.gateway === undefined ? {} : { gateway: r.gateway }), ...(r.dev === undefined ? {} : { dev: r.dev }) });
      }
    }
    return { upLinks, addresses, routes };
  }

  private async restoreNetwork(ns: string, boot: NetworkBoot): Promise<void> {
    for (const dev of boot.upLinks) await this.ip(ns, ['link', 'set', 'dev', dev, 'up']);
    for (const a of boot.addresses) await this.ip(ns, ['addr', 'replace', a.cidr, 'dev', a.dev, ...(a.family === 'inet6' ? ['nodad'] : [])]);
    for (const r of boot.routes) {
      await this.ip(ns, [r.family, 'route', 'replace', r.dst, ...(r.gateway === undefined ? [] : ['via', r.gateway]), ...(r.dev === undefined ? [] : ['dev', r.dev])]);
    }
  }

  private async links(ns: string): Promise<IpLink[]> {
    const { stdout } = await run('ip', ['-n', ns, '-j', 'addr', 'show']);
    return JSON.parse(stdout || '[]') as IpLink[];
  }

  private async ip(ns: string, args: readonly string[]): Promise<void> {
    await run('ip', ['-n', ns, ...args]).catch((err: Error) => this.o.log(`node ${this.o.node}: ip -n ${ns} ${args.join(' ')}: ${err.message.trim()}`));
  }
}

/** Mount points of this process's mount namespace (octal escapes of /proc/self/mountinfo decoded). */
function mounts(): { mountPoint: string; fsType: string }[] {
  return readFileSync('/proc/self/mountinfo', 'utf8').split('\n').filter(Boolean).map((line) => {
    const [left = '', right = ''] = line.split(' - ');
    return { mountPoint: decode(left.split(' ')[4] ?? ''), fsType: right.split(' ')[0] ?? '' };
  });
}

const decode = (s: string): string => s.replace(/\\([0-7]{3})/g, (_m, o: string) => String.fromCharCode(parseInt(o, 8)));
const isMountPoint = (path: string): boolean => mounts().some((m) => m.mountPoint === path);
const isNsMount = (path: string): boolean => mounts().some((m) => m.mountPoint === path && m.fsType === 'nsfs');
