// The shipped guest examples are valid cluster files: every field, type and RMS attribute is
// accepted by the same planner `ferry apply` uses.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { describe, it } from 'node:test';
import { resolve } from 'node:path';
import { loadClusterFile, planApply } from '../../src/api/declarative/index.js';
import { emptyConfig } from '../../src/model/index.js';
import { loadBuiltinTypes } from '../../src/types/index.js';

const EXAMPLE = resolve('examples/oracle-vm');

async function plan(file: string) {
  const loaded = await loadClusterFile(file, async (p) => (await readFile(p, 'utf8')).replaceAll('@EXAMPLE@', EXAMPLE));
  assert.ok(loaded.ok, loaded.ok ? '' : loaded.errors.map((e) => e.message).join('\n'));
  const r = planApply({ ...emptyConfig(loaded.value.clusterName), types: loadBuiltinTypes() }, loaded.value, { builtinTypes: loadBuiltinTypes() });
  assert.ok(r.ok, r.ok ? '' : r.errors.map((e) => e.message).join('\n'));
  return r.value.config;
}

describe('examples/oracle-vm', () => {
  it('cluster.yaml: one userApplication whose guest depends on its network and volume', async () => {
    const c = await plan(`${EXAMPLE}/cluster.yaml`);
    const app = c.groups.find((g) => g.name === 'app_guest1');
    assert.equal(app?.flavor, 'userApplication');
    assert.equal(app?.managed, true);
    const guest = c.resources.find((r) => r.name === 'guest1');
    assert.deepEqual(guest?.properties['Resource_dependencies'], ['vnet_guest1', 'vdisk_guest1']);
    assert.equal(guest?.extension['Start_command'], `${EXAMPLE}/ldom-start guest1`);
  });

  it('kvm/cluster.yaml: the built-in vip and volume types in the Gls and Gds roles', async () => {
    const c = await plan(`${EXAMPLE}/kvm/cluster.yaml`);
    assert.deepEqual(c.resources.map((r) => [r.name, r.type]), [['br_guest1', 'ferry.vip:1'], ['disk_guest1', 'ferry.volume:1'], ['guest1', 'ferry.Cmdline:1']]);
  });
});
