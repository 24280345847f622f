import type { ResourceGroup } from '../group.js';
import type { PropertySchema } from '../property.js';
import { USER_APPLICATION_PROPERTIES } from '../rms-properties.js';
import { GROUP_PROPERTIES } from '../standard-properties.js';

const USER_APPLICATION_SCHEMAS: readonly PropertySchema[] = [...GROUP_PROPERTIES, ...USER_APPLICATION_PROPERTIES];

/**
 * The property schemas a group of this flavor has: the standard group properties, and for an RMS
 * userApplication also its attributes (AutoStartUp, AutoSwitchOver, HaltFlag, …).
 */
export function groupSchemas(flavor: ResourceGroup['flavor']): readonly PropertySchema[] {
  return flavor === 'userApplication' ? USER_APPLICATION_SCHEMAS : GROUP_PROPERTIES;
}
