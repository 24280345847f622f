import { mkdir, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { DiskJournal, memoryJournal } from './journal.js';
import { EmbeddedStoreImpl } from './embedded-store.js';
import type { EmbeddedStore } from './embedded-store.js';
import { WatchHistory } from './history.js';
import { Keyspace } from './keyspace.js';
import { acquireDirLock } from './lock-file.js';
import { DEFAULT_HISTORY_REVISIONS, DEFAULT_SNAPSHOT_EVERY, positiveInteger } from './options.js';
import type { EmbeddedStoreOptions, MemoryStoreOptions } from './options.js';
import { recoverDataDir } from './recover.js';
import { SegmentWriter, listSegments } from './wal-files.js';

/** An in-process store with no persistence: for tests and throw-away clusters. */
export async function openMemoryStore(options: MemoryStoreOptions = {}): Promise<EmbeddedStore> {
  const historyRevisions = positiveInteger('historyRevisions', options.historyRevisions, DEFAULT_HISTORY_REVISIONS);
  return new EmbeddedStoreImpl(new Keyspace(), new WatchHistory(historyRevisions, 0), memoryJournal, undefined);
}

/**
 * Opens (creating if needed) the store persisted in `options.dir`: takes the directory's lock, loads
 * the snapshot, replays the WAL after it and truncates a torn last record. Rejects with
 * `StoreLockedError` if another live process has the directory, `StoreCorruptError` if its files
 * cannot be trusted. Leases come back as if granted at open time with their full TTL.
 */
export async function openEmbeddedStore(options: EmbeddedStoreOptions): Promise<EmbeddedStore> {
  if (typeof options.dir !== 'string' || options.dir === '') throw new TypeError('dir must be a non-empty path');
  const historyRevisions = positiveInteger('historyRevisions', options.historyRevisions, DEFAULT_HISTORY_REVISIONS);
  const snapshotEvery = positiveInteger('snapshotEvery', options.snapshotEvery, DEFAULT_SNAPSHOT_EVERY);
  const isFsync = options.fsync ?? true;
  const dir = resolve(options.dir);
  await mkdir(dir, { recursive: true });
  const lock = await acquireDirLock(dir);
  try {
    const recovered = await recoverDataDir(dir, options.logger);
    const history = new WatchHistory(historyRevisions, recovered.compactRevision);
    for (const r of recovered.replayed) history.push(r.revision, r.events);
    const writer = await SegmentWriter.open(dir, recovered.appendSegment, isFsync);
    // Segments before the one in use are wholly covered by the snapshot (a crash between writing a
    // snapshot and removing them leaves them behind).
    for (const segment of await listSegments(dir)) {
      if (segment.name < recovered.appendSegment) await rm(join(dir, segment.name), { force: true });
    }
    const journal = new DiskJournal(dir, writer, lock, { isFsync, snapshotEvery, logger: options.logger }, recovered.recordsSinceSnapshot);
    return new EmbeddedStoreImpl(recovered.keyspace, history, journal, dir);
  } catch (err) {
    await lock.release();
    throw err;
  }
}
