import { appendFile, mkdir, open } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';

/**
 * A method's output file. The child gets the file itself (opened O_APPEND) as stdout and stderr, not
 * a pipe: a Start method legitimately leaves a daemon behind that inherits those descriptors, and a
 * pipe would either never reach end-of-file or, once we stopped reading it, kill the daemon with
 * SIGPIPE on its next write. The price is that the child's own lines carry no timestamp; we bracket
 * them with timestamped header and footer lines instead.
 */
export interface MethodLog {
  /** Descriptor for the child's stdout/stderr, or 'ignore' when there is no log file. */
  readonly fd: number | 'ignore';
  /** Closes our copy of the descriptor (the child keeps its own); call once the child is spawned. */
  release(): Promise<void>;
  /** Up to `lines` last non-empty lines written to the file since open (the method's output). */
  tail(lines: number): Promise<string[]>;
  /** Appends one timestamped line of our own. */
  note(text: string): Promise<void>;
}

const TAIL_BYTES = 8192;

/** Log directories made already (one removed since is made again when the open fails). */
const knownDirs = new Set<string>();

const stamp = (text: string): string => `${new Date().toISOString()} ${text}\n`;

export async function openMethodLog(path: string | undefined, header: string): Promise<MethodLog> {
  if (path === undefined) {
    return { fd: 'ignore', release: async () => {}, tail: async () => [], note: async () => {} };
  }
  const dir = dirname(path);
  if (!knownDirs.has(dir)) {
    await mkdir(dir, { recursive: true });
    knownDirs.add(dir);
  }
  // One open per run (header, offset and the child's descriptor): hundreds of methods may start at once.
  let handle: FileHandle | undefined = await open(path, 'a', 0o640).catch(async (err: NodeJS.ErrnoException) => {
    if (err.code !== 'ENOENT') throw err;
    await mkdir(dir, { recursive: true });
    return open(path, 'a', 0o640);
  });
  await handle.write(stamp(header));
  const startOffset = (await handle.stat()).size;
  return {
    fd: handle.fd,
    release: async () => {
      const h = handle;
      handle = undefined;
      await h?.close();
    },
    tail: (lines) => readTail(path, startOffset, lines),
    note: (text) => appendFile(path, stamp(text)),
  };
}

/** The last `lines` non-empty lines of `path` written at or after byte `from`. */
export async function readTail(path: string, from: number, lines: number): Promise<string[]> {
  if (lines <= 0) return [];
  const h = await open(path, 'r');
  try {
    const end = (await h.stat()).size;
    const start = Math.max(from, end - TAIL_BYTES);
    if (end <= start) return [];
    const buf = Buffer.alloc(end - start);
    await h.read(buf, 0, buf.length, start);
    let text = buf.toString('utf8');
    // Drop a partial first line when we started reading in the middle of the method's output.
    if (start > from) text = text.slice(text.indexOf('\n') + 1);
    return text.split('\n').filter((l) => l.trim().length > 0).slice(-lines);
  } finally {
    await h.close();
  }
}
