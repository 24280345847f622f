#!/usr/bin/env node
// Runs every benchmark under dist/bench/ (each exports run(): rows of { name, value, unit }) and
// prints one table. Build first (npm run build). Benchmarks are never run as tests.
import { readdirSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const dir = resolve('dist/bench');
if (!existsSync(dir)) {
  console.error('bench: dist/bench not found; run "npm run build" first');
  process.exit(2);
}
const only = process.argv[2];
// The peer bench (Pacemaker) runs inside rgm.bench so its figures and the ratios share one run.
const files = readdirSync(dir).filter((f) => f.endsWith('.bench.js') && (only ? f.includes(only) : f !== 'pacemaker.bench.js')).sort();
const rows = [];
for (const f of files) {
  const mod = await import(pathToFileURL(join(dir, f)).href);
  if (typeof mod.run !== 'function') continue;
  process.stderr.write(`bench: ${f}\n`);
  for (const row of await mod.run()) rows.push({ bench: f.replace('.bench.js', ''), ...row });
}
const headers = ['bench', 'name', 'value', 'unit'];
const cells = rows.map((r) => [r.bench, r.name, typeof r.value === 'number' ? r.value.toFixed(r.value < 10 ? 2 : 1) : String(r.value), r.unit]);
const widths = headers.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
const line = (c) => c.map((x, i) => (i === 2 ? x.padStart(widths[i]) : x.padEnd(widths[i]))).join('  ');
console.log(line(headers));
console.log(line(widths.map((w) => '-'.repeat(w))));
for (const c of cells) console.log(line(c));
