// Test support (fast-check is a dev dependency): random valid configurations, built through
// applyChanges from changes a generator picks, for the diff and export round-trip properties.
import fc from 'fast-check';
import { emptyConfig, type ClusterConfig } from '../cluster-config.js';
import type { Assignment } from './assignment.js';
import type { ConfigChange } from './change.js';
import { build, TEST_TYPES } from './fixtures.js';

const NODE_NAMES = ['n1', 'n2', 'n3', 'n4'] as const;
const word = fc.stringMatching(/^[a-z][a-z0-9-]{0,6}$/);

const groupSpec = fc.record({
  nodelist: fc.subarray([...NODE_NAMES], { minLength: 1 }),
  failback: fc.option(fc.boolean(), { nil: undefined }),
  pingpongS: fc.option(fc.integer({ min: 0, max: 7200 }), { nil: undefined }),
  description: fc.option(fc.string({ maxLength: 12 }).filter((s) => !/[;\n\0]/.test(s)), { nil: undefined }),
  userApplication: fc.boolean(),
  managed: fc.boolean(),
  suspended: fc.boolean(),
});

const resourceSpec = fc.record({
  group: fc.nat(),
  retryCount: fc.option(fc.integer({ min: 0, max: 10 }), { nil: undefined }),
  port: fc.option(fc.integer({ min: 1024, max: 65535 }), { nil: undefined }),
  hosts: fc.option(fc.uniqueArray(word, { maxLength: 3 }), { nil: undefined }),
  greeting: fc.option(fc.string({ maxLength: 8 }).filter((s) => !/[;\n\0]/.test(s)), { nil: undefined }),
  greetingPerNode: fc.dictionary(fc.constantFrom(...NODE_NAMES), word, { maxKeys: 2 }),
  dependsOn: fc.option(fc.nat(), { nil: undefined }),
  enabled: fc.boolean(),
  monitored: fc.boolean(),
});

export const configSpec = fc.record({
  nodeCount: fc.integer({ min: 1, max: 4 }),
  zoned: fc.boolean(),
  /** A permutation seed for node ids, so ids are not always 1..n in order. */
  idOffset: fc.integer({ min: 0, max: 3 }),
  groups: fc.array(groupSpec, { maxLength: 3 }),
  resources: fc.array(resourceSpec, { maxLength: 5 }),
});
export type ConfigSpec = typeof configSpec extends fc.Arbitrary<infer T> ? T : never;

/** The changes that build the configuration a spec describes (always valid). */
export function specChanges(spec: ConfigSpec): ConfigChange[] {
  const nodes = NODE_NAMES.slice(0, spec.nodeCount);
  const out: ConfigChange[] = nodes.map((name, i) => ({
    kind: 'add-node', name, id: ((i + spec.idOffset) % spec.nodeCount) + 1, ...(spec.zoned && i === 0 ? { zones: ['z1'] } : {}),
  }));
  out.push(...TEST_TYPES.map((type): ConfigChange => ({ kind: 'register-type', type, trustGlobalZone: true })));
  const groups = spec.groups.map((g, i) => ({ ...g, name: `g${i}`, nodelist: g.nodelist.filter((n) => nodes.includes(n)) }));
  for (const g of groups) {
    const a: Assignment[] = [{ name: 'Nodelist', op: '=', value: g.nodelist.length > 0 ? g.nodelist : [nodes[0] ?? 'n1'] }];
    if (g.failback !== undefined) a.push({ name: 'Failback', op: '=', value: g.failback });
    if (g.pingpongS !== undefined) a.push({ name: 'Pingpong_interval', op: '=', value: g.pingpongS });
    if (g.description !== undefined) a.push({ name: 'RG_description', op: '=', value: g.description });
    out.push({ kind: 'create-group', name: g.name, flavor: g.userApplication ? 'userApplication' : 'resourceGroup', assignments: a });
  }
  if (groups.length > 0) {
    spec.resources.forEach((r, i) => {
      const a: Assignment[] = [];
      if (r.retryCount !== undefined) a.push({ name: 'Retry_count', op: '=', value: r.retryCount });
      if (r.port !== undefined) a.push({ name: 'Port', op: '=', value: String(r.port) });
      if (r.hosts !== undefined) a.push({ name: 'Hosts', op: '=', value: r.hosts });
      if (r.greeting !== undefined) a.push({ name: 'Greeting', op: '=', value: r.greeting });
      for (const [node, v] of Object.entries(r.greetingPerNode)) if (nodes.includes(node as (typeof NODE_NAMES)[number])) a.push({ name: 'Greeting', op: '=', value: v, nodes: [node] });
      if (r.dependsOn !== undefined && i > 0) a.push({ name: 'Resource_dependencies', op: '=', value: `r${r.dependsOn % i}` });
      out.push({ kind: 'create-resource', name: `r${i}`, group: groups[r.group % groups.length]?.name ?? 'g0', type: 'test.demo', assignments: a, enabled: r.enabled, monitored: r.monitored });
    });
  }
  for (const g of groups) {
    if (g.managed) out.push({ kind: 'manage-group', name: g.name });
    if (g.suspended) out.push({ kind: 'suspend-group', name: g.name });
  }
  return out;
}

/** Random valid configurations (cluster name `test`). */
export const arbitraryConfig: fc.Arbitrary<ClusterConfig> = configSpec.map((spec) => build(specChanges(spec), emptyConfig('test')));

/** The configuration with every list sorted by name and no generation: equal up to order. */
export function canonical(c: ClusterConfig): unknown {
  const byName = <T extends { readonly name: string }>(xs: readonly T[]): T[] => [...xs].sort((a, b) => a.name.localeCompare(b.name));
  return { ...c, generation: 0, nodes: byName(c.nodes), types: byName(c.types), groups: byName(c.groups), resources: byName(c.resources) };
}
