/**
 * The key layout of Ferry's data in the Store (embedded or etcd). Everything lives under one root so
 * that several clusters can share an etcd. Values are JSON.
 *
 *   <root>/config/meta                 { clusterName, generation }  — CAS guard of every config change
 *   <root>/config/nodes/<node>         ClusterNode
 *   <root>/config/types/<type>         ResourceType
 *   <root>/config/groups/<group>       ResourceGroup
 *   <root>/config/resources/<res>      Resource
 *   <root>/status                      ClusterStatus (written by the RGM leader only)
 *   <root>/members/<node>              membership, attached to the node's lease
 *   <root>/leader                      { node, epoch } of the RGM leader, attached to its lease
 *   <root>/requests/<id>               admin and scha_control requests, consumed by the leader
 *   <root>/replies/<id>                the leader's answer to a request
 *   <root>/intents/<node>/<actionId>   methods a node agent must run (written by the leader)
 *   <root>/reports/<node>/<seq>        facts a node agent reports (method results, monitor failures)
 *   <root>/events/<seq>                the event log: what happened and why
 */
export const DEFAULT_ROOT = '/ferry';

export function layout(root: string = DEFAULT_ROOT) {
  return {
    root,
    config: `${root}/config/`,
    configMeta: `${root}/config/meta`,
    node: (n: string) => `${root}/config/nodes/${n}`,
    nodes: `${root}/config/nodes/`,
    type: (t: string) => `${root}/config/types/${t}`,
    types: `${root}/config/types/`,
    group: (g: string) => `${root}/config/groups/${g}`,
    groups: `${root}/config/groups/`,
    resource: (r: string) => `${root}/config/resources/${r}`,
    resources: `${root}/config/resources/`,
    status: `${root}/status`,
    members: `${root}/members/`,
    member: (n: string) => `${root}/members/${n}`,
    leader: `${root}/leader`,
    requests: `${root}/requests/`,
    request: (id: string) => `${root}/requests/${id}`,
    replies: `${root}/replies/`,
    reply: (id: string) => `${root}/replies/${id}`,
    intents: (n: string) => `${root}/intents/${n}/`,
    intent: (n: string, id: string) => `${root}/intents/${n}/${id}`,
    allIntents: `${root}/intents/`,
    reports: `${root}/reports/`,
    nodeReports: (n: string) => `${root}/reports/${n}/`,
    report: (n: string, seq: string) => `${root}/reports/${n}/${seq}`,
    events: `${root}/events/`,
    event: (seq: number) => `${root}/events/${String(seq).padStart(12, '0')}`,
  } as const;
}
export type Layout = ReturnType<typeof layout>;
