import { dirname, isAbsolute, resolve } from 'node:path';
import type { ResourceType } from '../../model/index.js';
import { formatDiagnostic, parseRtr } from '../../rtr/index.js';

export type RtrTypeResult =
  | { readonly ok: true; readonly type: ResourceType }
  | { readonly ok: false; readonly messages: readonly string[] };

/**
 * Parses an RTR file named in a cluster file. A relative RT_BASEDIR is taken relative to the RTR
 * file's own directory (method runners need an absolute one), so a checked-out example works
 * wherever the repository is. Messages are `file:line:column: text`.
 */
export function typeFromRtr(text: string, file: string): RtrTypeResult {
  const parsed = parseRtr(text, file);
  if (!parsed.ok) return { ok: false, messages: parsed.errors.map(formatDiagnostic) };
  const { type } = parsed;
  if (type.baseDir === undefined || isAbsolute(type.baseDir)) return { ok: true, type };
  return { ok: true, type: { ...type, baseDir: resolve(dirname(file), type.baseDir) } };
}
