import type { MethodName, PropertySchema, PropertyValue, Resource, ResourceGroup, ResourceType } from '../../model/index.js';
import { findSchema, GROUP_PROPERTIES, groupValue, nodeName, parseValue, resourceValue, timeoutProperty } from '../../model/index.js';
import { SchaError } from '../scha/errors.js';
import type { SchaDescription } from '../scha/describe.js';
import type { ValidateArgs } from './argv.js';
import type { FailoverMode } from './fm-history.js';

const isValue = (v: unknown): v is PropertyValue => typeof v !== 'object' || Array.isArray(v);

function parsed(schema: PropertySchema | undefined, text: string, subject: string): PropertyValue {
  if (!schema) return text;
  const v = parseValue(schema, text, subject);
  return isValue(v) ? v : text; // Validate is there to judge bad values; keep them as given
}

/**
 * The resource and group as this method should see them: the configured values, with Validate's
 * proposed `-r/-x/-g/-X` values laid over them (scds_initialize does the same).
 */
export function overlay(desc: SchaDescription, v: ValidateArgs | undefined): { resource: Resource; group: ResourceGroup } {
  if (v === undefined) return { resource: desc.resource, group: desc.group };
  const props: Record<string, PropertyValue> = { ...desc.resource.properties };
  const ext: Record<string, PropertyValue> = { ...desc.resource.extension };
  const perNode: Record<string, Record<string, PropertyValue>> = Object.fromEntries(Object.entries(desc.resource.perNode).map(([k, m]) => [k, { ...m }]));
  const gprops: Record<string, PropertyValue> = { ...desc.group.properties };
  for (const [name, text] of Object.entries(v.resourceProps)) {
    const s = findSchema(desc.schemas, name);
    props[s?.name ?? name] = parsed(s, text, `property ${name}`);
  }
  for (const [name, text] of Object.entries(v.extensionProps)) {
    const s = findSchema(desc.schemas, name);
    ext[s?.name ?? name] = parsed(s, text, `property ${name}`);
  }
  for (const [name, byNode] of Object.entries(v.perNodeProps)) {
    const s = findSchema(desc.schemas, name);
    const row = (perNode[s?.name ?? name] ??= {});
    for (const [node, text] of Object.entries(byNode)) row[node] = parsed(s, text, `property ${name}{${node}}`);
  }
  for (const [name, text] of Object.entries(v.groupProps)) {
    const s = findSchema(GROUP_PROPERTIES, name);
    gprops[s?.name ?? name] = parsed(s, text, `property ${name}`);
  }
  return {
    resource: { ...desc.resource, properties: props, extension: ext, perNode: perNode as Resource['perNode'] },
    group: { ...desc.group, properties: gprops },
  };
}

type Kind = 'string' | 'int' | 'boolean' | 'stringArray';

function as<T>(value: PropertyValue | undefined, kind: Kind, name: string): T {
  const ok = value !== undefined && (kind === 'string' ? typeof value === 'string'
    : kind === 'int' ? typeof value === 'number'
      : kind === 'boolean' ? typeof value === 'boolean'
        : Array.isArray(value));
  if (!ok) throw new SchaError('SCHA_ERR_PROP', `property ${name} ${value === undefined ? 'has no value' : `is not a ${kind} (it is ${JSON.stringify(value)})`}`);
  return value as T;
}

/** Typed getters over one property class; a missing property or a wrong type is SCHA_ERR_PROP. */
export interface TypedGetters {
  /** The raw value (undefined when the property has none). */
  get(name: string, node?: string): PropertyValue | undefined;
  string(name: string, node?: string): string;
  int(name: string, node?: string): number;
  boolean(name: string, node?: string): boolean;
  stringArray(name: string, node?: string): readonly string[];
}

function getters(lookup: (name: string, node?: string) => PropertyValue | undefined): TypedGetters {
  return {
    get: lookup,
    string: (n, node) => as<string>(lookup(n, node), 'string', n),
    int: (n, node) => as<number>(lookup(n, node), 'int', n),
    boolean: (n, node) => as<boolean>(lookup(n, node), 'boolean', n),
    stringArray: (n, node) => as<readonly string[]>(lookup(n, node), 'stringArray', n),
  };
}

