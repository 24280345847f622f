import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseDurationMs, parseWhatIf } from './what-if.js';

test('what-if phrases become simulation steps, in order', () => {
  const r = parseWhatIf('node n1 dies; time passes 10m then resource web fails to stop on n2\nresource web fails its monitor on n2');
  assert.ok(r.ok);
  assert.deepEqual(r.value, [
    { kind: 'event', event: { kind: 'node-down', node: 'n1' } },
    { kind: 'advance', byMs: 600_000 },
    { kind: 'inject', resource: 'web', method: 'Stop', outcome: { execution: 'done', exitCode: 1 }, target: 'n2' },
    { kind: 'monitor-fails', resource: 'web', target: 'n2' },
  ]);
});

test('what-if: admin phrases, scha_control and configuration switches', () => {
  const r = parseWhatIf('switch rg1 to n2; bring rg2 online on n3; take rg3 offline; evacuate n1 for 5m; resource r asks for giveover; disable r; Node N2 Comes Back.');
  assert.ok(r.ok);
  assert.deepEqual(r.value.map((s) => (s.kind === 'event' ? `${s.event.kind}` : s.kind)), ['admin', 'admin', 'admin', 'evacuate', 'scha', 'config', 'node-up']);
  const ev = r.value[3];
  assert.deepEqual(ev, { kind: 'evacuate', node: 'n1', forMs: 300_000 });
});

test('what-if: every phrase that is not understood is reported', () => {
  const r = parseWhatIf('node n1 explodes; time passes soon; resource r asks for NAP');
  assert.ok(!r.ok);
  assert.equal(r.errors.length, 3);
  assert.match(r.errors[0]?.message ?? '', /not understood; accepted: node n1 dies/);
  assert.match(r.errors[2]?.message ?? '', /unknown scha_control tag NAP/);
  assert.ok(!parseWhatIf('  ;  ').ok);
});

test('durations', () => {
  assert.equal(parseDurationMs('90'), 90_000);
  assert.equal(parseDurationMs('90s'), 90_000);
  assert.equal(parseDurationMs('10m'), 600_000);
  assert.equal(parseDurationMs('2h'), 7_200_000);
  assert.equal(parseDurationMs('250ms'), 250);
  assert.equal(typeof parseDurationMs('soon'), 'string');
  assert.equal(typeof parseDurationMs('-5s'), 'string');
});
