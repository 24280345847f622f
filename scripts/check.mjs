#!/usr/bin/env node
// One command runs every check: types (tsc), lint (eslint), then unit, scenario and
// end-to-end tests with Node's test runner. Exits non-zero on the first failing stage.
import { spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';

rmSync('dist', { recursive: true, force: true });
const stages = [
  ['types', 'npm', ['run', '--silent', 'build']],
  ['lint', 'npx', ['eslint', '.']],
  ['tests', process.execPath, ['--test', '--test-concurrency=1', ...['dist/src', 'dist/test'].filter((d) => existsSync(d))]],
];
for (const [name, cmd, args] of stages) {
  console.log(`\n== ${name}: ${cmd === process.execPath ? 'node' : cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit' });
  if (r.status !== 0) {
    console.error(`\n${name} failed (exit ${r.status ?? r.signal})`);
    process.exit(1);
  }
}
