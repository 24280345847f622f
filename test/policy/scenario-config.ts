// Builds a ClusterConfig from the compact declarations of a scenario's `setup` block:
//   nodes n1 n2 n3               node n1 zones=z1,z2
//   type app methods=Start,Stop,Monitor_start,Monitor_stop [scalable] [network|shared-address]
//        [global-zone] [proxy] [installed-nodes] [Retry_count=3 Start_timeout=60 …]
//   group rg1 [rms] [unmanaged] [suspended] Nodelist=n1,n2 Failback=TRUE …
//   resource r1 type=app group=rg1 [disabled] [unmonitored] Failover_mode=SOFT …
import type { ClusterConfig, ClusterNode, MethodName, PropertySchema, PropertyValue, Resource, ResourceGroup, ResourceType } from '../../src/model/index.js';
import {
  GROUP_PROPERTIES, METHOD_NAMES, RESOURCE_SYSTEM_PROPERTIES, USER_APPLICATION_PROPERTIES, effectiveSchemas, findSchema,
  groupName, methodTimeoutSchema, nodeName, parseValue, resourceName, typeName, zoneName,
} from '../../src/model/index.js';

export class ScenarioError extends Error {}

interface Draft { nodes: ClusterNode[]; types: ResourceType[]; groups: ResourceGroup[]; resources: Resource[] }

export function buildConfig(lines: readonly string[]): ClusterConfig {
  const d: Draft = { nodes: [], types: [], groups: [], resources: [] };
  lines.forEach((line, i) => {
    const words = line.trim().split(/\s+/);
    const [what, ...rest] = words;
    const where = `setup line ${i + 1} ("${line.trim()}")`;
    try {
      switch (what) {
        case 'nodes': for (const n of rest) addNode(d, n, []); break;
        case 'node': addNode(d, need(rest[0], 'a node name'), option(rest, 'zones')?.split(',') ?? []); break;
        case 'type': d.types.push(buildType(rest)); break;
        case 'group': d.groups.push(buildGroup(rest)); break;
        case 'resource': d.resources.push(buildResource(d, rest)); break;
        default: throw new ScenarioError(`unknown declaration "${what ?? ''}" (expected nodes, node, type, group or resource)`);
      }
    } catch (e) {
      throw new ScenarioError(`${where}: ${(e as Error).message}`);
    }
  });
  return { clusterName: 'scenario', generation: 1, ...d };
}

const need = (x: string | undefined, what: string): string => {
  if (x === undefined || x === '') throw new ScenarioError(`missing ${what}`);
  return x;
};

function option(words: readonly string[], key: string): string | undefined {
  const w = words.find((x) => x.toLowerCase().startsWith(`${key.toLowerCase()}=`));
  return w?.slice(key.length + 1);
}

const assignments = (words: readonly string[], skip: readonly string[]): Array<[string, string]> =>
  words.filter((w) => w.includes('=') && !skip.includes(w.split('=')[0]?.toLowerCase() ?? '')).map((w) => [w.slice(0, w.indexOf('=')), w.slice(w.indexOf('=') + 1)]);

function addNode(d: Draft, name: string, zones: readonly string[]): void {
  const existing = d.nodes.findIndex((n) => n.name === name);
  const node: ClusterNode = { name: nodeName(name), id: existing >= 0 ? existing + 1 : d.nodes.length + 1, zones: zones.map(zoneName) };
  if (existing >= 0) d.nodes[existing] = node;
  else d.nodes.push(node);
}

function buildType(words: readonly string[]): ResourceType {
  const name = need(words[0], 'a type name');
  const flags = new Set(words.slice(1).filter((w) => !w.includes('=')).map((w) => w.toLowerCase()));
  const methods: Partial<Record<MethodName, string>> = {};
  for (const m of (option(words, 'methods') ?? 'Start,Stop').split(',')) {
    const known = METHOD_NAMES.find((x) => x.toLowerCase() === m.toLowerCase());
    if (!known) throw new ScenarioError(`unknown method ${m}`);
    methods[known] = `bin/${known}`;
  }
  const properties: PropertySchema[] = [];
  for (const [key, value] of assignments(words, ['methods'])) {
    const timeout = METHOD_NAMES.find((m) => `${m}_timeout`.toLowerCase() === key.toLowerCase());
    const sys = timeout ? methodTimeoutSchema(timeout) : RESOURCE_SYSTEM_PROPERTIES.find((p) => p.name.toLowerCase() === key.toLowerCase());
    if (!sys) throw new ScenarioError(`unknown system property ${key} for a type declaration`);
    const v = parseValue(sys, value, key);
    if (typeof v === 'object' && !Array.isArray(v)) throw new ScenarioError((v as { message: string }).message);
    properties.push({ name: sys.name, extension: false, type: sys.type, default: v as PropertyValue, tunable: 'ANYTIME', perNode: false, ...(sys.enumValues ? { enumValues: sys.enumValues } : {}) });
  }
  return {
    name: typeName(name), resourceType: name, rtVersion: '1', apiVersion: 2, failover: !flags.has('scalable'), singleInstance: false,
    globalZone: flags.has('global-zone'), proxy: flags.has('proxy'), rtSystem: false,
    initNodes: flags.has('installed-nodes') ? 'RT_INSTALLED_NODES' : 'RG_PRIMARIES', installedNodes: '*', pkglist: [],
    isLogicalHostname: flags.has('network'), isSharedAddress: flags.has('shared-address'), methods, properties, source: 'scenario',
  };
}

