import { open, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { StoreCorruptError } from './errors.js';
import type { RevisionEvents } from './history.js';
import { SNAPSHOT_FILE, SNAPSHOT_TMP_FILE } from './journal.js';
import { Keyspace } from './keyspace.js';
import type { StoreLogger } from './options.js';
import { describeSchemaError, parseEntry, parseSnapshot } from './schemas.js';
import { scanRecords } from './wal-codec.js';
import { listSegments, segmentName } from './wal-files.js';

export interface Recovered {
  readonly keyspace: Keyspace;
  /** Revisions replayed from the WAL, oldest first: the watch history available after open. */
  readonly replayed: readonly RevisionEvents[];
  /** The snapshot's revision; watches from at or below it get CompactedError. */
  readonly compactRevision: number;
  /** WAL records after the snapshot (counts towards the next snapshot). */
  readonly recordsSinceSnapshot: number;
  /** The segment to keep appending to (the newest, or a new name if there is none). */
  readonly appendSegment: string;
}

/**
 * Rebuilds the keyspace from a data directory: the snapshot (if any), then every WAL record after
 * it, in order. A damaged tail of the newest segment — a record cut short by a crash — is truncated
 * away and reported through `logger`; damage anywhere else, a gap in the log or an unreadable
 * snapshot throws `StoreCorruptError`, because opening would silently lose acknowledged writes.
 */
export async function recoverDataDir(dir: string, logger: StoreLogger | undefined): Promise<Recovered> {
  await rm(join(dir, SNAPSHOT_TMP_FILE), { force: true }); // an unfinished snapshot never counts
  const keyspace = await loadSnapshot(dir);
  const compactRevision = keyspace.revision;
  const replayed: RevisionEvents[] = [];
  let recordsSinceSnapshot = 0;
  const segments = await listSegments(dir);
  for (const [i, segment] of segments.entries()) {
    const path = join(dir, segment.name);
    const bytes = await readFile(path);
    const scan = scanRecords(bytes);
    if (scan.damage !== undefined) {
      if (i !== segments.length - 1) throw new StoreCorruptError(path, `${scan.damage} (not the newest segment)`);
      await truncate(path, scan.validBytes);
      logger?.('warn', `WAL ${path}: dropped ${bytes.length - scan.validBytes} bytes after the last intact record (${scan.damage}), left by an interrupted write`);
    }
    for (const [n, payload] of scan.payloads.entries()) {
      let entry;
      try {
        entry = parseEntry(payload);
      } catch (err) {
        throw new StoreCorruptError(path, `record ${n + 1}: ${describeSchemaError(err)}`);
      }
      if (n === 0 && entry.seq !== segment.firstSeq) throw new StoreCorruptError(path, `first record has log position ${entry.seq}, the name says ${segment.firstSeq}`);
      if (entry.seq <= keyspace.seq) continue; // already in the snapshot
      try {
        const events = keyspace.apply(entry);
        if (events.length > 0) replayed.push({ revision: entry.revision, events });
      } catch (err) {
        throw new StoreCorruptError(path, `record ${n + 1}: ${(err as Error).message}`);
      }
      recordsSinceSnapshot++;
    }
  }
  const newest = segments.at(-1);
  return { keyspace, replayed, compactRevision, recordsSinceSnapshot, appendSegment: newest?.name ?? segmentName(keyspace.seq + 1) };
}

async function loadSnapshot(dir: string): Promise<Keyspace> {
  const path = join(dir, SNAPSHOT_FILE);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as { code?: unknown }).code === 'ENOENT') return new Keyspace();
    throw err;
  }
  try {
    return Keyspace.fromImage(parseSnapshot(JSON.parse(text)));
  } catch (err) {
    throw new StoreCorruptError(path, describeSchemaError(err));
  }
}

async function truncate(path: string, length: number): Promise<void> {
  const handle = await open(path, 'r+');
  try {
    await handle.truncate(length);
    await handle.sync();
  } finally {
    await handle.close();
  }
}
