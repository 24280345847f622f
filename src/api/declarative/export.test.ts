import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { parse } from 'yaml';
import { emptyConfig, type ClusterConfig } from '../../model/index.js';
import { arbitraryConfig } from '../../model/change/config-arbitrary.js';
import { TEST_TYPES } from '../../model/change/fixtures.js';
import { exportCluster } from './export.js';
import { loadClusterFile, type ReadFile } from './load.js';
import { planApply } from './plan.js';

/** Loads YAML text as `/x/cluster.yaml` (other files from disk) and plans it onto an empty cluster. */
async function reimport(yaml: string, from: ReadFile = (p) => readFile(p, 'utf8')): Promise<ClusterConfig> {
  const files: ReadFile = async (p) => (p === '/x/cluster.yaml' ? yaml : from(p));
  const loaded = await loadClusterFile('/x/cluster.yaml', files);
  assert.ok(loaded.ok, loaded.ok ? '' : loaded.errors.map((e) => e.message).join('\n'));
  const planned = planApply(emptyConfig('other'), loaded.value, { builtinTypes: TEST_TYPES });
  assert.ok(planned.ok, planned.ok ? '' : `${planned.errors.map((e) => e.message).join('\n')}\n---\n${yaml}`);
  return planned.value.config;
}

const withoutGeneration = (c: ClusterConfig): ClusterConfig => ({ ...c, generation: 0 });

describe('exportCluster', () => {
  it('round-trips any configuration through YAML to an equal one', async () => {
    await fc.assert(fc.asyncProperty(arbitraryConfig, async (config) => {
      const again = await reimport(exportCluster(config));
      assert.deepEqual(withoutGeneration(again), withoutGeneration(config));
    }), { numRuns: 100 });
  });

  it('writes the example back as an equivalent file, RTR paths relative to it', async () => {
    const loaded = await loadClusterFile('examples/cluster.yaml', (p) => readFile(p, 'utf8'));
    assert.ok(loaded.ok);
    const planned = planApply(emptyConfig('demo'), loaded.value);
    assert.ok(planned.ok, planned.ok ? '' : planned.errors.map((e) => e.message).join('\n'));
    const config = planned.value.config;
    const relative = exportCluster(config, { relativeTo: resolve('examples') });
    const doc = parse(relative) as { types: unknown; nodes: unknown; groups: Record<string, { properties: Record<string, unknown> }> };
    assert.deepEqual(doc.types, [{ rtr: 'rtr/ferry.demo' }]);
    assert.deepEqual(doc.nodes, ['n1', 'n2', 'n3']);
    assert.deepEqual(doc.groups['demo-rg']?.properties['Nodelist'], ['n1', 'n2', 'n3']);
    assert.match(relative, /Nodelist: \[n1, n2, n3\]/);
    // Without relativeTo the RTR path is absolute, so the file loads from anywhere.
    const absolute = exportCluster(config);
    assert.match(absolute, new RegExp(`rtr: ${resolve('examples/rtr/ferry.demo').replace(/[.]/g, '\\.')}`));
    assert.deepEqual(withoutGeneration(await reimport(absolute)), withoutGeneration(config));
  });

  it('writes node ids only where loading would not reproduce them', () => {
    const config: ClusterConfig = {
      ...emptyConfig('c'),
      nodes: [{ name: 'a' as never, id: 3, zones: [] }, { name: 'b' as never, id: 2, zones: [] }, { name: 'c' as never, id: 4, zones: ['z' as never] }],
    };
    const doc = parse(exportCluster(config)) as { nodes: unknown };
    assert.deepEqual(doc.nodes, [{ name: 'a', id: 3 }, { name: 'b', id: 2 }, { name: 'c', id: 4, zones: ['z'] }]);
  });
});
