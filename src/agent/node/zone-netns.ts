import { execFile } from 'node:child_process';
import { readdir, readFile, readlink, stat } from 'node:fs/promises';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * A zone is a Linux network namespace on its node, named as `ip netns` names it (a file under
 * /run/netns). Without an explicit name the node agent makes (and removes) one named from the
 * process mark of the cluster, the node and the zone, so that two clusters (or two test runs) on
 * one machine never share a zone: `fz-<first 8 characters of the mark>-<node>-<zone>`.
 */
export function defaultZoneNetns(clusterId: string, node: string, zone: string): string {
  return `fz-${clusterId.slice(0, 8)}-${node}-${zone}`;
}

/**
 * The namespace inode of an `ip netns` name (what /proc/PID/ns/net links to), or undefined when
 * there is none. Any other failure to look (EMFILE, EACCES …) throws: it says nothing about the zone.
 */
export async function netnsInode(name: string): Promise<number | undefined> {
  try {
    return (await stat(`/run/netns/${name}`)).ino;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw err;
  }
}

/** `ip netns add NAME` with its loopback up (a zone boot); needs root. */
export async function createNetns(name: string): Promise<void> {
  await run('ip', ['netns', 'add', name]);
  await run('ip', ['-n', name, 'link', 'set', 'lo', 'up']);
}

/** `ip netns del NAME`; a namespace already gone is fine. */
export async function deleteNetns(name: string): Promise<void> {
  if ((await netnsInode(name)) === undefined) return;
  await run('ip', ['netns', 'del', name]);
}

/**
 * Processes of one virtual node (FERRY_CLUSTER and FERRY_NODE in their environment) that live in
 * the network namespace with inode `inode`: what a zone that went away leaves behind.
 */
export async function processesInNetns(clusterId: string, node: string, inode: number): Promise<number[]> {
  const want = `net:[${inode}]`;
  const out: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      if ((await readlink(`/proc/${entry}/ns/net`)) !== want) continue;
      const env = (await readFile(`/proc/${entry}/environ`, 'utf8')).split('\0');
      if (env.includes(`FERRY_CLUSTER=${clusterId}`) && env.includes(`FERRY_NODE=${node}`)) out.push(Number(entry));
    } catch {
      // gone, or not ours to read
    }
  }
  return out;
}

/** SIGKILLs what processesInNetns finds, a few rounds (children forked meanwhile); resolves with the count. */
export async function killProcessesInNetns(clusterId: string, node: string, inode: number): Promise<number> {
  let killed = 0;
  for (let round = 0; round < 5; round++) {
    const pids = await processesInNetns(clusterId, node, inode);
    if (pids.length === 0) break;
    for (const pid of pids) {
      try { process.kill(pid, 'SIGKILL'); killed++; } catch { /* already gone */ }
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  return killed;
}
