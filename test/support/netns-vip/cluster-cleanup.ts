import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { RunningCluster } from '../ferry-process.js';

/**
 * Processes started by a test cluster's virtual nodes: every live process whose environment has the
 * cluster's FERRY_CLUSTER id (read from `<data>/cluster-id`). They are ours by construction.
 */
export function clusterProcesses(dataDir: string): number[] {
  let id: string;
  try {
    id = readFileSync(join(dataDir, 'cluster-id'), 'utf8').trim();
  } catch {
    return [];
  }
  const want = `FERRY_CLUSTER=${id}`;
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      if (readFileSync(`/proc/${entry}/environ`, 'utf8').split('\0').includes(want)) pids.push(Number(entry));
    } catch { /* gone */ }
  }
  return pids;
}

/** Mount points under `dir` in this process's mount namespace, deepest first. */
export function mountsUnder(dir: string): string[] {
  return readFileSync('/proc/self/mountinfo', 'utf8').split('\n').filter(Boolean)
    .map((l) => (l.split(' ')[4] ?? '').replace(/\\([0-7]{3})/g, (_m, o: string) => String.fromCharCode(parseInt(o, 8))))
    .filter((m) => m === dir || m.startsWith(`${dir}/`))
    .sort((a, b) => b.length - a.length);
}

/**
 * Ends a test cluster completely: the `ferry up` process (SIGKILL), every process its nodes started
 * (by PID, found by the cluster id), the nodes' mount namespace files, then the data directory
 * (kept with FERRY_TEST_KEEP=1).
 */
export async function destroyCluster(cluster: RunningCluster): Promise<void> {
  await cluster.kill9();
  for (let round = 0; round < 5; round++) {
    const pids = clusterProcesses(cluster.dataDir);
    if (pids.length === 0) break;
    for (const pid of pids) {
      try { process.kill(pid, 'SIGKILL'); } catch { /* gone */ }
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  for (const m of mountsUnder(cluster.dataDir)) {
    try { execFileSync('umount', ['-l', m], { stdio: 'ignore' }); } catch { /* not mounted any more */ }
  }
  // FERRY_TEST_KEEP=1 keeps the data directory (method logs) for a look after a failure.
  if (process.env['FERRY_TEST_KEEP'] === '1') process.stderr.write(`# kept ${cluster.dataDir}\n`);
  else rmSync(cluster.dataDir, { recursive: true, force: true });
}
