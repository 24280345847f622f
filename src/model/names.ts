/** Branded names: a node name cannot be passed where a group name is expected. */
export type NodeName = string & { readonly __brand: 'NodeName' };
export type ZoneName = string & { readonly __brand: 'ZoneName' };
export type GroupName = string & { readonly __brand: 'GroupName' };
export type ResourceName = string & { readonly __brand: 'ResourceName' };
/** Full resource type name, `vendor.type:version` (vendor and version optional). */
export type TypeName = string & { readonly __brand: 'TypeName' };

export const nodeName = (s: string): NodeName => s as NodeName;
export const zoneName = (s: string): ZoneName => s as ZoneName;
export const groupName = (s: string): GroupName => s as GroupName;
export const resourceName = (s: string): ResourceName => s as ResourceName;
export const typeName = (s: string): TypeName => s as TypeName;

/** Max length of any RGM name (Sun Cluster "legal RGM names"). */
export const MAX_NAME_LENGTH = 255;
const LEGAL_NAME = /^[A-Za-z][A-Za-z0-9_-]*$/;

/**
 * Why `name` is not a legal RGM name (group, resource, property, enum literal, node, zone),
 * or undefined when it is: ASCII, starts with a letter, then letters, digits, `-`, `_`; ≤ 255 chars.
 */
export function illegalNameReason(name: string): string | undefined {
  if (name.length === 0) return 'must not be empty';
  if (name.length > MAX_NAME_LENGTH) return `is longer than ${MAX_NAME_LENGTH} characters`;
  if (!LEGAL_NAME.test(name)) return 'must start with a letter and contain only letters, digits, "-" and "_"';
  return undefined;
}

/** A Nodelist entry: a node, or a zone on a node (`node:zone`). */
export interface NodeTarget {
  readonly node: NodeName;
  readonly zone?: ZoneName;
}

export function parseNodeTarget(text: string): NodeTarget {
  const colon = text.indexOf(':');
  if (colon < 0) return { node: nodeName(text) };
  return { node: nodeName(text.slice(0, colon)), zone: zoneName(text.slice(colon + 1)) };
}

export const formatNodeTarget = (t: NodeTarget): string => (t.zone === undefined ? t.node : `${t.node}:${t.zone}`);
