import type { ClusterConfig, ResourceGroup } from '../../model/index.js';
import { anyGroupValue, formatNodeTarget, parseNodeTarget } from '../../model/index.js';
import { HvError } from './hv-client.js';

/** RMS names a cluster node's SysNode `<hostname>RMS` (primecluster §1.2). */
export const sysNodeName = (node: string): string => `${node}RMS`;

/** The cluster node a SysNode name (`n1RMS`) or plain node name (`n1`) means, or an error naming it. */
export function nodeOfSysNode(config: ClusterConfig, name: string): string {
  if (config.nodes.some((n) => n.name === name)) return name;
  const stripped = name.endsWith('RMS') ? name.slice(0, -3) : undefined;
  if (stripped !== undefined && config.nodes.some((n) => n.name === stripped)) return stripped;
  throw new HvError(`${name}: no such SysNode (SysNodes: ${config.nodes.map((n) => sysNodeName(n.name)).join(', ')})`);
}

/** The local SysNode: FERRY_NODE when it names a node (methods and scripts have it), else the first node. */
export function localNode(config: ClusterConfig, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const mine = env['FERRY_NODE'];
  if (mine !== undefined && config.nodes.some((n) => n.name === mine)) return mine;
  return config.nodes[0]?.name;
}

export function findApplication(config: ClusterConfig, name: string): ResourceGroup {
  const g = config.groups.find((x) => x.name === name);
  if (!g) throw new HvError(`${name}: no such userApplication`);
  return g;
}

/** The application's PriorityList (its Nodelist, or every node), most preferred first. */
export function priorityList(config: ClusterConfig, g: ResourceGroup): string[] {
  const v = anyGroupValue(g, 'Nodelist');
  const list = Array.isArray(v) && v.length > 0 ? (v as readonly string[]) : config.nodes.map((n) => n.name);
  return list.map((t) => formatNodeTarget(parseNodeTarget(t)));
}
