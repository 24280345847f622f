// Property tests over random clusters and random sequences of facts (fast-check): the safety rules
// of the RGM hold at every decision, whatever happens.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { deriveGroupStates } from '../../src/policy/index.js';
import { clusterArb, stepArb, type Step } from './arbitraries.js';
import { run } from './random-run.js';
import { deterministic, failoverOnOneTarget, idsAndSteps, nothingOverInFlight, stopFailedBlocks, strongDependenciesFirst, type Checked } from './invariants.js';

const RUNS = Number(process.env['PROPERTY_RUNS'] ?? 150);

function holds(name: string, rule: (c: Checked) => string[]): void {
  test(name, () => {
    fc.assert(fc.property(clusterArb, fc.array(stepArb, { minLength: 1, maxLength: 40 }), (config, steps) => {
      const { decisions } = run(config, steps);
      for (const c of decisions) assert.deepEqual(rule(c), []);
    }), { numRuns: RUNS });
  });
}

holds('a failover group is never started, or in flight to start, on two nodes', failoverOnOneTarget);
holds('nothing starts before what it strongly depends on is online', strongDependenciesFirst);
holds('a STOP_FAILED failover group is never started elsewhere unless its node was fenced', stopFailedBlocks);
holds('decide is deterministic: the same input gives deep-equal output', deterministic);
holds('decide never returns an action for a resource with one in flight on that target', nothingOverInFlight);
holds('action ids follow the status sequence number and each resource gets one step per target', idsAndSteps);

test('the status stays plain JSON data and the views never throw', () => {
  fc.assert(fc.property(clusterArb, fc.array(stepArb, { minLength: 1, maxLength: 30 }), (config, steps) => {
    const { final, config: c } = run(config, steps);
    assert.deepEqual(JSON.parse(JSON.stringify(final)), final);
    const states = deriveGroupStates(c, final);
    for (const g of c.groups) assert.ok(states[g.name] !== undefined);
  }), { numRuns: Math.ceil(RUNS / 3) });
});

test('a quiet cluster with every node up and nothing failing leaves no group half-way (only blocked ones wait)', () => {
  fc.assert(fc.property(clusterArb, (config) => {
    const { final, config: c } = run(config, Array.from({ length: 40 }, () => ({ kind: 'complete', pick: [], outcome: 'ok' }) as Step));
    const states = deriveGroupStates(c, final);
    for (const g of c.groups) {
      const row = Object.values(states[g.name] ?? {});
      if (row.length === 0) continue;
      assert.ok(!row.includes('PENDING_ONLINE') && !row.includes('PENDING_OFFLINE'), `${g.name} still pending: ${JSON.stringify(states[g.name])}`);
    }
  }), { numRuns: RUNS });
});
