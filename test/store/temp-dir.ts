import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A fresh directory under the system temp dir, removed by `remove()`. */
export async function tempDir(label: string): Promise<{ readonly path: string; remove(): Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), `ferry-store-${label}-`));
  return { path, remove: () => rm(path, { recursive: true, force: true }) };
}
