import type { MethodName, ResourceType } from '../../model/index.js';
import { METHOD_NAMES } from '../../model/index.js';
import { SchaError } from './errors.js';
import { findType, type SchaSnapshot } from './lookup.js';
import type { SchaGetRequest, SchaValue } from './wire.js';

const str = (value: string | undefined): SchaValue => (value === undefined ? { kind: 'string' } : { kind: 'string', value });
const bool = (value: boolean): SchaValue => ({ kind: 'boolean', value });

/** Method optags (START, MONITOR_CHECK, …) → method name: the declared path, NULL when undeclared. */
const METHOD_OPTAGS: ReadonlyMap<string, MethodName> = new Map(METHOD_NAMES.map((m) => [m.toUpperCase(), m]));

/**
 * Resource-type properties by optag (rt_properties(5), spec §5.4). Also answered by
 * scha_resource_get for the resource's type (`-O RT_BASEDIR`, `-O STOP`). Undefined when the optag
 * is not a type property.
 */
export function typeProperty(snap: SchaSnapshot, t: ResourceType, optag: string): SchaValue | undefined {
  const method = METHOD_OPTAGS.get(optag);
  if (method !== undefined) return str(t.methods[method]);
  switch (optag) {
    case 'API_VERSION': return { kind: 'int', value: t.apiVersion };
    case 'FAILOVER': return bool(t.failover);
    case 'GLOBAL_ZONE': return bool(t.globalZone);
    case 'INIT_NODES': return { kind: 'enum', value: t.initNodes };
    case 'INSTALLED_NODES': return { kind: 'array', values: t.installedNodes === '*' ? ['*'] : [...t.installedNodes] };
    case 'IS_LOGICAL_HOSTNAME': return bool(t.isLogicalHostname);
    case 'IS_SHARED_ADDRESS': return bool(t.isSharedAddress);
    case 'PKGLIST': return { kind: 'array', values: [...t.pkglist] };
    case 'PROXY': return bool(t.proxy);
    case 'RESOURCE_LIST': return { kind: 'array', values: snap.config.resources.filter((r) => r.type === t.name).map((r) => r.name) };
    case 'RESOURCE_TYPE': return str(t.name);
    case 'RT_BASEDIR': return str(t.baseDir);
    case 'RT_DESCRIPTION': return str(t.description);
    case 'RT_SYSTEM': return bool(t.rtSystem);
    case 'RT_VERSION': return str(t.rtVersion);
    case 'SINGLE_INSTANCE': return bool(t.singleInstance);
    case 'VENDOR_ID': return str(t.vendorId);
    default: return undefined;
  }
}

/** scha_resourcetype_get -O optag -T type. */
export function resourceTypeGet(snap: SchaSnapshot, req: SchaGetRequest): SchaValue {
  const t = findType(snap, req.type);
  const optag = req.optag.toUpperCase();
  const v = typeProperty(snap, t, optag);
  if (v === undefined) throw new SchaError('SCHA_ERR_TAG', `${req.optag} is not a resource type optag`);
  if (req.args.length > 0) throw new SchaError('SCHA_ERR_INVAL', `${optag} takes no operand (got "${req.args.join(' ')}")`);
  return v;
}
