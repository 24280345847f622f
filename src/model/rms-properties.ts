import type { ResourceGroup } from './group.js';
import { findSchema, type PropertySchema, type PropertyValue } from './property.js';
import { GROUP_PROPERTIES } from './standard-properties.js';

const base = { extension: false, perNode: false } as const;

/**
 * RMS userApplication attributes (primecluster spec §2.1), spelled as RMS spells them, with RMS's
 * defaults. A userApplication is a resource group with `flavor: 'userApplication'`; these are group
 * properties it may carry besides the standard group properties (its Nodelist is RMS's PriorityList).
 *
 * Value conventions follow RMS: yes/no attributes are ENUMs `yes`/`no`; 0/1 attributes are INTs
 * 0..1; AutoSwitchOver and StandbyTransitions are `|`-joined keyword lists (`HostFailure|ShutDown`)
 * or `No`, checked by `parseAutoSwitchOver` / `parseStandbyTransitions`. Scripts are command lines,
 * empty when unset.
 */
export const USER_APPLICATION_PROPERTIES: readonly PropertySchema[] = [
  { ...base, name: 'AutoStartUp', type: 'ENUM', enumValues: ['yes', 'no'], default: 'no', tunable: 'ANYTIME', description: 'bring the application online on the highest-priority node when RMS starts' },
  { ...base, name: 'AutoSwitchOver', type: 'STRING', default: 'No', tunable: 'ANYTIME', description: 'No, or HostFailure|ResourceFailure|ShutDown in any combination' },
  { ...base, name: 'PersistentFault', type: 'INT', min: 0, max: 1, default: 0, tunable: 'ANYTIME', description: '1: a Faulted mark survives a restart of the node until cleared' },
  { ...base, name: 'OnlinePriority', type: 'INT', min: 0, max: 1, default: 0, tunable: 'ANYTIME', description: '1: start on the node where the application was last online' },
  { ...base, name: 'PartialCluster', type: 'INT', min: 0, max: 1, default: 0, tunable: 'ANYTIME', description: '0: no automatic start until every node of the PriorityList is up' },
  { ...base, name: 'StandbyTransitions', type: 'STRING', default: 'No', tunable: 'ANYTIME', description: 'No, or StartUp|SwitchRequest|ClearFaultRequest' },
  { ...base, name: 'ShutdownPriority', type: 'INT', min: 0, tunable: 'ANYTIME', description: 'weight used to pick the surviving partition (unset when absent)' },
  { ...base, name: 'HaltFlag', type: 'ENUM', enumValues: ['yes', 'no'], default: 'no', tunable: 'ANYTIME', description: 'yes: a failed offline kills (fences) the node so the switchover can continue' },
  { ...base, name: 'PreCheckScript', type: 'STRING', default: '', tunable: 'ANYTIME', description: 'run before online processing; non-zero vetoes the online on that node' },
  { ...base, name: 'PreOnlineScript', type: 'STRING', default: '', tunable: 'ANYTIME' },
  { ...base, name: 'PostOnlineScript', type: 'STRING', default: '', tunable: 'ANYTIME' },
  { ...base, name: 'PreOfflineScript', type: 'STRING', default: '', tunable: 'ANYTIME' },
  { ...base, name: 'OfflineDoneScript', type: 'STRING', default: '', tunable: 'ANYTIME' },
  { ...base, name: 'FaultScript', type: 'STRING', default: '', tunable: 'ANYTIME' },
];

/** The userApplication script attributes, in the order RMS runs them on the way up and down. */
export const USER_APPLICATION_SCRIPTS = [
  'PreCheckScript', 'PreOnlineScript', 'PostOnlineScript', 'PreOfflineScript', 'OfflineDoneScript', 'FaultScript',
] as const;
export type UserApplicationScript = (typeof USER_APPLICATION_SCRIPTS)[number];

/**
 * A group property's value for either flavor (case-insensitive name), falling back to the default:
 * a userApplication looks in `USER_APPLICATION_PROPERTIES` first, then in the standard group
 * properties; a resource group only in the standard ones (like `groupValue`).
 */
export function anyGroupValue(group: ResourceGroup, name: string): PropertyValue | undefined {
  const schema = (group.flavor === 'userApplication' ? findSchema(USER_APPLICATION_PROPERTIES, name) : undefined) ?? findSchema(GROUP_PROPERTIES, name);
  if (!schema) return group.properties[name];
  const set = group.properties[schema.name] ?? caseInsensitive(group.properties, name);
  return set ?? schema.default;
}

function caseInsensitive(props: Readonly<Record<string, PropertyValue>>, name: string): PropertyValue | undefined {
  const key = name.toLowerCase();
  for (const [k, v] of Object.entries(props)) if (k.toLowerCase() === key) return v;
  return undefined;
}

/** RMS yes/no and 0/1 attributes as a boolean; also accepts TRUE/FALSE and real booleans. */
export function rmsFlag(value: PropertyValue | undefined): boolean {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value !== 0;
  if (typeof value === 'string') return ['yes', 'y', '1', 'true'].includes(value.trim().toLowerCase());
  return false;
}

export type SwitchOverTrigger = 'HostFailure' | 'ResourceFailure' | 'ShutDown';
export type StandbyTrigger = 'StartUp' | 'SwitchRequest' | 'ClearFaultRequest';

/**
 * Parses an AutoSwitchOver value: `No`, or keywords joined by `|` (case-insensitive). The legacy
 * numbers are accepted: 0 = No, 1 = all three. Returns the trigger set or a message naming the bad part.
 */
export function parseAutoSwitchOver(value: PropertyValue | undefined): ReadonlySet<SwitchOverTrigger> | string {
  return parseKeywordSet(value, ['HostFailure', 'ResourceFailure', 'ShutDown'], 'AutoSwitchOver');
}

/** Parses a StandbyTransitions value, like `parseAutoSwitchOver` (no legacy numbers). */
export function parseStandbyTransitions(value: PropertyValue | undefined): ReadonlySet<StandbyTrigger> | string {
  return parseKeywordSet(value, ['StartUp', 'SwitchRequest', 'ClearFaultRequest'], 'StandbyTransitions');
}

function parseKeywordSet<K extends string>(value: PropertyValue | undefined, keywords: readonly K[], what: string): ReadonlySet<K> | string {
  if (value === undefined || value === false) return new Set();
  if (value === 0 || value === '0') return new Set();
  if (what === 'AutoSwitchOver' && (value === 1 || value === '1' || value === true)) return new Set(keywords);
  const text = Array.isArray(value) ? value.join('|') : String(value);
  const parts = text.split('|').map((p) => p.trim()).filter((p) => p.length > 0);
  if (parts.length === 0 || (parts.length === 1 && parts[0]?.toLowerCase() === 'no')) return new Set();
  const out = new Set<K>();
  for (const p of parts) {
    if (p.toLowerCase() === 'no') return `${what}: "No" cannot be combined with other keywords`;
    const k = keywords.find((w) => w.toLowerCase() === p.toLowerCase());
    if (k === undefined) return `${what}: unknown keyword "${p}" (expected No or ${keywords.join('|')})`;
    out.add(k);
  }
  return out;
}
