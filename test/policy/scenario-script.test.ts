// The golden scenario reader itself, with good and bad input.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseScenario, renderScenario, ScenarioRunner } from './scenario-script.js';
import { ScenarioError } from './scenario-config.js';

const text = `# a comment
setup
nodes n1
type app methods=Start,Stop
group rg1 Nodelist=n1
resource r1 type=app group=rg1
----

decide
----
a1 Start r1 on n1 (rg1) — old text
`;

test('a scenario file is blocks of command, input, ---- and output; rendering writes it back', () => {
  const blocks = parseScenario(text);
  assert.equal(blocks.length, 2);
  assert.deepEqual(blocks[0]?.comments, ['# a comment']);
  assert.equal(blocks[0]?.input.length, 4);
  assert.equal(blocks[1]?.command, 'decide');
  assert.equal(renderScenario(blocks, blocks.map((b) => b.expected)), text);
  const runner = new ScenarioRunner();
  const outputs = blocks.map((b) => runner.run(b));
  assert.match(outputs[1]?.[0] ?? '', /^a1 Start r1 on n1 \(rg1\) — rg1 goes online on n1/);
});

test('a block without its ---- line, or with a blank line before it, is an error with its line number', () => {
  assert.throws(() => parseScenario('decide\n'), (e: unknown) => e instanceof ScenarioError && /line 1: "decide" has no "----" line/.test(e.message));
  assert.throws(() => parseScenario('setup\nnodes n1\n\n----\n'), (e: unknown) => e instanceof ScenarioError && /before a blank line/.test(e.message));
});

test('commands before setup, unknown commands and bad declarations are printed as errors', () => {
  const runner = new ScenarioRunner();
  assert.deepEqual(runner.run({ comments: [], command: 'decide', input: [], expected: [], line: 3 }), ['error: line 3: "decide" before setup']);
  assert.deepEqual(runner.run({ comments: [], command: 'setup', input: ['nodes n1', 'widget w'], expected: [], line: 1 }), ['error: setup line 2 ("widget w"): unknown declaration "widget" (expected nodes, node, type, group or resource)']);
});
