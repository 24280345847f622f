import { open, readdir } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * WAL segment files: `wal-<seq of its first record, 16 digits>.log`. Records are only ever appended
 * to the newest segment; a snapshot starts a new segment and removes the ones it covers.
 */
const SEGMENT = /^wal-(\d{16})\.log$/;

export interface Segment {
  readonly name: string;
  readonly firstSeq: number;
}

export const segmentName = (firstSeq: number): string => `wal-${String(firstSeq).padStart(16, '0')}.log`;

/** The directory's segments, oldest first. */
export async function listSegments(dir: string): Promise<Segment[]> {
  const names = await readdir(dir);
  return names
    .flatMap((name) => {
      const m = SEGMENT.exec(name);
      return m === null ? [] : [{ name, firstSeq: Number(m[1]) }];
    })
    .sort((a, b) => a.firstSeq - b.firstSeq);
}

/** fsyncs a directory, making file creations, renames and removals in it durable. */
export async function syncDir(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** The open, newest segment. `append` returns once the bytes are written (and fsynced if asked). */
export class SegmentWriter {
  private constructor(readonly path: string, private readonly handle: FileHandle, private readonly isFsync: boolean) {}

  /** Opens `name` in `dir` for appending, creating it (and making its name durable) if needed. */
  static async open(dir: string, name: string, isFsync: boolean): Promise<SegmentWriter> {
    const path = join(dir, name);
    const handle = await open(path, 'a');
    if (isFsync) await syncDir(dir);
    return new SegmentWriter(path, handle, isFsync);
  }

  async append(bytes: Buffer): Promise<void> {
    let written = 0;
    while (written < bytes.length) {
      const r = await this.handle.write(bytes, written, bytes.length - written);
      written += r.bytesWritten;
    }
    // fdatasync also flushes the file size, which is all the metadata an append needs.
    if (this.isFsync) await this.handle.datasync();
  }

  close(): Promise<void> {
    return this.handle.close();
  }
}
