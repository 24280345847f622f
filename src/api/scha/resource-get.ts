import type { Resource, ResourceType, TargetKey } from '../../model/index.js';
import { effectiveSchemas, findSchema, METHOD_NAMES, nodeName, RESOURCE_SYSTEM_PROPERTIES, resourceValue, timeoutProperty } from '../../model/index.js';
import { SchaError } from './errors.js';
import { countRecent, findResource, resourceOn, targetArg, typeOf, type Caller, type SchaSnapshot } from './lookup.js';
import { typeProperty } from './type-get.js';
import { schemaValue, stripQualifier } from './values.js';
import type { SchaGetRequest, SchaValue } from './wire.js';

/** Names of every system-defined resource property (any type may declare them): SCHA_ERR_PROP, not _TAG, when absent. */
const STANDARD_NAMES = new Set([...RESOURCE_SYSTEM_PROPERTIES.map((p) => p.name.toUpperCase()), ...METHOD_NAMES.map((m) => timeoutProperty(m).toUpperCase())]);

const DEFAULT_RETRY_INTERVAL_S = 300;

function operands(req: SchaGetRequest, optag: string, names: readonly string[]): string[] {
  if (req.args.length < names.length) throw new SchaError('SCHA_ERR_INVAL', `${optag} needs ${names.join(' and ')} as operand${names.length > 1 ? 's' : ''}`);
  if (req.args.length > names.length) throw new SchaError('SCHA_ERR_INVAL', `${optag}: unexpected operand "${req.args[names.length] ?? ''}"`);
  return [...req.args];
}

const switchValue = (on: boolean): SchaValue => ({ kind: 'enum', value: on ? 'ENABLED' : 'DISABLED' });
const displayStatus = (s: string): string => (s === 'OK' ? 'ONLINE' : s);

/**
 * scha_resource_get -O optag -R resource [-G group] [args] (spec §5.2): the resource's standard
 * and extension properties, its state and status per node, restart counts, and its type's
 * properties. Plain forms (RESOURCE_STATE, STATUS, EXTENSION) answer for the caller's node (zone);
 * `_NODE` forms take the node as an operand.
 */
export function resourceGet(snap: SchaSnapshot, caller: Caller, req: SchaGetRequest): SchaValue {
  const r = findResource(snap, caller, req.resource, req.group);
  const t = typeOf(snap, r);
  const optag = req.optag.toUpperCase();
  const local = (): TargetKey => caller.target;
  const node = (i: number): TargetKey => targetArg(snap, req.args[i], optag);
  switch (optag) {
    case 'TYPE': operands(req, optag, []); return { kind: 'string', value: r.type };
    case 'TYPE_VERSION': operands(req, optag, []); return { kind: 'string', value: t.rtVersion };
    case 'GROUP': case 'RESOURCE_GROUP': operands(req, optag, []); return { kind: 'string', value: r.group };
    case 'ON_OFF_SWITCH': operands(req, optag, []); return switchValue(r.enabled);
    case 'ON_OFF_SWITCH_NODE': operands(req, optag, ['node']); node(0); return switchValue(r.enabled);
    case 'MONITORED_SWITCH': operands(req, optag, []); return switchValue(r.monitored);
    case 'MONITORED_SWITCH_NODE': operands(req, optag, ['node']); node(0); return switchValue(r.monitored);
    case 'RESOURCE_STATE': operands(req, optag, []); return { kind: 'enum', value: resourceOn(snap, r, local()).state };
    case 'RESOURCE_STATE_NODE': operands(req, optag, ['node']); return { kind: 'enum', value: resourceOn(snap, r, node(0)).state };
    case 'STATUS': operands(req, optag, []); return statusOn(snap, r, local());
    case 'STATUS_NODE': operands(req, optag, ['node']); return statusOn(snap, r, node(0));
    case 'EXTENSION': {
      const [prop] = operands(req, optag, ['property']);
      return extension(t, r, prop ?? '', caller.node);
    }
    case 'EXTENSION_NODE': {
      const [prop, n] = operands(req, optag, ['property', 'node']);
      return extension(t, r, prop ?? '', targetArg(snap, n, optag).split(':')[0] ?? '');
    }
    case 'ALL_EXTENSIONS':
      operands(req, optag, []);
      return { kind: 'array', values: effectiveSchemas(t).filter((s) => s.extension).map((s) => s.name) };
    case 'NUM_RESOURCE_RESTARTS':
      operands(req, optag, []);
      return { kind: 'int', value: countRecent(snap.status?.resources[r.name]?.restartsMs?.[local()], snap.nowMs, retryIntervalMs(t, r)) };
    case 'NUM_RG_RESTARTS':
      operands(req, optag, []);
      return { kind: 'int', value: countRecent(snap.status?.groups[r.group]?.restartsMs?.[local()], snap.nowMs, retryIntervalMs(t, r)) };
    default: return standardProperty(snap, t, r, req, optag);
  }
}

function standardProperty(snap: SchaSnapshot, t: ResourceType, r: Resource, req: SchaGetRequest, optag: string): SchaValue {
  const schema = findSchema(effectiveSchemas(t), optag);
  if (schema && !schema.extension) {
    operands(req, optag, []);
    const v = schemaValue(schema, resourceValue(t, r, schema.name));
    if (v.kind === 'array' && optag.startsWith('RESOURCE_DEPENDENCIES') && req.qualified !== true) return { kind: 'array', values: v.values.map(stripQualifier) };
    return v;
  }
  const rt = typeProperty(snap, t, optag);
  if (rt !== undefined) {
    operands(req, optag, []);
    return rt;
  }
  if (STANDARD_NAMES.has(optag)) throw new SchaError('SCHA_ERR_PROP', `resource type ${t.name} has no ${req.optag} property`);
  throw new SchaError('SCHA_ERR_TAG', `${req.optag} is not a resource optag (extension properties are read with -O EXTENSION ${req.optag})`);
}

function statusOn(snap: SchaSnapshot, r: Resource, target: TargetKey): SchaValue {
  const e = resourceOn(snap, r, target);
  return e.statusMessage === undefined ? { kind: 'status', status: displayStatus(e.status) } : { kind: 'status', status: displayStatus(e.status), message: e.statusMessage };
}

/** The value on `node` for a per-node property, else the cluster-wide value or the default. */
function extension(t: ResourceType, r: Resource, prop: string, node: string): SchaValue {
  const schema = findSchema(effectiveSchemas(t), prop);
  if (!schema || !schema.extension) throw new SchaError('SCHA_ERR_PROP', `resource type ${t.name} has no extension property ${prop}`);
  const value = resourceValue(t, r, schema.name, nodeName(node));
  return value === undefined ? { kind: 'extension', type: schema.type } : { kind: 'extension', type: schema.type, value: schemaValue(schema, value) };
}

export function retryIntervalMs(t: ResourceType, r: Resource): number {
  const v = resourceValue(t, r, 'Retry_interval');
  return (typeof v === 'number' ? v : DEFAULT_RETRY_INTERVAL_S) * 1000;
}
