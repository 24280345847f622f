#!/usr/bin/env node
// One command runs every check: types (tsc), lint (eslint), then unit, scenario and
// end-to-end tests with Node's test runner. Exits non-zero on the first failing stage.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

rmSync('dist', { recursive: true, force: true });
const stages = [
  ['types', 'npm', ['run', '--silent', 'build']],
  ['lint', 'npx', ['eslint', '.']],
  ['tests', process.execPath, ['--test', '--test-concurrency=1']],
];
/** Every compiled *.test.js (support files and fixtures under test/ are not tests). */
function testFiles(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    return e.isDirectory() ? testFiles(p) : e.name.endsWith('.test.js') ? [p] : [];
  });
}

for (const [name, cmd, baseArgs] of stages) {
  const args = name === 'tests' ? [...baseArgs, ...testFiles('dist/src'), ...testFiles('dist/test')].filter((a, i, all) => a !== '' && all.indexOf(a) === i) : baseArgs;
  console.log(`\n== ${name}: ${cmd === process.execPath ? 'node' : cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit' });
  if (r.status !== 0) {
    console.error(`\n${name} failed (exit ${r.status ?? r.signal})`);
    process.exit(1);
  }
}