/** Standard resource properties (scds_get_rs_*), with named shortcuts for the common ones. */
export interface ResourceProperties extends TypedGetters {
  retryCount(): number;
  retryIntervalS(): number;
  thoroughProbeIntervalS(): number;
  cheapProbeIntervalS(): number;
  failoverMode(): FailoverMode;
  /** Port_list as `{ port, protocol }` (entries `port/proto`). */
  portList(): readonly { readonly port: number; readonly protocol: string }[];
  networkResourcesUsed(): readonly string[];
  /** `<Method>_timeout` in seconds (undefined when the type does not declare the method). */
  timeoutS(method: MethodName): number | undefined;
  /** Resource_dependencies (or its _weak/_restart/_offline_restart flavour), qualifiers kept. */
  dependencies(flavour?: 'strong' | 'weak' | 'restart' | 'offline_restart'): readonly string[];
  readonly enabled: boolean;
  readonly monitored: boolean;
}

export function resourceProperties(type: ResourceType, r: Resource, localNode: string): { rs: ResourceProperties; ext: TypedGetters & { names(): readonly string[] } } {
  const standard = (name: string): PropertyValue | undefined => {
    const s = findSchema(type.properties, name);
    if (s?.extension) return undefined;
    return resourceValue(type, r, name);
  };
  const extension = (name: string, node?: string): PropertyValue | undefined => {
    const s = findSchema(type.properties, name);
    if (!s?.extension) throw new SchaError('SCHA_ERR_PROP', `resource type ${type.name} has no extension property ${name}`);
    return resourceValue(type, r, name, nodeName(node ?? localNode));
  };
  const g = getters(standard);
  const intOr = (name: string, fallback: number): number => {
    const v = standard(name);
    return typeof v === 'number' ? v : fallback;
  };
  const rs: ResourceProperties = {
    ...g,
    retryCount: () => intOr('Retry_count', 2),
    retryIntervalS: () => intOr('Retry_interval', 300),
    thoroughProbeIntervalS: () => intOr('Thorough_probe_interval', 60),
    cheapProbeIntervalS: () => intOr('Cheap_probe_interval', 30),
    failoverMode: () => (standard('Failover_mode') ?? 'NONE') as FailoverMode,
    portList: () => ((standard('Port_list') ?? []) as readonly string[]).map((e) => {
      const [port, protocol] = e.split('/');
      return { port: Number(port), protocol: protocol ?? 'tcp' };
    }),
    networkResourcesUsed: () => (standard('Network_resources_used') ?? []) as readonly string[],
    timeoutS: (m) => (type.methods[m] === undefined ? undefined : intOr(timeoutProperty(m), 3600)),
    dependencies: (flavour = 'strong') => (standard(flavour === 'strong' ? 'Resource_dependencies' : `Resource_dependencies_${flavour}`) ?? []) as readonly string[],
    enabled: r.enabled,
    monitored: r.monitored,
  };
  const ext = { ...getters(extension), names: () => type.properties.filter((p) => p.extension).map((p) => p.name) };
  return { rs, ext };
}

/** Resource-group properties (scds_get_rg_*). */
export interface GroupProperties extends TypedGetters {
  nodelist(): readonly string[];
  maximumPrimaries(): number;
  desiredPrimaries(): number;
  rgMode(): 'Failover' | 'Scalable';
  failback(): boolean;
  pingpongIntervalS(): number;
}

export function groupProperties(g: ResourceGroup, nodelist: readonly string[]): GroupProperties {
  const lookup = (name: string): PropertyValue | undefined => groupValue(g, name);
  const base = getters(lookup);
  return {
    ...base,
    nodelist: () => nodelist,
    maximumPrimaries: () => base.int('Maximum_primaries'),
    desiredPrimaries: () => base.int('Desired_primaries'),
    rgMode: () => base.string('RG_mode') as 'Failover' | 'Scalable',
    failback: () => base.boolean('Failback'),
    pingpongIntervalS: () => base.int('Pingpong_interval'),
  };
}