function buildGroup(words: readonly string[]): ResourceGroup {
  const name = need(words[0], 'a group name');
  const flags = new Set(words.slice(1).filter((w) => !w.includes('=')).map((w) => w.toLowerCase()));
  const rms = flags.has('rms');
  const schemas = rms ? [...USER_APPLICATION_PROPERTIES, ...GROUP_PROPERTIES] : GROUP_PROPERTIES;
  const properties: Record<string, PropertyValue> = {};
  for (const [key, value] of assignments(words, [])) {
    const schema = findSchema(schemas, key);
    if (!schema) throw new ScenarioError(`unknown group property ${key}`);
    properties[schema.name] = parsed(schema, value, key);
  }
  return { name: groupName(name), properties, managed: !flags.has('unmanaged'), suspended: flags.has('suspended'), flavor: rms ? 'userApplication' : 'resourceGroup' };
}

function buildResource(d: Draft, words: readonly string[]): Resource {
  const name = need(words[0], 'a resource name');
  const tname = need(option(words, 'type'), 'type=');
  const gname = need(option(words, 'group'), 'group=');
  const type = d.types.find((t) => t.name === tname);
  if (!type) throw new ScenarioError(`type ${tname} is not declared`);
  if (!d.groups.some((g) => g.name === gname)) throw new ScenarioError(`group ${gname} is not declared`);
  const flags = new Set(words.slice(1).filter((w) => !w.includes('=')).map((w) => w.toLowerCase()));
  const schemas = effectiveSchemas(type);
  const properties: Record<string, PropertyValue> = {};
  const extension: Record<string, PropertyValue> = {};
  for (const [key, value] of assignments(words, ['type', 'group'])) {
    const schema = findSchema(schemas, key);
    if (!schema) throw new ScenarioError(`type ${tname} has no property ${key}`);
    (schema.extension ? extension : properties)[schema.name] = parsed(schema, value, key);
  }
  return {
    name: resourceName(name), type: typeName(tname), group: groupName(gname), properties, extension, perNode: {},
    enabled: !flags.has('disabled'), monitored: !flags.has('unmonitored'),
  };
}

function parsed(schema: PropertySchema, value: string, key: string): PropertyValue {
  const v = parseValue(schema, value, key);
  if (typeof v === 'object' && !Array.isArray(v)) throw new ScenarioError((v as { message: string }).message);
  return v as PropertyValue;
}

/** Sets a property of a group or resource in a config (the `config set` command). */
export function setProperty(config: ClusterConfig, name: string, key: string, value: string): ClusterConfig {
  const g = config.groups.find((x) => x.name === name);
  if (g) {
    const schemas = g.flavor === 'userApplication' ? [...USER_APPLICATION_PROPERTIES, ...GROUP_PROPERTIES] : GROUP_PROPERTIES;
    const schema = findSchema(schemas, key);
    if (!schema) throw new ScenarioError(`unknown group property ${key}`);
    const next = { ...g, properties: { ...g.properties, [schema.name]: parsed(schema, value, key) } };
    return { ...config, generation: config.generation + 1, groups: config.groups.map((x) => (x === g ? next : x)) };
  }
  const r = config.resources.find((x) => x.name === name);
  if (!r) throw new ScenarioError(`no group or resource named ${name}`);
  const type = config.types.find((t) => t.name === r.type);
  const schema = type ? findSchema(effectiveSchemas(type), key) : undefined;
  if (!schema) throw new ScenarioError(`resource ${name} has no property ${key}`);
  const v = parsed(schema, value, key);
  const next = schema.extension ? { ...r, extension: { ...r.extension, [schema.name]: v } } : { ...r, properties: { ...r.properties, [schema.name]: v } };
  return { ...config, generation: config.generation + 1, resources: config.resources.map((x) => (x === r ? next : x)) };
}
