// A small cluster written straight into a memory store, for the scha and DSDL unit tests.
import type { ClusterConfig, ClusterStatus, Resource, ResourceGroup } from '../../model/index.js';
import { groupName, nodeName, resourceName, typeName, zoneName } from '../../model/index.js';
import { parseRtr } from '../../rtr/index.js';
import { configOps } from '../../store/config-repo.js';
import { openMemoryStore } from '../../store/index.js';
import { layout, type Layout } from '../../store/layout.js';
import type { Store } from '../../store/store.js';

export const APP_RTR = `
RESOURCE_TYPE = app; VENDOR_ID = test; RT_VERSION = 1; API_VERSION = 2; FAILOVER = TRUE;
RT_BASEDIR = /opt/app; RT_DESCRIPTION = "test app";
START = app_start; STOP = app_stop; MONITOR_START = app_mstart; MONITOR_STOP = app_mstop;
{ PROPERTY = Retry_count; DEFAULT = 2; }
{ PROPERTY = Retry_interval; DEFAULT = 600; }
{ PROPERTY = Thorough_probe_interval; DEFAULT = 5; }
{ PROPERTY = Port; EXTENSION; INT; DEFAULT = 8080; TUNABLE = ANYTIME; }
{ PROPERTY = Hosts; EXTENSION; STRINGARRAY; DEFAULT = "a", "b"; TUNABLE = ANYTIME; }
{ PROPERTY = Greeting; EXTENSION; STRING; PER_NODE; DEFAULT = "hi"; TUNABLE = ANYTIME; }
{ PROPERTY = Mode; EXTENSION; ENUM { fast, slow }; DEFAULT = fast; TUNABLE = ANYTIME; }
{ PROPERTY = Verbose; EXTENSION; BOOLEAN; DEFAULT = FALSE; TUNABLE = ANYTIME; }
`;

export const NOW_MS = 1_700_000_000_000;

export function appType() {
  const parsed = parseRtr(APP_RTR, 'app.rtr');
  if (!parsed.ok) throw new Error(parsed.errors.map((e) => e.message).join('; '));
  return parsed.type;
}

const group = (name: string, nodelist: string[]): ResourceGroup => ({
  name: groupName(name), properties: { Nodelist: nodelist, Pingpong_interval: 60 }, managed: true, suspended: false, flavor: 'resourceGroup',
});

const resource = (name: string, grp: string, extra: Partial<Resource> = {}): Resource => ({
  name: resourceName(name), type: typeName('test.app:1'), group: groupName(grp), properties: {}, extension: {}, perNode: {}, enabled: true, monitored: true, ...extra,
});

/** Nodes n1 (id 1) and n2 (id 2, zone z1); rg1 on n1,n2 with r1 (depends on r2) and r2; rg2 in n2:z1 with r3. */
export function fixtureConfig(): ClusterConfig {
  return {
    clusterName: 'testc', generation: 1,
    nodes: [{ name: nodeName('n1'), id: 1, zones: [] }, { name: nodeName('n2'), id: 2, zones: [zoneName('z1')] }],
    types: [appType()],
    groups: [group('rg1', ['n1', 'n2']), group('rg2', ['n2:z1'])],
    resources: [
      resource('r1', 'rg1', { properties: { Resource_dependencies: ['r2{LOCAL_NODE}'], Retry_count: 3 }, extension: { Port: 9000 }, perNode: { Greeting: { [nodeName('n2')]: 'hej' } } }),
      resource('r2', 'rg1', { monitored: false }),
      resource('r3', 'rg2'),
    ],
  };
}

/** r1 and r2 online on n1 (r1 status OK "fine"), one recent and one old restart; n2 down. */
export function fixtureStatus(): ClusterStatus {
  const up = (message?: string) => ({ state: 'ONLINE' as const, status: 'OK' as const, sinceMs: NOW_MS - 5000, ...(message ? { statusMessage: message } : {}) });
  return {
    seq: 10, atMs: NOW_MS, zones: {}, pending: [],
    nodes: { n1: { state: 'UP', sinceMs: 0, fenced: false }, n2: { state: 'DOWN', sinceMs: 0, fenced: false } },
    resources: {
      r1: { targets: { n1: up('fine') }, restartsMs: { n1: [NOW_MS - 1000, NOW_MS - 10_000_000] } },
      r2: { targets: { n1: up() } },
    },
    groups: { rg1: { desire: 'online', failures: [], restartsMs: { n1: [NOW_MS - 5] } } },
  };
}

export async function fixtureStore(): Promise<{ store: Store; keys: Layout }> {
  const store = await openMemoryStore();
  const keys = layout();
  const empty: ClusterConfig = { clusterName: 'testc', generation: 0, nodes: [], types: [], groups: [], resources: [] };
  await store.txn({ compare: [], success: [...configOps(keys, empty, fixtureConfig()), { kind: 'put', key: keys.status, value: JSON.stringify(fixtureStatus()) }] });
  return { store, keys };
}

/** Stands in for the node agent + RGM for setstatus: folds the report into the stored status at once. */
export function foldingReporter(store: Store, keys: Layout): { reports: { resource: string; target: string; status: string; message: string }[]; report: (r: { resource: string; target: string; status: 'OK' | 'DEGRADED' | 'FAULTED' | 'UNKNOWN' | 'OFFLINE'; message: string }) => Promise<void> } {
  const reports: { resource: string; target: string; status: string; message: string }[] = [];
  return {
    reports,
    report: async (r) => {
      reports.push({ ...r });
      const s = JSON.parse((await store.get(keys.status))?.value ?? '{}') as ClusterStatus;
      const old = s.resources[r.resource];
      const entry = { ...(old?.targets[r.target] ?? { state: 'OFFLINE' as const, sinceMs: 0 }), status: r.status, ...(r.message ? { statusMessage: r.message } : {}) };
      if (!r.message) delete (entry as { statusMessage?: string }).statusMessage;
      const next = { ...s, resources: { ...s.resources, [r.resource]: { ...old, targets: { ...(old?.targets ?? {}), [r.target]: entry } } } };
      await store.txn({ compare: [], success: [{ kind: 'put', key: keys.status, value: JSON.stringify(next) }] });
    },
  };
}

/** A stand-in RGM leader: answers every scha-control request with `reply(request)` (done at once). */
export function fakeLeader(store: Store, keys: Layout, reply: (req: { tag: string; target: string; resource: string }) => object) {
  const seen: { tag: string; target: string; resource: string; group: string }[] = [];
  const w = store.watch(keys.requests, 1, (events) => {
    for (const e of events) {
      if (e.kind !== 'put') continue;
      const req = JSON.parse(e.value) as { requestId: string; tag: string; target: string; resource: string; group: string };
      seen.push(req);
      void store.txn({ compare: [], success: [{ kind: 'delete', key: e.key }, { kind: 'put', key: keys.reply(req.requestId), value: JSON.stringify({ done: true, ...reply(req) }) }] });
    }
  });
  return { seen, stop: () => w.cancel() };
}
