// fast-check generators for random clusters and random sequences of facts. Dependencies, affinities
// and RG_dependencies only point at earlier resources and groups, so configurations are acyclic (as
// configuration validation guarantees); everything else is free.
import fc from 'fast-check';
import type { ClusterConfig, MethodName, PropertyValue, Resource, ResourceGroup, ResourceType, SchaControlTag } from '../../src/model/index.js';
import { groupName, nodeName, resourceName, typeName } from '../../src/model/index.js';

const TYPE_SHAPES: ReadonlyArray<{ name: string; methods: MethodName[]; network?: boolean }> = [
  { name: 'basic', methods: ['Start', 'Stop'] },
  { name: 'mon', methods: ['Start', 'Stop', 'Monitor_start', 'Monitor_stop'] },
  { name: 'full', methods: ['Prenet_start', 'Start', 'Stop', 'Postnet_stop', 'Monitor_start', 'Monitor_stop', 'Monitor_check'] },
  { name: 'net', methods: ['Start', 'Stop', 'Monitor_start', 'Monitor_stop'], network: true },
  { name: 'life', methods: ['Start', 'Stop', 'Init', 'Fini', 'Boot', 'Update'] },
];

const TYPES: ResourceType[] = TYPE_SHAPES.map((s) => ({
  name: typeName(s.name), resourceType: s.name, rtVersion: '1', apiVersion: 2, failover: true, singleInstance: false, globalZone: false,
  proxy: false, rtSystem: false, initNodes: 'RG_PRIMARIES', installedNodes: '*', pkglist: [], isLogicalHostname: s.network === true,
  isSharedAddress: false, methods: Object.fromEntries(s.methods.map((m) => [m, `bin/${m}`])), source: 'property-test',
  properties: [
    { name: 'Retry_count', extension: false, type: 'INT', default: 1, tunable: 'ANYTIME', perNode: false },
    { name: 'Retry_interval', extension: false, type: 'INT', default: 300, tunable: 'ANYTIME', perNode: false },
  ],
}));

const FLAVOURS = ['Resource_dependencies', 'Resource_dependencies_weak', 'Resource_dependencies_restart', 'Resource_dependencies_offline_restart'] as const;
const SCOPES = ['', '{LOCAL_NODE}', '{ANY_NODE}', '{from_rg_affinities}'] as const;
const AFFINITIES = ['+', '++', '+++', '-', '--'] as const;
const MODES = ['NONE', 'SOFT', 'HARD', 'RESTART_ONLY', 'LOG_ONLY'] as const;

const groupShape = fc.record({
  nodelist: fc.subarray([0, 1, 2, 3]).chain((xs) => fc.shuffledSubarray(xs, { minLength: xs.length, maxLength: xs.length })),
  scalable: fc.boolean(),
  failback: fc.boolean(),
  rms: fc.boolean(),
  autoSwitchOver: fc.constantFrom('No', 'HostFailure', 'HostFailure|ResourceFailure|ShutDown', 'ResourceFailure'),
  haltFlag: fc.constantFrom('yes', 'no'),
  affinity: fc.option(fc.tuple(fc.constantFrom(...AFFINITIES), fc.nat()), { nil: undefined }),
  rgDep: fc.option(fc.nat(), { nil: undefined }),
  resources: fc.array(fc.record({
    type: fc.nat({ max: TYPES.length - 1 }),
    mode: fc.constantFrom(...MODES),
    dep: fc.option(fc.tuple(fc.constantFrom(...FLAVOURS), fc.nat(), fc.constantFrom(...SCOPES)), { nil: undefined }),
  }), { minLength: 1, maxLength: 3 }),
});

