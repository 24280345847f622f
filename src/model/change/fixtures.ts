// Test fixtures shared by the change tests (and the declarative tests): small resource types and a
// base configuration built through applyChanges itself. Not part of the public surface.
import { emptyConfig, type ClusterConfig } from '../cluster-config.js';
import { typeName } from '../names.js';
import type { PropertySchema } from '../property.js';
import type { ResourceType } from '../resource-type.js';
import { applyChanges } from './apply.js';
import type { ChangeContext, ConfigChange } from './change.js';
import type { ChangeProblem } from './problems.js';

const ext = (p: Omit<PropertySchema, 'extension' | 'perNode' | 'tunable'> & Partial<PropertySchema>): PropertySchema =>
  ({ extension: true, perNode: false, tunable: 'ANYTIME', ...p });
const sys = (p: Omit<PropertySchema, 'extension' | 'perNode' | 'type'> & Partial<PropertySchema>): PropertySchema =>
  ({ extension: false, perNode: false, type: 'INT', ...p });

/** A type with one property of each kind of rule the tests exercise. */
export function testType(resourceType: string, overrides: Partial<ResourceType> = {}): ResourceType {
  return {
    name: typeName(`test.${resourceType}:1`),
    resourceType,
    vendorId: 'test',
    rtVersion: '1',
    apiVersion: 2,
    failover: false,
    singleInstance: false,
    globalZone: false,
    proxy: false,
    rtSystem: false,
    initNodes: 'RG_PRIMARIES',
    installedNodes: '*',
    pkglist: [],
    isLogicalHostname: false,
    isSharedAddress: false,
    baseDir: '/opt/test/bin',
    methods: { Start: 'start', Stop: 'stop' },
    properties: [
      sys({ name: 'Retry_count', min: 0, max: 10, default: 2, tunable: 'ANYTIME' }),
      sys({ name: 'Cheap_probe_interval', min: 1, default: 30, tunable: 'WHEN_DISABLED' }),
      sys({ name: 'Scalable', type: 'BOOLEAN', default: false, tunable: 'AT_CREATION' }),
      ext({ name: 'Port', type: 'INT', min: 1024, max: 65535, default: 8080, tunable: 'WHEN_DISABLED' }),
      ext({ name: 'Mode', type: 'ENUM', enumValues: ['fast', 'safe'], default: 'safe', tunable: 'AT_CREATION' }),
      ext({ name: 'Greeting', type: 'STRING', default: 'hello', perNode: true, maxLength: 20 }),
      ext({ name: 'Hosts', type: 'STRINGARRAY', default: [], arrayMaxSize: 3 }),
      ext({ name: 'Locked', type: 'INT', default: 1, tunable: 'NONE' }),
    ],
    source: 'builtin',
    ...overrides,
  };
}

export const DEMO = testType('demo');
export const FAILOVER = testType('fo', { failover: true });
export const SINGLE = testType('single', { singleInstance: true });
export const GLOBAL = testType('gz', { globalZone: true });
export const NEEDS_VALUE = testType('needs', { properties: [ext({ name: 'Target', type: 'STRING' })] });
export const TEST_TYPES = [DEMO, FAILOVER, SINGLE, GLOBAL, NEEDS_VALUE] as const;

/** Builds a configuration from nothing; throws (a test bug) when the changes are refused. */
export function build(changes: readonly ConfigChange[], from: ClusterConfig = emptyConfig('test')): ClusterConfig {
  const r = applyChanges(from, changes);
  if (!r.ok) throw new Error(`fixture refused: ${r.errors.map((e) => e.message).join('; ')}`);
  return r.value;
}

/**
 * Nodes n1 (zone z1), n2, n3; every test type (GLOBAL trusted); group g1 on n1,n2 (managed) with
 * enabled resource r1 (test.demo) and disabled r2; empty unmanaged group g2 on n1.
 */
export function baseConfig(): ClusterConfig {
  return build([
    { kind: 'add-node', name: 'n1', zones: ['z1'] },
    { kind: 'add-node', name: 'n2' },
    { kind: 'add-node', name: 'n3' },
    ...TEST_TYPES.map((type): ConfigChange => ({ kind: 'register-type', type, trustGlobalZone: true })),
    { kind: 'create-group', name: 'g1', assignments: [{ name: 'Nodelist', op: '=', value: 'n1,n2' }] },
    { kind: 'create-resource', name: 'r1', group: 'g1', type: 'test.demo', assignments: [], enabled: true },
    { kind: 'create-resource', name: 'r2', group: 'g1', type: 'test.demo', assignments: [], enabled: false },
    { kind: 'manage-group', name: 'g1' },
    { kind: 'create-group', name: 'g2', assignments: [{ name: 'Nodelist', op: '=', value: 'n1' }] },
  ]);
}

/** Freezes a value and everything reachable from it, so a mutation throws in strict mode. */
export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value as object)) deepFreeze(v);
  }
  return value;
}

/**
 * Applies changes that must be refused: throws when they are accepted or when the input changed.
 * Returns the problems and their messages joined by newlines (for `assert.match`).
 */
export function refusal(config: ClusterConfig, changes: readonly ConfigChange[], context: ChangeContext = {}): { problems: readonly ChangeProblem[]; text: string } {
  const before = JSON.stringify(config);
  const r = applyChanges(config, changes, context);
  if (JSON.stringify(config) !== before) throw new Error('applyChanges modified its input');
  if (r.ok) throw new Error(`expected a refusal of ${JSON.stringify(changes)}`);
  return { problems: r.errors, text: r.errors.map((e) => e.message).join('\n') };
}

/** Applies changes that must be accepted; throws with the problems otherwise. */
export function accepted(config: ClusterConfig, changes: readonly ConfigChange[], context: ChangeContext = {}): ClusterConfig {
  const r = applyChanges(config, changes, context);
  if (!r.ok) throw new Error(`expected acceptance: ${r.errors.map((e) => e.message).join('; ')}`);
  return r.value;
}
