// The real SAM-QFS RTR files (../shared/fixtures/rtr) register with the right model.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { findSchema, type ResourceType } from '../../src/model/index.js';
import { formatDiagnostic, parseRtr } from '../../src/rtr/index.js';
import { readShared } from './rtr-corpus.js';

function register(name: string): { type: ResourceType; warnings: string[] } {
  const r = parseRtr(readShared(name), name);
  if (!r.ok) assert.fail(`${name} was rejected:\n${r.errors.map(formatDiagnostic).join('\n')}`);
  return { type: r.type, warnings: r.warnings.map(formatDiagnostic) };
}

const schema = (t: ResourceType, name: string) => {
  const s = findSchema(t.properties, name);
  assert.ok(s, `${t.name} has no property ${name}`);
  return s;
};

void describe('SUNW.qfs', () => {
  const { type: qfs, warnings } = register('SUNW.qfs');

  void test('registers without warnings under its full name', () => {
    assert.deepEqual(warnings, []);
    assert.equal(qfs.name, 'SUNW.qfs:5');
    assert.equal(qfs.resourceType, 'qfs');
    assert.equal(qfs.vendorId, 'SUNW');
    assert.equal(qfs.rtVersion, '5');
    assert.equal(qfs.apiVersion, 3);
    assert.equal(qfs.failover, true);
    assert.equal(qfs.description, 'SAM-QFS Agent on SunCluster');
    assert.equal(qfs.baseDir, '/opt/SUNWsamfs/sc/bin');
    assert.equal(qfs.source, 'SUNW.qfs');
  });

  void test('declares all twelve methods, paths kept relative', () => {
    assert.deepEqual(qfs.methods, {
      Start: 'scqfs_start', Stop: 'scqfs_stop', Validate: 'scqfs_validate', Update: 'scqfs_update',
      Init: 'scqfs_init', Fini: 'scqfs_fini', Boot: 'scqfs_boot',
      Prenet_start: 'scqfs_prenet_start', Postnet_stop: 'scqfs_postnet_stop',
      Monitor_start: 'scqfs_monitor_start', Monitor_stop: 'scqfs_monitor_stop', Monitor_check: 'scqfs_monitor_check',
    });
  });

  void test('keeps the four #$upgrade_from directives with normalized tunability', () => {
    assert.deepEqual(qfs.upgrade, {
      from: [
        { version: '3.1', tunability: 'ANYTIME' }, { version: '3.2', tunability: 'ANYTIME' },
        { version: '4.5-05', tunability: 'ANYTIME' }, { version: '4.6', tunability: 'ANYTIME' },
      ],
    });
  });

  void test('the ENUM extension property has its literals and quoted default', () => {
    assert.deepEqual(schema(qfs, 'QFSLeaseRecoveryPolicy'), {
      name: 'QFSLeaseRecoveryPolicy', extension: true, type: 'ENUM', enumValues: ['Timeout', 'Auto', 'Cluster'],
      default: 'Auto', tunable: 'ANYTIME', perNode: false, description: 'QFS Wait for Lease Recovery Policy',
    });
  });

  void test('the STRINGARRAY extension property has no default', () => {
    const fs = schema(qfs, 'QFSFileSystem');
    assert.equal(fs.type, 'STRINGARRAY');
    assert.equal(fs.extension, true);
    assert.equal('default' in fs, false);
  });

  void test('method timeouts override min and default of the system property', () => {
    assert.deepEqual(schema(qfs, 'prenet_start_timeout'), {
      name: 'Prenet_start_timeout', extension: false, type: 'INT', default: 360, min: 60, tunable: 'ANYTIME', perNode: false,
    });
    assert.equal(schema(qfs, 'Init_timeout').min, 30);
  });

  void test('system properties keep their type and take the overrides under the canonical name', () => {
    const mode = schema(qfs, 'Failover_mode');
    assert.equal(mode.name, 'Failover_mode');
    assert.equal(mode.default, 'SOFT');
    assert.equal(mode.type, 'ENUM');
    assert.deepEqual([schema(qfs, 'Retry_interval').max, schema(qfs, 'Retry_interval').default], [3600, 750]);
  });

  void test('INT extension defaults are numbers, negative ones included', () => {
    assert.equal(schema(qfs, 'Child_mon_level').default, -1);
    const clients = schema(qfs, 'QFS_umount_await_clients');
    assert.deepEqual([clients.min, clients.max, clients.default], [0, 300, 30]);
  });

  void test('the paramtable keeps file order', () => {
    assert.equal(qfs.properties.length, 23);
    assert.equal(qfs.properties[0]?.name, 'Prenet_start_timeout');
    assert.equal(qfs.properties.at(-1)?.name, 'Child_mon_level');
  });
});

void describe('SUNW.hasam', () => {
  const { type: hasam, warnings } = register('SUNW.hasam');

  void test('is a scalable-capable type with a package list and no upgrade directives', () => {
    assert.deepEqual(warnings, []);
    assert.equal(hasam.name, 'SUNW.hasam:4.6');
    assert.equal(hasam.failover, false);
    assert.deepEqual(hasam.pkglist, ['SUNWhasam']);
    assert.equal(hasam.upgrade, undefined);
    assert.equal(hasam.methods.Boot, undefined);
    assert.equal(Object.keys(hasam.methods).length, 11);
  });

  void test('rt_properties defaults fill what the file leaves out', () => {
    assert.equal(hasam.singleInstance, false);
    assert.equal(hasam.globalZone, false);
    assert.equal(hasam.proxy, false);
    assert.equal(hasam.rtSystem, false);
    assert.equal(hasam.initNodes, 'RG_PRIMARIES');
    assert.equal(hasam.installedNodes, '*');
  });

  void test('DEFAULT = ; and DEFAULT = ""; give empty lists for STRINGARRAY properties', () => {
    assert.deepEqual(schema(hasam, 'Port_list').default, []);
    assert.equal(schema(hasam, 'Port_list').tunable, 'AT_CREATION');
    assert.deepEqual(schema(hasam, 'Network_resources_used').default, []);
    assert.equal(schema(hasam, 'Network_resources_used').tunable, 'WHEN_DISABLED');
    assert.deepEqual(schema(hasam, 'Confdir_list').default, []);
  });

  void test('DEFAULT = ""; gives the empty string for a STRING property', () => {
    assert.equal(schema(hasam, 'CatalogFileSystem').default, '');
  });

  void test('DEFAULT=false without blanks is the boolean false', () => {
    assert.equal(schema(hasam, 'Scalable').default, false);
  });

  void test('DSDL monitor properties are accepted as extensions', () => {
    assert.equal(schema(hasam, 'Monitor_retry_count').extension, true);
    assert.equal(schema(hasam, 'Monitor_retry_count').default, 4);
  });
});
