import type { ResourceGroup } from '../group.js';
import type { PropertySchema } from '../property.js';
import { GROUP_PROPERTIES } from '../standard-properties.js';

/**
 * RMS userApplication attributes (AutoStartUp, AutoSwitchOver, …) a `userApplication` group may
 * carry besides the standard group properties.
 *
 * EXTENSION POINT: `src/model/rms-properties.ts` (another helper) will export
 * `USER_APPLICATION_PROPERTIES`; once it exists, import it here and return it below. Until then a
 * userApplication accepts only the standard group properties.
 */
const USER_APPLICATION_EXTRA: readonly PropertySchema[] = [];

/** The property schemas a group of this flavor has. */
export function groupSchemas(flavor: ResourceGroup['flavor']): readonly PropertySchema[] {
  return flavor === 'userApplication' ? [...GROUP_PROPERTIES, ...USER_APPLICATION_EXTRA] : GROUP_PROPERTIES;
}
