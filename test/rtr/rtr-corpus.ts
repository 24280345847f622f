// Where the RTR test inputs live, relative to the repository root (the test runner's cwd).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const CORPUS_DIR = join(process.cwd(), 'test', 'fixtures', 'rtr');
/** The real SAM-QFS RTR files shared with every checkout at ../shared. */
export const SHARED_DIR = join(process.cwd(), '..', 'shared', 'fixtures', 'rtr');

export interface CorpusFile {
  readonly name: string;
  readonly path: string;
  readonly text: string;
}

/** The `*.rtr` files of `test/fixtures/rtr/<kind>/`, sorted by name. */
export function corpus(kind: 'valid' | 'invalid'): CorpusFile[] {
  const dir = join(CORPUS_DIR, kind);
  return readdirSync(dir)
    .filter((f) => f.endsWith('.rtr'))
    .sort()
    .map((name) => ({ name, path: join(dir, name), text: readFileSync(join(dir, name), 'utf8') }));
}

export const readShared = (name: string): string => readFileSync(join(SHARED_DIR, name), 'utf8');
