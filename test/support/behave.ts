import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** A private copy of the `behave` test agent (test/fixtures/agents/behave) with its control files. */
export interface BehaveAgent {
  readonly dir: string;
  readonly rtrFile: string;
  /** Makes `method` (lower-case file name, e.g. `start`) of `resource` behave: `exit 1`, `sleep 60`, `ignore-term 60`. */
  control(resource: string, method: string, behaviour: string, node?: string): void;
  clear(resource: string, method: string, node?: string): void;
  /** Lines of calls.log: `<method> node=<n> R=<r> T=<t> G=<g> Z=<z> mode=<m> argv=<…>`. */
  calls(): string[];
  remove(): void;
}

export function makeBehaveAgent(): BehaveAgent {
  const dir = mkdtempSync(join(tmpdir(), 'ferry-behave-'));
  cpSync(resolve('test/fixtures/agents/behave'), dir, { recursive: true, verbatimSymlinks: true });
  mkdirSync(join(dir, 'control'));
  const rtrFile = join(dir, 'behave.rtr');
  writeFileSync(rtrFile, readFileSync(rtrFile, 'utf8').replace('@BASEDIR@', dir));
  const file = (r: string, m: string, n?: string): string => join(dir, 'control', n ? `${r}.${m}.${n}` : `${r}.${m}`);
  return {
    dir,
    rtrFile,
    control: (r, m, b, n) => writeFileSync(file(r, m, n), `${b}\n`),
    clear: (r, m, n) => rmSync(file(r, m, n), { force: true }),
    calls: () => {
      try {
        return readFileSync(join(dir, 'calls.log'), 'utf8').trim().split('\n').filter(Boolean);
      } catch {
        return [];
      }
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
