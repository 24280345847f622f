// Runs every golden scenario under test/scenarios/*.txt; UPDATE=1 rewrites the expected outputs.
// Also checks the safety invariants on every decision the scenarios made.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { test } from 'node:test';
import { checkInvariants } from './invariants.js';
import { parseScenario, renderScenario, ScenarioRunner } from './scenario-script.js';

const dir = new URL('../../../test/scenarios/', import.meta.url);
const files = readdirSync(dir).filter((f) => f.endsWith('.txt')).sort();
const update = process.env['UPDATE'] === '1';

test('there are at least 80 golden scenarios', () => {
  assert.ok(files.length >= 80, `only ${files.length} scenario files`);
});

for (const file of files) {
  test(`scenario ${file}`, () => {
    const url = new URL(file, dir);
    const blocks = parseScenario(readFileSync(url, 'utf8'));
    const runner = new ScenarioRunner();
    const outputs = blocks.map((b) => runner.run(b));
    for (const { config, status, decision, now } of runner.decisions) {
      const broken = checkInvariants(config, status, decision, now);
      assert.deepEqual(broken, [], `${file}: invariant broken`);
    }
    if (update) {
      writeFileSync(url, renderScenario(blocks, outputs));
      return;
    }
    blocks.forEach((b, i) => {
      assert.equal((outputs[i] ?? []).join('\n'), b.expected.join('\n'), `${file} line ${b.line}: ${b.command}`);
    });
  });
}
