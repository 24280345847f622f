import type { ClusterConfig } from '../../model/index.js';
import { parseNodeTarget } from '../../model/index.js';
import { HV_EXIT, HvError, hvApi, readCluster, type ClusterState } from './hv-client.js';
import { nodeOfSysNode, sysNodeName } from './sysnode.js';

/** The SysNodes an hvshut / hvcm option names: `-s SysNode`, every node (`-a`), or the local one (FERRY_NODE). */
export function nodesFor(config: ClusterConfig, o: { readonly sysNode?: string; readonly all: boolean }, command: string): string[] {
  if (o.all) return config.nodes.map((n) => n.name);
  if (o.sysNode !== undefined) return [nodeOfSysNode(config, o.sysNode)];
  const mine = process.env['FERRY_NODE'];
  if (mine === undefined) throw new HvError(`the local SysNode is not known here (FERRY_NODE is not set); name it with ${command === 'hvcm' ? '-s SysNode or use -a' : '-s SysNode, or use -a'}`);
  return [nodeOfSysNode(config, mine)];
}

export const nodeUp = (c: ClusterState, node: string): boolean => c.view.nodes.find((n) => n.name === node)?.state === 'UP';

/** Applications (any group) that occupy one of `nodes`: not Offline, Faulted, Deact or Unknown there. */
export function busyOn(c: ClusterState, nodes: readonly string[]): { readonly group: string; readonly node: string; readonly state: string }[] {
  const out: { group: string; node: string; state: string }[] = [];
  for (const g of c.view.groups) {
    for (const p of g.perNode) {
      const node = parseNodeTarget(p.target).node;
      if (!nodes.includes(node) || p.state === 'OFFLINE' || p.state === 'UNMANAGED') continue;
      out.push({ group: g.name, node, state: p.rms?.state ?? p.state });
    }
  }
  return out;
}

/** Polls the cluster until `done` says yes; a string from `done` is a failure (HvError). */
export async function pollCluster(done: (c: ClusterState) => boolean | string, limitMs: number, what: string): Promise<ClusterState> {
  const deadline = Date.now() + limitMs;
  for (;;) {
    const c = await readCluster();
    const d = done(c);
    if (typeof d === 'string') throw new HvError(d);
    if (d) return c;
    if (Date.now() > deadline) throw new HvError(`${what}: not done after ${Math.round(limitMs / 1000)} s`, HV_EXIT.timeout);
    await new Promise((r) => setTimeout(r, 300));
  }
}

/**
 * Stops (`stop`) or starts (`start`) RMS — the node's agent — on a virtual node of the embedded
 * cluster. A cluster without that route (ferryd on real machines) cannot do it from here: false.
 */
export async function nodeAgent(node: string, action: 'stop' | 'start'): Promise<boolean> {
  try {
    await hvApi('POST', `/v1/nodes/${encodeURIComponent(node)}/${action}`);
    return true;
  } catch (err) {
    // No such route (ferryd serves no embedded node routes); a 404 about the node itself is an error.
    if (err instanceof HvError && err.httpStatus === 404 && !/no such virtual node/.test(err.message)) return false;
    throw new HvError(`${sysNodeName(node)}: ${(err as Error).message}`, err instanceof HvError ? err.exitCode : HV_EXIT.failed);
  }
}
