import type { ClusterNode } from '../../model/index.js';
import { SchaError } from './errors.js';
import { targetArg, targetsOfGroup, type Caller, type SchaSnapshot } from './lookup.js';
import type { SchaGetRequest, SchaValue } from './wire.js';

/** The syslog facility agents log to (`logger -p $(scha_cluster_get -O SYSLOG_FACILITY).err`). */
export const SYSLOG_FACILITY = 'daemon';

const privateHostname = (n: ClusterNode): string => `clusternode${n.id}-priv`;

/**
 * scha_cluster_get -O optag [args] (spec §5.5): node names, ids and states, the cluster name, all
 * groups and types, the caller's zone, the syslog facility. Inside a non-global zone only the groups
 * that may run in that zone are listed.
 */
export function clusterGet(snap: SchaSnapshot, caller: Caller, req: SchaGetRequest): SchaValue {
  const optag = req.optag.toUpperCase();
  const nodes = [...snap.config.nodes].sort((a, b) => a.id - b.id);
  const want = (n: number, what: string): string[] => {
    if (req.args.length !== n) throw new SchaError('SCHA_ERR_INVAL', n === 0 ? `${optag} takes no operand (got "${req.args.join(' ')}")` : `${optag} needs ${what} as operand`);
    return [...req.args];
  };
  const byName = (text: string | undefined): ClusterNode => {
    const target = targetArg(snap, text, optag);
    return nodes.find((n) => n.name === target.split(':')[0]) as ClusterNode;
  };
  const byId = (text: string | undefined): ClusterNode => {
    const n = /^[0-9]+$/.test(text ?? '') ? nodes.find((x) => x.id === Number(text)) : undefined;
    if (!n) throw new SchaError('SCHA_ERR_NODE', `no cluster node has id ${text ?? ''}`);
    return n;
  };
  const self = (): ClusterNode => {
    const n = nodes.find((x) => x.name === caller.node);
    if (!n) throw new SchaError('SCHA_ERR_NODE', `this node (${caller.node}) is not in the cluster configuration`);
    return n;
  };
  const state = (n: ClusterNode): SchaValue => ({ kind: 'enum', value: snap.status?.nodes[n.name]?.state ?? (n.name === caller.node ? 'UP' : 'DOWN') });
  const zonesOf = (n: ClusterNode, withGlobal: boolean): string[] => [...(withGlobal ? [n.name] : []), ...n.zones.map((z) => `${n.name}:${z}`)];
  switch (optag) {
    case 'NODENAME_LOCAL': want(0, ''); return { kind: 'string', value: self().name };
    case 'NODEID_LOCAL': want(0, ''); return { kind: 'int', value: self().id };
    case 'NODESTATE_LOCAL': want(0, ''); return state(self());
    case 'NODENAME_NODEID': return { kind: 'string', value: byId(want(1, 'a node id')[0]).name };
    case 'NODEID_NODENAME': return { kind: 'int', value: byName(want(1, 'a node name')[0]).id };
    case 'NODESTATE_NODE': return state(byName(want(1, 'a node name')[0]));
    case 'ALL_NODENAMES': want(0, ''); return { kind: 'array', values: nodes.map((n) => n.name) };
    case 'ALL_NODEIDS': want(0, ''); return { kind: 'array', values: nodes.map((n) => String(n.id)) };
    case 'CLUSTERNAME': want(0, ''); return { kind: 'string', value: snap.config.clusterName };
    case 'ALL_RESOURCEGROUPS':
      want(0, '');
      return { kind: 'array', values: snap.config.groups.filter((g) => caller.zone === 'global' || targetsOfGroup(snap.config, g.name).includes(caller.target)).map((g) => g.name) };
    case 'ALL_RESOURCETYPES': want(0, ''); return { kind: 'array', values: snap.config.types.map((t) => t.name) };
    case 'ZONE_LOCAL': want(0, ''); return { kind: 'string', value: caller.zone };
    case 'SYSLOG_FACILITY': want(0, ''); return { kind: 'string', value: SYSLOG_FACILITY };
    case 'PRIVATELINK_HOSTNAME_LOCAL': want(0, ''); return { kind: 'string', value: privateHostname(self()) };
    case 'PRIVATELINK_HOSTNAME_NODE': return { kind: 'string', value: privateHostname(byName(want(1, 'a node name')[0])) };
    case 'ALL_PRIVATELINK_HOSTNAMES': want(0, ''); return { kind: 'array', values: nodes.map(privateHostname) };
    case 'ALL_ZONES': want(0, ''); return { kind: 'array', values: nodes.flatMap((n) => zonesOf(n, true)) };
    case 'ALL_NONGLOBAL_ZONES': want(0, ''); return { kind: 'array', values: nodes.flatMap((n) => zonesOf(n, false)) };
    case 'ALL_ZONES_NODEID': return { kind: 'array', values: zonesOf(byId(want(1, 'a node id')[0]), true) };
    case 'ALL_NONGLOBAL_ZONES_NODEID': return { kind: 'array', values: zonesOf(byId(want(1, 'a node id')[0]), false) };
    default: throw new SchaError('SCHA_ERR_TAG', `${req.optag} is not a cluster optag`);
  }
}
