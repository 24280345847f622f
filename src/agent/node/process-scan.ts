import { readdir, readFile } from 'node:fs/promises';

/**
 * Every live process whose environment carries `FERRY_CLUSTER=<clusterId>` and `FERRY_NODE=<node>`:
 * the processes a virtual node started (methods, monitors and the daemons they left running), even
 * those that left the method's process group with setsid. Linux /proc only.
 */
export async function findNodeProcesses(clusterId: string, node: string, extra: (env: readonly string[]) => boolean = () => true): Promise<number[]> {
  const wantCluster = `FERRY_CLUSTER=${clusterId}`;
  const wantNode = `FERRY_NODE=${node}`;
  const out: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      const env = (await readFile(`/proc/${entry}/environ`, 'utf8')).split('\0');
      if (env.includes(wantCluster) && env.includes(wantNode) && extra(env)) out.push(Number(entry));
    } catch {
      // the process ended, or is not ours to read
    }
  }
  return out;
}

/** SIGKILLs every process of a virtual node, as a machine crash would end them (no Stop runs). */
export async function killNodeProcesses(clusterId: string, node: string): Promise<number> {
  let killed = 0;
  for (let round = 0; round < 5; round++) {
    const pids = await findNodeProcesses(clusterId, node);
    if (pids.length === 0) break;
    for (const pid of pids) {
      try { process.kill(pid, 'SIGKILL'); killed++; } catch { /* already gone */ }
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  return killed;
}

/** Fault monitors a previous agent started under PMF (`*.mon` tags): nobody supervises them now. */
export async function killOrphanMonitors(clusterId: string, node: string): Promise<number> {
  const pids = await findNodeProcesses(clusterId, node, (env) => env.some((v) => v.startsWith('FERRY_PMF_TAG=') && v.endsWith('.mon')));
  for (const pid of pids) {
    try { process.kill(pid, 'SIGKILL'); } catch { /* gone */ }
  }
  return pids.length;
}
