import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ResourceType } from '../model/index.js';
import { formatDiagnostic, parseRtr } from '../rtr/index.js';

/** The repository root (this file runs from dist/src/types/). */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

/**
 * Built-in resource types: each is an ordinary RTR file with ordinary methods (the same public
 * interface third-party agents use), registered by every cluster at start with `source: 'builtin'`.
 * Paths are relative to the repository root; a relative RT_BASEDIR is relative to the RTR file.
 */
export const BUILTIN_RTR_FILES: readonly string[] = [
  // Each built-in type adds its RTR file here, e.g. 'src/types/cmdline/cmdline.rtr'.
  'src/types/cmdline/cmdline.rtr',
  'src/types/vip/vip.rtr',
  'src/types/volume/volume.rtr',
];

/** Parses every built-in RTR file; a broken built-in is a programming error, so it throws. */
export function loadBuiltinTypes(): ResourceType[] {
  return BUILTIN_RTR_FILES.map((rel) => {
    const file = resolve(REPO_ROOT, rel);
    const parsed = parseRtr(readFileSync(file, 'utf8'), file);
    if (!parsed.ok) throw new Error(`built-in type ${rel} is invalid: ${parsed.errors.map(formatDiagnostic).join('; ')}`);
    const t = parsed.type;
    const baseDir = t.baseDir === undefined || isAbsolute(t.baseDir) ? t.baseDir : resolve(dirname(file), t.baseDir);
    return { ...t, ...(baseDir === undefined ? {} : { baseDir }), source: 'builtin' };
  });
}
