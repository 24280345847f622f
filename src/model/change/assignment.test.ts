import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { formatAssignment, parseAssignment, type Assignment } from './assignment.js';

const parsed = (text: string): Assignment => {
  const r = parseAssignment(text);
  assert.ok(r.ok, `expected ${text} to parse: ${r.ok ? '' : r.errors.map((e) => e.message).join('; ')}`);
  return r.value;
};

const refused = (text: string, pattern: RegExp): void => {
  const r = parseAssignment(text);
  assert.equal(r.ok, false, `expected ${text} to be refused`);
  if (r.ok) return;
  assert.ok(r.errors.every((e) => e.subject === `argument "${text}"`), 'the subject names the argument');
  assert.match(r.errors.map((e) => e.message).join('\n'), pattern);
};

describe('parseAssignment', () => {
  it('reads the three operators', () => {
    assert.deepEqual(parsed('Retry_count=3'), { name: 'Retry_count', op: '=', value: '3' });
    assert.deepEqual(parsed('Resource_dependencies+=db-rs'), { name: 'Resource_dependencies', op: '+=', value: 'db-rs' });
    assert.deepEqual(parsed('Resource_dependencies-=db-rs,fs-rs'), { name: 'Resource_dependencies', op: '-=', value: 'db-rs,fs-rs' });
  });

  it('reads per-node assignments, without repeating a node', () => {
    assert.deepEqual(parsed('Port{n1,n2}=8080'), { name: 'Port', op: '=', value: '8080', nodes: ['n1', 'n2'] });
    assert.deepEqual(parsed('Port{ n1 , n1 }=1'), { name: 'Port', op: '=', value: '1', nodes: ['n1'] });
  });

  it('keeps the value verbatim: empty, with "=" or spaces inside', () => {
    assert.deepEqual(parsed('R_description='), { name: 'R_description', op: '=', value: '' });
    assert.deepEqual(parsed('Start_command=/bin/x --opt=a b'), { name: 'Start_command', op: '=', value: '/bin/x --opt=a b' });
  });

  it('tells a name ending in "-" from the "-=" operator', () => {
    assert.deepEqual(parsed('my-prop=1'), { name: 'my-prop', op: '=', value: '1' });
    assert.deepEqual(parsed('my-prop-=1'), { name: 'my-prop', op: '-=', value: '1' });
  });

  it('refuses malformed arguments, naming them', () => {
    refused('Retry_count', /expected Name=value/);
    refused('=3', /expected Name=value/);
    refused('{n1}=3', /expected Name=value/);
    refused('Port{n1=3', /expected Name=value/);
    refused('Port{}=3', /node list in \{\} is empty/);
    refused('1port=3', /property name "1port" must start with a letter/);
    refused('Port{n1,2x}=3', /node name "2x" must start with a letter/);
    refused('Po rt=3', /property name "Po rt"/);
  });

  it('formatAssignment is its inverse for command-line text', () => {
    const name = fc.stringMatching(/^[A-Za-z][A-Za-z0-9_]{0,10}$/);
    const node = fc.stringMatching(/^[a-z][a-z0-9]{0,5}$/);
    fc.assert(fc.property(
      name, fc.constantFrom<Assignment['op']>('=', '+=', '-='), fc.option(fc.uniqueArray(node, { minLength: 1, maxLength: 3 }), { nil: undefined }),
      fc.string().filter((s) => !s.includes('\n')),
      (n, op, nodes, value) => {
        const a: Assignment = nodes === undefined ? { name: n, op, value } : { name: n, op, value, nodes };
        assert.deepEqual(parsed(formatAssignment(a)), a);
      },
    ));
  });
});
