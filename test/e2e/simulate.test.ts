import assert from 'node:assert/strict';
import { test } from 'node:test';
import { resolve } from 'node:path';
import { runFerry } from '../support/ferry-process.js';

const EXAMPLE = resolve('examples/cluster.yaml');

test('ferry simulate shows what a node loss would do and why, without a cluster', async () => {
  const r = await runFerry(['simulate', '-f', EXAMPLE, '-w', 'node n1 dies']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /node n1 dies/);
  assert.match(r.stdout, /Start worker-rs on n2 .*fails over to n2.*node n1 is DOWN/);
  const firstWeb = r.stdout.indexOf('Start web-rs on n2');
  assert.ok(firstWeb > r.stdout.indexOf('Start worker-rs on n2'), 'web-rs starts after worker-rs, which it depends on');
});

test('ferry simulate --json gives the transcript as data', async () => {
  const r = await runFerry(['--json', 'simulate', '-f', EXAMPLE, '-w', 'resource web-rs fails its monitor on n1']);
  assert.equal(r.code, 0, r.stderr);
  const d = JSON.parse(r.stdout) as { transcript: { kind: string }[]; quiescent: boolean };
  assert.equal(d.quiescent, true);
  assert.ok(d.transcript.some((e) => e.kind === 'decision'));
});

test('ferry simulate refuses a what-if it does not understand (exit 2) and a missing file (exit 1)', async () => {
  const bad = await runFerry(['simulate', '-f', EXAMPLE, '-w', 'the moon falls']);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /the moon falls/);
  const none = await runFerry(['simulate', '-f', EXAMPLE]);
  assert.equal(none.code, 2);
  const missing = await runFerry(['simulate', '-f', '/nonexistent.yaml', '-w', 'node n1 dies']);
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /nonexistent\.yaml/);
});
