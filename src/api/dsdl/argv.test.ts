import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MethodArgvError, parseMethodArgv } from './argv.js';

test('the plain method argv, in any order, values attached or separate', () => {
  assert.deepEqual(parseMethodArgv(['-R', 'web', '-T', 'ferry.demo:1', '-G', 'web-rg']), { resource: 'web', type: 'ferry.demo:1', group: 'web-rg', rest: [] });
  assert.deepEqual(parseMethodArgv(['-Gweb-rg', '-Rweb', '-Tt', '-Z', 'z1', 'marker']), { resource: 'web', type: 't', group: 'web-rg', zone: 'z1', rest: ['marker'] });
});

test('Validate: -c/-u with -r, -x, -g and per-node -X, values keeping spaces and "="', () => {
  const a = parseMethodArgv(['-c', '-R', 'r', '-T', 't', '-G', 'g', '-r', 'Retry_count=3', '-x', 'Cmd=echo a=b c', '-g', 'Failback=TRUE', '-X', 'Greeting{n2}=hej', '-X', 'Greeting{n1}=hi']);
  assert.deepEqual(a.validate, {
    mode: 'create', resourceProps: { Retry_count: '3' }, extensionProps: { Cmd: 'echo a=b c' }, groupProps: { Failback: 'TRUE' },
    perNodeProps: { Greeting: { n2: 'hej', n1: 'hi' } },
  });
  assert.equal(parseMethodArgv(['-u', '-R', 'r', '-T', 't', '-G', 'g']).validate?.mode, 'update');
});

test('bad argument vectors are refused with a message naming the option', () => {
  const bad: [string[], RegExp][] = [
    [['-T', 't', '-G', 'g'], /-R resource is required/],
    [['-R', 'r', '-T', 't'], /-G group is required/],
    [['-R', 'r', '-T', 't', '-G'], /-G requires a value/],
    [['-R', 'r', '-T', 't', '-G', 'g', '-q'], /unknown option -q/],
    [['-c', '-u', '-R', 'r', '-T', 't', '-G', 'g'], /-c and -u/],
    [['-c', '-R', 'r', '-T', 't', '-G', 'g', '-x', 'novalue'], /name=value/],
    [['-c', '-R', 'r', '-T', 't', '-G', 'g', '-X', 'P=1'], /name\{node\}=value/],
    [['-R', 'r', '-T', 't', '-G', 'g', '-x', 'P=1'], /only passed to Validate/],
    [['-cx', '-R', 'r', '-T', 't', '-G', 'g'], /unexpected/],
  ];
  for (const [argv, message] of bad) assert.throws(() => parseMethodArgv(argv), (e: Error) => e instanceof MethodArgvError && message.test(e.message), argv.join(' '));
});
