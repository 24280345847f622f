import { lookupType } from '../resource-type.js';
import type { ConfigChange } from './change.js';
import type { Draft } from './draft.js';

type Of<K extends ConfigChange['kind']> = Extract<ConfigChange, { kind: K }>;

/** The RTR itself was validated by the RTR parser; here only cluster-level rules apply. */
export function registerType(draft: Draft, c: Of<'register-type'>): void {
  const at = { object: 'type', name: c.type.name } as const;
  const same = draft.types.find((t) => t.name.toLowerCase() === c.type.name.toLowerCase());
  if (same) return draft.report('duplicate-name', at, `is already registered (from ${same.source})`);
  if (c.type.globalZone && c.trustGlobalZone !== true) {
    return draft.report('conflict', at, 'has Global_zone=TRUE: its methods run outside zone isolation, so registering it must be explicitly trusted');
  }
  draft.types = [...draft.types, c.type];
}

export function unregisterType(draft: Draft, c: Of<'unregister-type'>): void {
  const type = lookupType(draft.types, c.name);
  if (!type) return draft.report('unknown-object', { object: 'type', name: c.name }, 'is not a registered resource type');
  const at = { object: 'type', name: type.name } as const;
  if (type.rtSystem) return draft.report('conflict', at, 'has RT_system=TRUE and cannot be unregistered');
  const users = draft.resources.filter((r) => r.type === type.name).map((r) => r.name);
  if (users.length > 0) return draft.report('in-use', at, `cannot be unregistered while resources use it: ${users.join(', ')}`);
  draft.types = draft.types.filter((t) => t !== type);
}
