#!/usr/bin/env node
// Builds the native pmfadm (native/*.c → dist/native/pmfadm) with `cc`, else `gcc`. Optional: without
// a compiler, or if compiling fails, it says so in one line, removes any older build (it would no
// longer match the sources) and exits 0, and bin/pmfadm runs the JavaScript pmfadm. The binary is
// written beside the target and renamed over it, so a pmfadm started meanwhile never runs a
// half-written file.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const sources = readdirSync(join(root, 'native')).filter((f) => f.endsWith('.c')).sort().map((f) => join(root, 'native', f));
const target = join(root, 'dist', 'native', 'pmfadm');
const partial = `${target}.${process.pid}.tmp`;
const flags = ['-std=c11', '-O2', '-Wall', '-Wextra'];

const compiler = ['cc', 'gcc'].find((c) => spawnSync(c, ['--version'], { stdio: 'ignore' }).status === 0);
if (compiler === undefined) {
  rmSync(target, { force: true });
  console.log('build-native: no C compiler (cc, gcc) found; pmfadm stays the JavaScript one');
  process.exit(0);
}
mkdirSync(dirname(target), { recursive: true });
const r = spawnSync(compiler, [...flags, '-o', partial, ...sources], { encoding: 'utf8' });
if (r.status !== 0) {
  rmSync(partial, { force: true });
  rmSync(target, { force: true });
  const why = (r.stderr || r.error?.message || `exit ${r.status ?? r.signal}`).trim().split('\n')[0];
  console.log(`build-native: compiling native/pmfadm failed (${why}); pmfadm stays the JavaScript one`);
  process.exit(0);
}
if (r.stderr.trim() !== '') process.stderr.write(r.stderr);
renameSync(partial, target);
