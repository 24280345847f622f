/**
 * RG_affinities operators (spec §2.5): `+` weak positive, `++` strong positive, `+++` strong
 * positive with failover delegation, `-` weak negative, `--` strong negative.
 */
export type AffinityKind = '+' | '++' | '+++' | '-' | '--';

export interface AffinityEntry {
  readonly kind: AffinityKind;
  /** The target group's name (a zone-cluster prefix `ZC:` is dropped: one cluster here). */
  readonly group: string;
  readonly text: string;
}

const ENTRY = /^\s*(\+\+\+|\+\+|\+|--|-)\s*(?:[A-Za-z][A-Za-z0-9_-]*:)?([A-Za-z][A-Za-z0-9_-]*)\s*$/;

/** Parses `+rg`, `++rg`, `+++rg`, `-rg`, `--rg` (and the zone-cluster form `++zc:rg`), or a message. */
export function parseAffinityEntry(text: string): AffinityEntry | string {
  const m = ENTRY.exec(text);
  if (!m || m[1] === undefined || m[2] === undefined) return `"${text}" is not an RG affinity (expected +rg, ++rg, +++rg, -rg or --rg)`;
  return { kind: m[1] as AffinityKind, group: m[2], text: text.trim() };
}

export const isStrongPositive = (k: AffinityKind): boolean => k === '++' || k === '+++';

export const AFFINITY_WORDS: Readonly<Record<AffinityKind, string>> = {
  '+': 'weak positive',
  '++': 'strong positive',
  '+++': 'strong positive with failover delegation',
  '-': 'weak negative',
  '--': 'strong negative',
};
