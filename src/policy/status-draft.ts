import type {
  ClusterStatus, GroupRuntime, NodeMembership, PendingItem, ResourceRuntime, ResourceTargetStatus, TargetKey, ZoneAvailability,
} from '../model/index.js';
import { emptyGroupRuntime } from '../model/index.js';
import { OFFLINE_ENTRY } from './runtime.js';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * Copy-on-write editing of a ClusterStatus for `reduce`: only the records touched are copied, so one
 * event costs O(touched), not O(cluster) (the top-level maps are copied once per event).
 */
export class StatusDraft {
  private readonly s: Mutable<ClusterStatus>;
  private resourcesCopied = false;
  private groupsCopied = false;
  private nodesCopied = false;
  private zonesCopied = false;

  constructor(readonly base: ClusterStatus, readonly now: number) {
    this.s = { ...base, atMs: Math.max(base.atMs, now) };
  }

  get status(): ClusterStatus {
    return this.s;
  }

  finish(): ClusterStatus {
    return this.s;
  }

  setSeq(seq: number): void {
    this.s.seq = seq;
  }

  setPending(pending: readonly PendingItem[]): void {
    this.s.pending = pending;
  }

  entry(resource: string, target: TargetKey): ResourceTargetStatus {
    return this.s.resources[resource]?.targets[target] ?? OFFLINE_ENTRY;
  }

  hasEntry(resource: string, target: TargetKey): boolean {
    return this.s.resources[resource]?.targets[target] !== undefined;
  }

  /** Replaces one resource entry (`undefined` removes it). */
  setEntry(resource: string, target: TargetKey, e: ResourceTargetStatus | undefined): void {
    const rr = this.s.resources[resource] ?? { targets: {} };
    const targets = { ...rr.targets };
    if (e === undefined) delete targets[target];
    else targets[target] = e;
    this.setRuntime(resource, { ...rr, targets });
  }

  runtime(resource: string): ResourceRuntime | undefined {
    return this.s.resources[resource];
  }

  setRuntime(resource: string, rr: ResourceRuntime): void {
    if (!this.resourcesCopied) { this.s.resources = { ...this.s.resources }; this.resourcesCopied = true; }
    (this.s.resources as Record<string, ResourceRuntime>)[resource] = rr;
  }

  group(name: string): GroupRuntime {
    return this.s.groups[name] ?? emptyGroupRuntime;
  }

  setGroup(name: string, g: GroupRuntime): void {
    if (!this.groupsCopied) { this.s.groups = { ...this.s.groups }; this.groupsCopied = true; }
    (this.s.groups as Record<string, GroupRuntime>)[name] = g;
  }

  node(name: string): NodeMembership | undefined {
    return this.s.nodes[name];
  }

  setNode(name: string, m: NodeMembership): void {
    if (!this.nodesCopied) { this.s.nodes = { ...this.s.nodes }; this.nodesCopied = true; }
    (this.s.nodes as Record<string, NodeMembership>)[name] = m;
  }

  setZone(target: TargetKey, z: ZoneAvailability | undefined): void {
    if (!this.zonesCopied) { this.s.zones = { ...this.s.zones }; this.zonesCopied = true; }
    const zones = this.s.zones as Record<string, ZoneAvailability>;
    if (z === undefined) delete zones[target];
    else zones[target] = z;
  }
}

/** `obj` without the listed optional keys (exactOptionalPropertyTypes forbids assigning undefined). */
export function without<T extends object, K extends keyof T>(obj: T, ...keys: K[]): T {
  const copy = { ...obj };
  for (const k of keys) delete copy[k];
  return copy;
}

/** A record with `key` set, or removed when `value` is undefined; undefined when it ends up empty. */
export function withKey<V>(rec: Readonly<Record<string, V>> | undefined, key: string, value: V | undefined): Record<string, V> | undefined {
  const copy: Record<string, V> = { ...(rec ?? {}) };
  if (value === undefined) delete copy[key];
  else copy[key] = value;
  return Object.keys(copy).length === 0 ? undefined : copy;
}

/** Sets or drops an optional property of a plain object. */
export function setOpt<T extends object, K extends keyof T>(obj: T, key: K, value: T[K] | undefined): T {
  const copy = { ...obj };
  if (value === undefined) delete copy[key];
  else copy[key] = value;
  return copy;
}
