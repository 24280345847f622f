import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { getopt, MethodPathError, methodArgv, resolveMethodPath } from '../../src/agent/method-runner/index.js';

describe('methodArgv', () => {
  it('builds -R -T -G and adds -Z only for a zone', () => {
    assert.deepEqual(methodArgv({ resource: 'web-rs', type: 'SUNW.apache:4', group: 'web-rg' }), ['-R', 'web-rs', '-T', 'SUNW.apache:4', '-G', 'web-rg']);
    assert.deepEqual(methodArgv({ resource: 'r', type: 't', group: 'g', zone: 'z1' }), ['-R', 'r', '-T', 't', '-G', 'g', '-Z', 'z1']);
  });

  it('builds the Validate vector in the documented order', () => {
    const argv = methodArgv({
      resource: 'r', type: 't', group: 'g', zone: 'z1',
      validate: {
        mode: 'create',
        resourceProps: { Retry_count: '2', Port_list: '80/tcp,443/tcp' },
        extensionProps: { Start_command: '/usr/bin/httpd -k start' },
        groupProps: { Nodelist: 'n1,n2' },
        perNodeProps: { Probe_port: { n1: '8080', n2: '8081' } },
      },
    });
    assert.deepEqual(argv, [
      '-c', '-R', 'r', '-T', 't', '-G', 'g',
      '-r', 'Retry_count=2', '-r', 'Port_list=80/tcp,443/tcp',
      '-x', 'Start_command=/usr/bin/httpd -k start',
      '-g', 'Nodelist=n1,n2',
      '-Z', 'z1',
      '-X', 'Probe_port{n1}=8080', '-X', 'Probe_port{n2}=8081',
    ]);
    assert.equal(methodArgv({ resource: 'r', type: 't', group: 'g', validate: { mode: 'update', resourceProps: {}, extensionProps: {}, groupProps: {} } })[0], '-u');
  });

  it('round-trips through a getopts-style parse like a Validate script does (property)', () => {
    const name = fc.stringMatching(/^[A-Za-z][A-Za-z0-9_]{0,12}$/);
    const value = fc.string({ maxLength: 20 });
    const props = fc.dictionary(name, value, { maxKeys: 4 });
    fc.assert(fc.property(name, name, name, props, props, props, fc.constantFrom('create', 'update'), (resource, type, group, r, x, g, mode) => {
      const argv = methodArgv({ resource, type, group, validate: { mode: mode as 'create' | 'update', resourceProps: r, extensionProps: x, groupProps: g } });
      const { options, operands } = getopt(argv, 'cuR:T:G:r:x:g:Z:X:');
      assert.deepEqual(operands, []);
      const split = (flag: string): Record<string, string> => Object.fromEntries(options.filter((o) => o.flag === flag).map((o) => {
        const v = o.value ?? '';
        return [v.slice(0, v.indexOf('=')), v.slice(v.indexOf('=') + 1)];
      }));
      assert.equal(options[0]?.flag, mode === 'create' ? 'c' : 'u');
      assert.equal(options.find((o) => o.flag === 'R')?.value, resource);
      assert.equal(options.find((o) => o.flag === 'T')?.value, type);
      assert.equal(options.find((o) => o.flag === 'G')?.value, group);
      assert.deepEqual([split('r'), split('x'), split('g')], [r, x, g]);
    }));
  });
});

describe('resolveMethodPath', () => {
  it('takes relative paths from RT_basedir and keeps absolute ones', () => {
    assert.equal(resolveMethodPath('/opt/SUNWscapache', 'bin/apache_start'), '/opt/SUNWscapache/bin/apache_start');
    assert.equal(resolveMethodPath('/opt/x/', './bin/../bin/start'), '/opt/x/bin/start');
    assert.equal(resolveMethodPath('/opt/x', '/usr/local/bin/start'), '/usr/local/bin/start');
    assert.equal(resolveMethodPath(undefined, '/usr/local/bin/start'), '/usr/local/bin/start');
  });

  it('refuses a relative path without an absolute RT_basedir', () => {
    assert.throws(() => resolveMethodPath(undefined, 'bin/start'), MethodPathError);
    assert.throws(() => resolveMethodPath('opt/x', 'bin/start'), /RT_basedir "opt\/x" is not absolute/);
  });
});
