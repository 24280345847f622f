import { usageError } from '../cli/errors.js';

/**
 * `ferry up --zone-netns n1:z1=ns1,n1:z2=ns2` → { n1: { z1: 'ns1', z2: 'ns2' } }: zones that are
 * existing network namespaces (made with `ip netns add`; Ferry never makes or removes them). Every
 * node must be one of `nodes`, each zone at most once. The zones themselves are declared in the
 * configuration (`ferry node add n1 --zones z1`, or `nodes:` in cluster.yaml).
 */
export function parseZoneNetns(text: string, nodes: readonly string[]): Record<string, Record<string, string>> {
  const map: Record<string, Record<string, string>> = {};
  let count = 0;
  for (const item of text.split(',').map((s) => s.trim()).filter(Boolean)) {
    const m = /^([A-Za-z][\w.-]*):([A-Za-z][\w.-]*)=([A-Za-z0-9_.-]+)$/.exec(item);
    if (!m) throw usageError(`--zone-netns ${item}: expected node:zone=namespace, for example n1:z1=ferry-z1`);
    const [, node = '', zone = '', netns = ''] = m;
    if (!nodes.includes(node)) throw usageError(`--zone-netns: ${node} is not one of the nodes (${nodes.join(', ')})`);
    const zones = (map[node] ??= {});
    if (zones[zone] !== undefined) throw usageError(`--zone-netns: ${node}:${zone} is given twice`);
    zones[zone] = netns;
    count++;
  }
  if (count === 0) throw usageError('--zone-netns: give at least one node:zone=namespace');
  return map;
}