export const clusterArb: fc.Arbitrary<ClusterConfig> = fc.record({
  nodeCount: fc.integer({ min: 2, max: 4 }),
  groups: fc.array(groupShape, { minLength: 1, maxLength: 4 }),
}).map(({ nodeCount, groups }) => {
  const nodes = Array.from({ length: nodeCount }, (_, i) => ({ name: nodeName(`n${i + 1}`), id: i + 1, zones: [] }));
  const rgs: ResourceGroup[] = [];
  const rs: Resource[] = [];
  groups.forEach((g, gi) => {
    const name = `g${gi + 1}`;
    const props: Record<string, PropertyValue> = {
      Nodelist: g.nodelist.filter((i) => i < nodeCount).map((i) => `n${i + 1}`),
      Failback: g.failback,
      Pingpong_interval: 600,
    };
    if (g.scalable && !g.rms) Object.assign(props, { RG_mode: 'Scalable', Maximum_primaries: 2, Desired_primaries: 2 });
    if (g.affinity && gi > 0) props['RG_affinities'] = [`${g.affinity[0]}g${(g.affinity[1] % gi) + 1}`];
    if (g.rgDep !== undefined && gi > 0) props['RG_dependencies'] = [`g${(g.rgDep % gi) + 1}`];
    if (g.rms) Object.assign(props, { AutoStartUp: 'yes', PartialCluster: 1, AutoSwitchOver: g.autoSwitchOver, HaltFlag: g.haltFlag });
    rgs.push({ name: groupName(name), properties: props, managed: true, suspended: false, flavor: g.rms ? 'userApplication' : 'resourceGroup' });
    g.resources.forEach((r, ri) => {
      const type = TYPES[r.type] as ResourceType;
      const properties: Record<string, PropertyValue> = { Failover_mode: r.mode };
      if (r.dep && rs.length > 0) {
        const target = rs[r.dep[1] % rs.length] as Resource;
        properties[r.dep[0]] = [`${target.name}${r.dep[2]}`];
      }
      rs.push({ name: resourceName(`${name}r${ri + 1}`), type: type.name, group: groupName(name), properties, extension: {}, perNode: {}, enabled: true, monitored: true });
    });
  });
  return { clusterName: 'prop', generation: 1, nodes, types: TYPES, groups: rgs, resources: rs };
});

/** One step of a random run; indexes are reduced modulo the current sizes when applied. */
export type Step =
  | { kind: 'complete'; pick: number[]; outcome: 'ok' | 'fail' | 'timeout' }
  | { kind: 'node'; what: 'down' | 'up' | 'fenced'; node: number }
  | { kind: 'admin'; what: 'online' | 'offline' | 'switch' | 'restart' | 'evacuate' | 'clear' | 'suspend' | 'resume' | 'shutdown'; group: number; node: number }
  | { kind: 'monitor'; resource: number; died: boolean }
  | { kind: 'scha'; tag: SchaControlTag; resource: number }
  | { kind: 'time'; seconds: number }
  | { kind: 'toggle'; resource: number };

export const stepArb: fc.Arbitrary<Step> = fc.oneof(
  { weight: 8, arbitrary: fc.record({ kind: fc.constant('complete' as const), pick: fc.array(fc.nat(), { maxLength: 4 }), outcome: fc.constantFrom('ok' as const, 'ok' as const, 'ok' as const, 'fail' as const, 'timeout' as const) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('node' as const), what: fc.constantFrom('down' as const, 'up' as const, 'fenced' as const), node: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('admin' as const), what: fc.constantFrom('online' as const, 'offline' as const, 'switch' as const, 'restart' as const, 'evacuate' as const, 'clear' as const, 'suspend' as const, 'resume' as const, 'shutdown' as const), group: fc.nat(), node: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('monitor' as const), resource: fc.nat(), died: fc.boolean() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('scha' as const), tag: fc.constantFrom<SchaControlTag>('GIVEOVER', 'RESTART', 'RESOURCE_RESTART', 'CHECK_GIVEOVER', 'RESOURCE_IS_RESTARTED', 'IGNORE_FAILED_START'), resource: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('time' as const), seconds: fc.integer({ min: 1, max: 900 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('toggle' as const), resource: fc.nat() }) },
);
