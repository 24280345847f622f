// Scaling benchmark for decide() (not a test): 10 … 10,000 resources in groups of 5 over 4, 16 and
// 64 nodes, in steady state (everything online, nothing to do) and at cold start (everything wants
// to start). Target: 10,000 resources on 64 nodes under 50 ms, growth no faster than n·log n.
// Run: `node dist/bench/decide.bench.js`, or import and call run().
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import type { ClusterConfig, ClusterStatus, Resource, ResourceGroup, ResourceRuntime, ResourceType } from '../src/model/index.js';
import { groupName, initialStatus, nodeName, resourceName, typeName } from '../src/model/index.js';
import { decide } from '../src/policy/index.js';

export interface Measurement { readonly name: string; readonly value: number; readonly unit: string }

const type = (name: string, network: boolean): ResourceType => ({
  name: typeName(name), resourceType: name, rtVersion: '1', apiVersion: 2, failover: true, singleInstance: false, globalZone: false,
  proxy: false, rtSystem: false, initNodes: 'RG_PRIMARIES', installedNodes: '*', pkglist: [], isLogicalHostname: network,
  isSharedAddress: false, source: 'bench', properties: [],
  methods: { Start: 'bin/start', Stop: 'bin/stop', Monitor_start: 'bin/mstart', Monitor_stop: 'bin/mstop' },
});

/** `resources` resources in groups of 5 (an address, then a chain of four dependent services) over `nodes` nodes. */
export function buildCluster(resources: number, nodes: number): ClusterConfig {
  const nodeList = Array.from({ length: nodes }, (_, i) => ({ name: nodeName(`n${i + 1}`), id: i + 1, zones: [] }));
  const groups: ResourceGroup[] = [];
  const rs: Resource[] = [];
  const groupCount = Math.ceil(resources / 5);
  for (let g = 0; g < groupCount; g++) {
    const nodelist = [0, 1, 2].map((k) => `n${((g + k) % nodes) + 1}`);
    groups.push({ name: groupName(`rg${g}`), properties: { Nodelist: [...new Set(nodelist)] }, managed: true, suspended: false, flavor: 'resourceGroup' });
    for (let k = 0; k < 5 && rs.length < resources; k++) {
      const name = `rg${g}-r${k}`;
      rs.push({
        name: resourceName(name), type: typeName(k === 0 ? 'lh' : 'app'), group: groupName(`rg${g}`),
        properties: k >= 2 ? { Resource_dependencies: [`rg${g}-r${k - 1}`] } : {}, extension: {}, perNode: {}, enabled: true, monitored: true,
      });
    }
  }
  return { clusterName: 'bench', generation: 1, nodes: nodeList, types: [type('lh', true), type('app', false)], groups, resources: rs };
}

/** Every resource ONLINE on the first node of its group's Nodelist. */
export function steadyStatus(config: ClusterConfig): ClusterStatus {
  const base = initialStatus(config, 0);
  const first = new Map(config.groups.map((g) => [g.name as string, (g.properties['Nodelist'] as string[])[0] ?? 'n1']));
  const resources: Record<string, ResourceRuntime> = {};
  for (const r of config.resources) {
    const t = first.get(r.group) ?? 'n1';
    resources[r.name] = { targets: { [t]: { state: 'ONLINE', status: 'OK', sinceMs: 0, lastMethod: 'Monitor_start' } } };
  }
  const groups = Object.fromEntries(config.groups.map((g) => [g.name, { desire: 'unset' as const, failures: [], arrivedAtMs: { [first.get(g.name) ?? 'n1']: 0 }, lastOnline: [first.get(g.name) ?? 'n1'] }]));
  return { ...base, resources, groups };
}

/**
 * Median wall-clock and CPU milliseconds of `fn`. CPU time (user + system of this process, GC
 * threads included) is what to compare on a busy machine, where wall time also counts waiting.
 */
function median(fn: () => void, runs: number): { wallMs: number; cpuMs: number } {
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    fn();
    wall.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  const mid = (xs: number[]): number => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
  return { wallMs: mid(wall), cpuMs: mid(cpu) };
}

export async function run(): Promise<Measurement[]> {
  const out: Measurement[] = [];
  for (const nodes of [4, 16, 64]) {
    for (const size of [10, 100, 1000, 10_000]) {
      const config = buildCluster(size, nodes);
      const steady = steadyStatus(config);
      const cold = initialStatus(config, 0);
      const runs = size >= 10_000 ? 7 : size >= 1000 ? 15 : 41;
      decide({ config, status: steady, now: 1 }); // warm the per-config index
      const steadyT = median(() => decide({ config, status: steady, now: 1 }), runs);
      const check = decide({ config, status: steady, now: 1 });
      if (check.actions.length !== 0) throw new Error(`steady state should be quiet, got ${check.actions.length} actions`);
      const coldT = median(() => decide({ config, status: cold, now: 1 }), runs);
      const freshT = median(() => decide({ config: { ...config }, status: steady, now: 1 }), Math.max(3, Math.floor(runs / 3)));
      for (const [what, t] of [['steady', steadyT], ['cold start', coldT], ['steady, new config object', freshT]] as const) {
        out.push({ name: `${what} ${size} resources / ${nodes} nodes (wall)`, value: round(t.wallMs), unit: 'ms' });
        out.push({ name: `${what} ${size} resources / ${nodes} nodes (cpu)`, value: round(t.cpuMs), unit: 'ms' });
      }
    }
  }
  return out;
}

const round = (x: number): number => Math.round(x * 100) / 100;

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const rows = await run();
  const width = Math.max(...rows.map((r) => r.name.length));
  for (const r of rows) console.log(`${r.name.padEnd(width)}  ${String(r.value).padStart(9)} ${r.unit}`);
}
