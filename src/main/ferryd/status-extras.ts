import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { FastifyInstance } from 'fastify';
import type { ClusterView, EtcdMemberView } from '../../api/view/cluster-view.js';
import type { MembershipInfo } from '../../control/self-fence.js';
import type { Layout } from '../../store/layout.js';
import type { Store } from '../../store/store.js';

export interface LocalState {
  readonly node: string;
  readonly membership: MembershipInfo;
  readonly isLeader: boolean;
  readonly epoch?: number;
}

export interface StatusExtrasDeps {
  readonly store: Store;
  readonly keys: Layout;
  readonly etcd: readonly string[];
  readonly tls: { readonly ca?: string; readonly cert?: string; readonly key?: string } | undefined;
  readonly local: () => LocalState;
}

const PEER_TIMEOUT_MS = 400;
const ETCD_TIMEOUT_MS = 700;

/**
 * ferryd's additions to the shared HTTP API: `GET /v1/local/membership` (this ferryd's lease as it
 * sees it), and in `GET /v1/status` each node's lease age (asked from that node's ferryd: the time
 * since the send time of its last acknowledged renewal, the figure its self-fencing runs on) and the
 * health of every etcd member.
 */
export function registerStatusExtras(app: FastifyInstance, deps: StatusExtrasDeps): void {
  app.get('/v1/local/membership', () => deps.local());
  app.addHook('preSerialization', async (req, reply, payload: unknown) => {
    if (req.method !== 'GET' || req.routeOptions.url !== '/v1/status' || reply.statusCode !== 200) return payload;
    const view = payload as ClusterView;
    const [ages, etcd] = await Promise.all([leaseAges(deps), Promise.all(deps.etcd.map((url) => etcdMember(url, deps.tls)))]);
    return {
      ...view,
      nodes: view.nodes.map((n) => {
        const age = ages.get(n.name);
        const { leaseAgeMs: _drop, ...rest } = n;
        return n.state === 'UP' && age !== undefined ? { ...rest, leaseAgeMs: Math.round(age) } : rest;
      }),
      etcd,
    } satisfies ClusterView;
  });
}

async function leaseAges(deps: StatusExtrasDeps): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  const self = deps.local();
  if (self.membership.leaseAgeMs !== undefined) out.set(self.node, self.membership.leaseAgeMs);
  let members: { key: string; value: string }[] = [];
  try {
    members = [...(await deps.store.list(deps.keys.members)).items];
  } catch {
    return out;
  }
  await Promise.all(members.map(async (kv) => {
    const node = kv.key.slice(deps.keys.members.length);
    if (node === self.node) return;
    const api = (JSON.parse(kv.value) as { api?: string }).api;
    if (api === undefined) return;
    try {
      const res = await fetch(`${api}/v1/local/membership`, { signal: AbortSignal.timeout(PEER_TIMEOUT_MS) });
      const body = (await res.json()) as Partial<LocalState>;
      if (body.membership?.leaseAgeMs !== undefined) out.set(node, body.membership.leaseAgeMs);
    } catch { /* that ferryd does not answer: no age shown */ }
  }));
  return out;
}

/** One etcd member's `/health` and, through its JSON gateway, whether it is the raft leader. */
export async function etcdMember(url: string, tls: StatusExtrasDeps['tls']): Promise<EtcdMemberView> {
  const base = (/^[a-z]+:\/\//i.test(url) ? url : `http://${url}`).replace(/\/$/, '');
  try {
    const health = JSON.parse(await httpText(`${base}/health`, 'GET', undefined, tls)) as { health?: string; reason?: string };
    const healthy = health.health === 'true';
    let role: { isLeader?: boolean; version?: string } = {};
    try {
      const st = JSON.parse(await httpText(`${base}/v3/maintenance/status`, 'POST', '{}', tls)) as { header?: { member_id?: string }; leader?: string; version?: string };
      role = { ...(st.leader !== undefined && st.header?.member_id !== undefined ? { isLeader: st.leader === st.header.member_id } : {}), ...(st.version ? { version: st.version } : {}) };
    } catch { /* no gateway: health only */ }
    return { endpoint: url, healthy, ...role, ...(healthy ? {} : { error: health.reason || 'no quorum or no leader' }) };
  } catch (err) {
    return { endpoint: url, healthy: false, error: (err as Error).message };
  }
}

function httpText(url: string, method: 'GET' | 'POST', body: string | undefined, tls: StatusExtrasDeps['tls']): Promise<string> {
  const isHttps = url.startsWith('https:');
  const request = isHttps ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = request(url, {
      method, timeout: ETCD_TIMEOUT_MS,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      ...(isHttps ? { ca: tls?.ca, cert: tls?.cert, key: tls?.key } : {}),
    }, (res) => {
      let text = '';
      res.on('data', (d: Buffer) => { text += d.toString(); });
      res.on('end', () => resolve(text));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`no answer within ${ETCD_TIMEOUT_MS} ms`)));
    req.on('error', reject);
    req.end(body);
  });
}
