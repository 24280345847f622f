import type { GroupName } from './names.js';
import type { PropertyValue } from './property.js';

/** A resource group (an RMS userApplication is one, with `flavor: 'userApplication'`). */
export interface ResourceGroup {
  readonly name: GroupName;
  /** Standard RG properties keyed by their declared spelling (`Nodelist`, `Failback`). */
  readonly properties: Readonly<Record<string, PropertyValue>>;
  /** Managed groups are under RGM control; a new group is unmanaged until `manage` or `online`. */
  readonly managed: boolean;
  /** Suspend_automatic_recovery: the RGM does not restart or fail it over by itself. */
  readonly suspended: boolean;
  readonly flavor: 'resourceGroup' | 'userApplication';
}
