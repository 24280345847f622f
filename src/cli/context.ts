import type { Command } from 'commander';
import { parseAssignment, type Assignment } from '../model/index.js';
import { usageError } from './errors.js';
import type { Out } from './output.js';

/** The output settings of the command being run (--json is a global option). */
export function outFor(cmd: Command): Out {
  const json = Boolean((cmd.optsWithGlobals() as { json?: boolean }).json);
  return { json, print: (text: string) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`) };
}

/** Collects a repeatable option (`-p a=1 -p b=2`). */
export const collect = (value: string, previous: string[]): string[] => [...previous, value];

/** Parses `-p` arguments; a malformed one is a usage error naming it. */
export function assignments(texts: readonly string[]): Assignment[] {
  return texts.map((t) => {
    const r = parseAssignment(t);
    if (!r.ok) throw usageError(`-p ${t}: ${r.errors[0]?.message ?? 'malformed property assignment'}`);
    return r.value;
  });
}
