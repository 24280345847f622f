// Golden files for the RTR parser: every valid corpus file must give the ResourceType in
// `x.rtr.expected.json` (and its warnings, if any, in `x.rtr.warnings.txt`); every invalid one
// must give exactly the diagnostics in `x.rtr.expected.txt`. Run with UPDATE=1 to rewrite them,
// then read the diff before keeping it.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { formatDiagnostic, parseRtr, type RtrDiagnostic } from '../../src/rtr/index.js';
import { corpus } from './rtr-corpus.js';

const update = process.env['UPDATE'] === '1';

const lines = (ds: readonly RtrDiagnostic[]): string => ds.map((d) => `${formatDiagnostic(d)}\n`).join('');

/** Compares `actual` with the golden file at `path`, or rewrites it (removes it when `actual` is undefined). */
function golden(path: string, actual: string | undefined): void {
  if (update) {
    if (actual === undefined) rmSync(path, { force: true });
    else writeFileSync(path, actual);
    return;
  }
  if (actual === undefined) {
    assert.ok(!existsSync(path), `${path} exists but nothing was expected there (run with UPDATE=1)`);
    return;
  }
  assert.ok(existsSync(path), `${path} is missing (run with UPDATE=1 and review it)`);
  assert.equal(actual, readFileSync(path, 'utf8'));
}

void describe('valid RTR corpus', () => {
  const files = corpus('valid');
  void test('has at least 12 files', () => assert.ok(files.length >= 12, `only ${files.length}`));
  for (const f of files) {
    void test(f.name, () => {
      const r = parseRtr(f.text, f.name);
      assert.ok(r.ok, `expected ${f.name} to register, got:\n${r.ok ? '' : lines(r.errors)}`);
      golden(`${f.path}.expected.json`, `${JSON.stringify(r.type, null, 2)}\n`);
      golden(`${f.path}.warnings.txt`, r.warnings.length > 0 ? lines(r.warnings) : undefined);
    });
  }
});

void describe('invalid RTR corpus', () => {
  const files = corpus('invalid');
  void test('has at least 20 files', () => assert.ok(files.length >= 20, `only ${files.length}`));
  for (const f of files) {
    void test(f.name, () => {
      const r = parseRtr(f.text, f.name);
      assert.ok(!r.ok, `expected ${f.name} to be rejected`);
      golden(`${f.path}.expected.txt`, lines(r.errors));
    });
  }
});
