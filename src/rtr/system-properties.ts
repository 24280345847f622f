import {
  METHOD_NAMES, RESOURCE_SYSTEM_PROPERTIES, methodTimeoutSchema, propertyKey, timeoutProperty,
  type MethodName, type PropertySchema,
} from '../model/index.js';
import type { Diagnostics } from './diagnostic.js';
import type { Bound, DeclaredProperty } from './property-attributes.js';

/** A system-defined property an RTR entry may override, and the method it times, if any. */
export interface SystemProperty {
  readonly base: PropertySchema;
  readonly method?: MethodName;
}

/**
 * Properties that DSDL data services conventionally declare as EXTENSION (SUNW.qfs,
 * SUNW.hasam, the Developer's Guide samples) although Ferry's model also knows them as
 * system-defined: both spellings are accepted.
 */
const ALSO_EXTENSION = new Set(['monitor_retry_count', 'monitor_retry_interval']);

export const mayBeExtension = (name: string): boolean => ALSO_EXTENSION.has(propertyKey(name));

/**
 * System-defined resource properties (r_properties(5)) that the RGM owns and an RTR file can
 * neither override nor shadow with an extension of the same name (`scha_resource_get -O STATUS`
 * must keep meaning the RGM's Status).
 */
const RGM_OWNED = new Set([
  'on_off_switch', 'monitored_switch', 'resource_state', 'status', 'status_msg', 'type', 'type_version', 'resource_name',
]);

export const isRgmOwned = (name: string): boolean => RGM_OWNED.has(propertyKey(name));

/** The system-defined property called `name` (case-insensitively), including every `<Method>_timeout`. */
export function findSystemProperty(name: string): SystemProperty | undefined {
  const key = propertyKey(name);
  const found = RESOURCE_SYSTEM_PROPERTIES.find((p) => propertyKey(p.name) === key);
  if (found !== undefined) {
    const { conditional: _conditional, ...base } = found;
    return { base };
  }
  const method = METHOD_NAMES.find((m) => propertyKey(timeoutProperty(m)) === key);
  return method === undefined ? undefined : { base: methodTimeoutSchema(method), method };
}

export interface TypeContext {
  readonly methods: ReadonlySet<MethodName>;
  readonly globalZone: boolean;
}

/**
 * Reports what an entry may not do to system-defined property `sys` (rt_reg(4),
 * property_attributes(5)): only DEFAULT, TUNABLE and the bounds may be overridden; a method
 * timeout exists only for a declared method, takes no MAX and no MIN below 1.
 */
export function checkSystemOverride(d: DeclaredProperty, sys: SystemProperty, ctx: TypeContext, diags: Diagnostics): ReadonlySet<Bound> {
  const rejected = new Set<Bound>();
  const name = sys.base.name;
  if (d.type !== undefined) diags.error(d.type.at, `the type of system-defined property ${name} cannot be set (it is ${sys.base.type})`);
  if (d.enumLiterals !== undefined && d.type === undefined) diags.error(d.enumLiterals.at, `the enum literals of system-defined property ${name} cannot be changed`);
  if (d.description !== undefined) diags.error(d.description.at, `DESCRIPTION cannot be set for system-defined property ${name}`);
  if (d.perNode?.value === true) diags.error(d.perNode.at, `PER_NODE applies only to extension properties, not to system-defined ${name}`);
  if (sys.method !== undefined) {
    if (!ctx.methods.has(sys.method)) {
      const at = d.name?.at ?? d.open;
      diags.error(at, `${name} is the timeout of the ${sys.method.toUpperCase()} method, which this type does not declare`);
    }
    const { min, max } = d.bounds;
    if (max !== undefined) {
      diags.error(max.at, `MAX cannot be set for method timeout ${name}`);
      rejected.add('max');
    }
    if (min !== undefined && min.value < 1) {
      diags.error(min.at, `MIN of method timeout ${name} must be at least 1, not ${min.value}`);
      rejected.add('min');
    }
  }
  if (propertyKey(name) === 'global_zone_override' && !ctx.globalZone) {
    diags.error(d.name?.at ?? d.open, 'Global_zone_override exists only for types declared with GLOBAL_ZONE = TRUE');
  }
  return rejected;
}
