import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseAffinityEntry } from './affinity-entry.js';
import { parseDependencyEntry } from './dependency-entry.js';

test('dependency entries: plain, the three scopes in any case, and @node', () => {
  assert.deepEqual(parseDependencyEntry('rs2'), { name: 'rs2', scope: 'from-rg-affinities', text: 'rs2' });
  assert.deepEqual(parseDependencyEntry('rs2{local_node}'), { name: 'rs2', scope: 'local', text: 'rs2{local_node}' });
  assert.deepEqual(parseDependencyEntry('rs2{ANY_NODE}'), { name: 'rs2', scope: 'any', text: 'rs2{ANY_NODE}' });
  assert.deepEqual(parseDependencyEntry('oep-rs{any_node}'), { name: 'oep-rs', scope: 'any', text: 'oep-rs{any_node}' });
  assert.deepEqual(parseDependencyEntry('rs2{From_RG_Affinities}'), { name: 'rs2', scope: 'from-rg-affinities', text: 'rs2{From_RG_Affinities}' });
  assert.deepEqual(parseDependencyEntry('rs2@n1'), { name: 'rs2', scope: { node: 'n1' }, text: 'rs2@n1' });
});

test('dependency entries: bad input is reported with the accepted forms', () => {
  for (const bad of ['', 'rs2{', 'rs2{nowhere}', 'rs2{LOCAL_NODE}@n1', 'a b', '{ANY_NODE}']) {
    const r = parseDependencyEntry(bad);
    assert.equal(typeof r, 'string', `"${bad}" should be refused`);
  }
  assert.match(parseDependencyEntry('rs2{nowhere}') as string, /unknown scope \{nowhere\}/);
});

test('affinity entries: the five operators and the zone-cluster form', () => {
  assert.deepEqual(parseAffinityEntry('+rg'), { kind: '+', group: 'rg', text: '+rg' });
  assert.deepEqual(parseAffinityEntry('++rg'), { kind: '++', group: 'rg', text: '++rg' });
  assert.deepEqual(parseAffinityEntry('+++rg'), { kind: '+++', group: 'rg', text: '+++rg' });
  assert.deepEqual(parseAffinityEntry('-rg'), { kind: '-', group: 'rg', text: '-rg' });
  assert.deepEqual(parseAffinityEntry('--rg'), { kind: '--', group: 'rg', text: '--rg' });
  assert.deepEqual(parseAffinityEntry('++ZC2:RG2'), { kind: '++', group: 'RG2', text: '++ZC2:RG2' });
  for (const bad of ['rg', '++++rg', '---rg', '+', '*rg', '']) assert.equal(typeof parseAffinityEntry(bad), 'string', bad);
});
