import { z } from 'zod';
import type { KeyValue } from '../store.js';
import type { Change, Entry } from './entry.js';
import type { KeyspaceImage } from './keyspace.js';

/**
 * Schemas for what the embedded store reads back from disk (WAL record payloads and the snapshot),
 * so a damaged or foreign file is refused with the field that is wrong instead of corrupting state.
 */
const revision = z.number().int().nonnegative();
const positive = z.number().int().positive();

const keyValue = z.object({
  key: z.string().min(1),
  value: z.string(),
  createRevision: positive,
  modRevision: positive,
  version: positive,
  lease: z.string().optional(),
}).strict();

const change = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('put'), kv: keyValue }).strict(),
  z.object({ kind: z.literal('delete'), key: z.string().min(1) }).strict(),
]);

const entry = z.object({
  seq: positive,
  revision,
  changes: z.array(change),
  leaseGranted: z.object({ id: z.string().min(1), ttlMs: positive }).strict().optional(),
  leaseRemoved: z.string().min(1).optional(),
}).strict();

export const SNAPSHOT_FORMAT = 'ferry-store-snapshot';
export const SNAPSHOT_VERSION = 1;

const snapshot = z.object({
  format: z.literal(SNAPSHOT_FORMAT),
  version: z.literal(SNAPSHOT_VERSION),
  seq: revision,
  revision,
  nextLeaseId: positive,
  leases: z.array(z.object({ id: z.string().min(1), ttlMs: positive }).strict()),
  keys: z.array(keyValue),
}).strict();

type ParsedKeyValue = z.infer<typeof keyValue>;

/** zod types optional fields as `T | undefined`; the port's types say "absent", so drop undefined. */
function toKeyValue(kv: ParsedKeyValue): KeyValue {
  const { lease, ...rest } = kv;
  return lease === undefined ? rest : { ...rest, lease };
}

/** Parses a WAL record payload; the error message names the offending field. */
export function parseEntry(json: unknown): Entry {
  const e = entry.parse(json);
  const changes: Change[] = e.changes.map((c) => (c.kind === 'put' ? { kind: 'put', kv: toKeyValue(c.kv) } : c));
  return {
    seq: e.seq,
    revision: e.revision,
    changes,
    ...(e.leaseGranted === undefined ? {} : { leaseGranted: e.leaseGranted }),
    ...(e.leaseRemoved === undefined ? {} : { leaseRemoved: e.leaseRemoved }),
  };
}

export function parseSnapshot(json: unknown): KeyspaceImage {
  const s = snapshot.parse(json);
  return { seq: s.seq, revision: s.revision, nextLeaseId: s.nextLeaseId, leases: s.leases, keys: s.keys.map(toKeyValue) };
}

export function snapshotJson(image: KeyspaceImage): string {
  return JSON.stringify({ format: SNAPSHOT_FORMAT, version: SNAPSHOT_VERSION, ...image });
}

/** A readable one-line reason from a zod error: `changes.0.kv.version: Expected number, received string`. */
export function describeSchemaError(err: unknown): string {
  if (err instanceof z.ZodError) {
    return err.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
  }
  return err instanceof Error ? err.message : String(err);
}
