import type { NodeName, TypeName } from './names.js';
import type { PropertySchema } from './property.js';

/** The twelve callback methods of rt_callbacks(1HA), in RTR spelling. */
export const METHOD_NAMES = [
  'Start', 'Stop', 'Validate', 'Update', 'Init', 'Fini', 'Boot',
  'Prenet_start', 'Postnet_stop', 'Monitor_start', 'Monitor_stop', 'Monitor_check',
] as const;
export type MethodName = (typeof METHOD_NAMES)[number];

/** Tunability of a `#$upgrade_from` directive: when an existing resource may migrate to this version. */
export type UpgradeTunability = 'ANYTIME' | 'WHEN_UNMONITORED' | 'WHEN_OFFLINE' | 'WHEN_DISABLED' | 'WHEN_UNMANAGED' | 'AT_CREATION';

export interface UpgradeFrom {
  /** Old RT_version; "" means any unversioned or other version. */
  readonly version: string;
  readonly tunability: UpgradeTunability;
}

export type InitNodes = 'RG_PRIMARIES' | 'RT_INSTALLED_NODES';

/** A registered resource type: the RT-level properties of its RTR file plus its paramtable. */
export interface ResourceType {
  /** Full name `vendor.type:version`, the identity used everywhere (`-T`, `scha_resource_get -O TYPE`). */
  readonly name: TypeName;
  /** The simple `Resource_type` value. */
  readonly resourceType: string;
  readonly vendorId?: string;
  readonly rtVersion: string;
  readonly apiVersion: number;
  readonly description?: string;
  /** Method paths in the RTR are relative to this directory. */
  readonly baseDir?: string;
  readonly failover: boolean;
  readonly singleInstance: boolean;
  readonly globalZone: boolean;
  readonly proxy: boolean;
  readonly rtSystem: boolean;
  readonly initNodes: InitNodes;
  /** Nodes the type is installed on; `'*'` means all nodes. */
  readonly installedNodes: readonly NodeName[] | '*';
  readonly pkglist: readonly string[];
  readonly isLogicalHostname: boolean;
  readonly isSharedAddress: boolean;
  /** Declared methods and their paths (as written in the RTR, relative to baseDir unless absolute). */
  readonly methods: Readonly<Partial<Record<MethodName, string>>>;
  /** The paramtable: system-defined properties with the type's overrides, and extension properties. */
  readonly properties: readonly PropertySchema[];
  /** `#$upgrade` present, and its `#$upgrade_from` list. */
  readonly upgrade?: { readonly from: readonly UpgradeFrom[] };
  /** Where the type came from (RTR file path, or `builtin`). */
  readonly source: string;
}

/** `vendor.type:version`, omitting the parts that are absent. */
export function fullTypeName(resourceType: string, vendorId: string | undefined, rtVersion: string | undefined): TypeName {
  const base = vendorId ? `${vendorId}.${resourceType}` : resourceType;
  return (rtVersion ? `${base}:${rtVersion}` : base) as TypeName;
}

/**
 * Finds a registered type by the name an administrator typed: the full name, or a
 * unique prefix without the version (`SUNW.qfs`), or without the vendor (`qfs`), case-insensitively.
 */
export function lookupType<T extends { readonly name: string; readonly resourceType: string }>(types: readonly T[], wanted: string): T | undefined {
  const w = wanted.toLowerCase();
  const exact = types.find((t) => t.name.toLowerCase() === w);
  if (exact) return exact;
  const matches = types.filter((t) => {
    const n = t.name.toLowerCase();
    const noVersion = n.split(':')[0];
    return noVersion === w || t.resourceType.toLowerCase() === w;
  });
  return matches.length === 1 ? matches[0] : undefined;
}
