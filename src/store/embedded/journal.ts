import { rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Entry } from './entry.js';
import type { Keyspace } from './keyspace.js';
import type { DirLock } from './lock-file.js';
import type { StoreLogger } from './options.js';
import { snapshotJson } from './schemas.js';
import { encodeRecord } from './wal-codec.js';
import { SegmentWriter, listSegments, segmentName, syncDir } from './wal-files.js';

/** Where committed entries go before their txns resolve. */
export interface Journal {
  /** Makes the entries durable (in order); the store resolves their txns only after this resolves. */
  append(entries: readonly Entry[]): Promise<void>;
  /** Called between commit batches with the keyspace at rest; may write a snapshot. */
  afterCommit(ks: Keyspace): Promise<void>;
  close(): Promise<void>;
}

/** No persistence: for `openMemoryStore`. */
export const memoryJournal: Journal = {
  append: () => Promise.resolve(),
  afterCommit: () => Promise.resolve(),
  close: () => Promise.resolve(),
};

export const SNAPSHOT_FILE = 'snapshot.json';
export const SNAPSHOT_TMP_FILE = 'snapshot.tmp';

/**
 * The data directory's writer: appends each commit batch as one write and one fdatasync (group
 * commit), and every `snapshotEvery` records writes a snapshot and starts a new WAL segment.
 */
export class DiskJournal implements Journal {
  constructor(
    private readonly dir: string,
    private writer: SegmentWriter,
    private readonly lock: DirLock,
    private readonly settings: { readonly isFsync: boolean; readonly snapshotEvery: number; readonly logger: StoreLogger | undefined },
    private recordsSinceSnapshot: number,
  ) {}

  async append(entries: readonly Entry[]): Promise<void> {
    await this.writer.append(Buffer.concat(entries.map(encodeRecord)));
    this.recordsSinceSnapshot += entries.length;
  }

  async afterCommit(ks: Keyspace): Promise<void> {
    if (this.recordsSinceSnapshot < this.settings.snapshotEvery) return;
    try {
      await this.snapshot(ks);
    } catch (err) {
      // The WAL still holds everything; try again after the next batch.
      this.settings.logger?.('warn', `snapshot of ${this.dir} failed, keeping the WAL: ${(err as Error).message}`);
    }
  }

  /**
   * Crash-safe order: the snapshot is complete and durable under its final name before the new
   * segment exists, and old segments go last. A crash anywhere leaves a snapshot plus a WAL that
   * together hold every entry (recovery skips records the snapshot already covers).
   */
  async snapshot(ks: Keyspace): Promise<void> {
    const tmp = join(this.dir, SNAPSHOT_TMP_FILE);
    // Always fsynced, even with fsync off: the old segments are deleted on the strength of it.
    await writeFile(tmp, snapshotJson(ks.toImage()), { flush: true });
    await rename(tmp, join(this.dir, SNAPSHOT_FILE));
    await syncDir(this.dir);
    const firstSeq = ks.seq + 1;
    const next = await SegmentWriter.open(this.dir, segmentName(firstSeq), this.settings.isFsync);
    const previous = this.writer;
    this.writer = next;
    this.recordsSinceSnapshot = 0;
    await previous.close();
    for (const segment of await listSegments(this.dir)) {
      if (segment.firstSeq < firstSeq) await rm(join(this.dir, segment.name), { force: true });
    }
    this.settings.logger?.('info', `snapshot of ${this.dir} at revision ${ks.revision} (log position ${ks.seq})`);
  }

  async close(): Promise<void> {
    try {
      await this.writer.close();
    } finally {
      await this.lock.release();
    }
  }
}
