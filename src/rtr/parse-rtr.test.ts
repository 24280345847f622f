import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { findSchema, type ResourceType } from '../model/index.js';
import { formatDiagnostic, parseRtr } from './index.js';

const HEAD = 'RESOURCE_TYPE = t;\nRT_VERSION = 1;\nSTART = /bin/start;\nSTOP = /bin/stop;\n';

function ok(text: string): ResourceType {
  const r = parseRtr(text, 'x.rtr');
  if (!r.ok) assert.fail(r.errors.map(formatDiagnostic).join('\n'));
  return r.type;
}

function errors(text: string): string[] {
  const r = parseRtr(text, 'x.rtr');
  assert.ok(!r.ok, 'expected the file to be rejected');
  return r.errors.map(formatDiagnostic);
}

void describe('parseRtr', () => {
  void test('a minimal file gets the rt_properties defaults and keeps its source', () => {
    const t = ok(HEAD);
    assert.equal(t.name, 't:1');
    assert.equal(t.source, 'x.rtr');
    assert.deepEqual(
      [t.apiVersion, t.failover, t.singleInstance, t.globalZone, t.proxy, t.rtSystem, t.initNodes, t.installedNodes, t.pkglist],
      [2, false, false, false, false, false, 'RG_PRIMARIES', '*', []],
    );
    assert.deepEqual(t.properties, []);
    assert.equal(t.upgrade, undefined);
  });

  void test('keywords are case-insensitive and quoting is only lexical', () => {
    const a = ok('resource_type = "t"; rt_version = "1"; start = "/bin/start"; stop = /bin/stop;');
    const b = ok(HEAD);
    assert.deepEqual({ ...a, source: '' }, { ...b, source: '' });
  });

  void test('defaults are typed by the property type', () => {
    const t = ok(`${HEAD}
      { PROPERTY = N; EXTENSION; INT; DEFAULT = "-5"; }
      { PROPERTY = B; EXTENSION; BOOLEAN; DEFAULT = True; }
      { PROPERTY = L; EXTENSION; STRINGARRAY; DEFAULT = a, "b c"; }
      { PROPERTY = S; EXTENSION; STRING; DEFAULT = ; }`);
    assert.deepEqual(t.properties.map((p) => p.default), [-5, true, ['a', 'b c'], '']);
  });

  void test('TUNABLE is normalized and defaults to ANYTIME for extension properties', () => {
    const t = ok(`${HEAD}
      { PROPERTY = A; EXTENSION; INT; DEFAULT = 1; }
      { PROPERTY = B; EXTENSION; INT; DEFAULT = 1; TUNABLE = false; }
      { PROPERTY = C; EXTENSION; INT; DEFAULT = 1; TUNABLE = True; }
      { PROPERTY = D; EXTENSION; INT; DEFAULT = 1; TUNABLE = when_disabled; }`);
    assert.deepEqual(t.properties.map((p) => p.tunable), ['ANYTIME', 'NONE', 'ANYTIME', 'WHEN_DISABLED']);
  });

  void test('a system property keeps its own tunability unless the file overrides it', () => {
    const t = ok(`${HEAD}{ PROPERTY = cheap_probe_interval; DEFAULT = 10; }`);
    assert.deepEqual(findSchema(t.properties, 'Cheap_probe_interval'), {
      name: 'Cheap_probe_interval', extension: false, type: 'INT', default: 10, min: 1, tunable: 'WHEN_DISABLED', perNode: false,
    });
  });

  void test('a timeout exists for a declared method only, MONITOR_CHECK included', () => {
    assert.ok(ok(`${HEAD}MONITOR_CHECK = /bin/c;\n{ PROPERTY = Monitor_check_timeout; DEFAULT = 9; }`));
    assert.deepEqual(errors(`${HEAD}{ PROPERTY = Monitor_check_timeout; DEFAULT = 9; }`), [
      'x.rtr:5:14: Monitor_check_timeout is the timeout of the MONITOR_CHECK method, which this type does not declare',
    ]);
  });

  void test('every error of a file is reported, in file order, pointing at the offending token', () => {
    const text = 'VENDOR_ID = V;\nRESOURCE_TYPE = t;\nRT_VERSION = "a b";\nSTART = /x;\n{ PROPERTY = Retry_count; DEFAULT = abc; }\n';
    assert.deepEqual(errors(text), [
      'x.rtr:1:1: the first declaration must be RESOURCE_TYPE, not VENDOR_ID',
      'x.rtr:2:1: the type declares no STOP method (nor POSTNET_STOP)',
      'x.rtr:3:14: RT_VERSION "a b" must not contain a space (a version may not contain blanks, / \\ * ? , ; [ ])',
      'x.rtr:5:37: DEFAULT of Retry_count must be an integer, not "abc"',
    ]);
  });

  void test('warnings do not stop registration', () => {
    const r = parseRtr('RESOURCE_TYPE = t;; RT_VERSION = 1; RT_BASEDIR = (DIR); START = s; STOP = s;', 'w.rtr');
    assert.ok(r.ok);
    assert.deepEqual(r.warnings.map(formatDiagnostic), [
      "w.rtr:1:19: stray ';' ignored",
      'w.rtr:1:50: RT_BASEDIR "(DIR)" is not an absolute path (an unsubstituted install-time placeholder?)',
    ]);
  });

  void test('a ";" in a description is a warning, in a value an error', () => {
    const text = `${HEAD}{ PROPERTY = P; EXTENSION; STRING; DEFAULT = "a;b"; DESCRIPTION = "x; y"; }`;
    assert.deepEqual(errors(text), ['x.rtr:5:46: DEFAULT of P must not contain ";"']);
    const r = parseRtr(`${HEAD}RT_DESCRIPTION = "one; two";`, 'x.rtr');
    assert.ok(r.ok);
    assert.deepEqual(r.warnings.map(formatDiagnostic), [
      'x.rtr:5:18: RT_DESCRIPTION contains ";", which Sun Cluster does not allow in values; other tools may refuse this file',
    ]);
  });

  void test('formatDiagnostic prints file:line:column: message', () => {
    assert.equal(formatDiagnostic({ file: 'a/b.rtr', line: 3, column: 7, message: 'bad' }), 'a/b.rtr:3:7: bad');
  });

  void test('malformed fragments are rejected with errors, never with an exception', () => {
    for (const text of ['{', '}', '"', '#$', '=', 'ENUM {', '{ ENUM { a, }', '{ PROPERTY = ;', 'A = B = C;', '{{{{', ';;;', '\u0000']) {
      const r = parseRtr(text, 'f.rtr');
      assert.equal(r.ok, false, text);
    }
  });
});
