import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CliError } from '../cli/errors.js';
import { parseNodeNetns } from './cluster-commands.js';

describe('ferry up --node-netns', () => {
  it('maps nodes to network namespaces', () => {
    assert.deepEqual(parseNodeNetns('n1=ferry-n1, n2=ferry_n2.x', ['n1', 'n2', 'n3']), { n1: 'ferry-n1', n2: 'ferry_n2.x' });
  });

  it('refuses malformed items, unknown or repeated nodes and an empty map as usage errors', () => {
    for (const [text, pattern] of [
      ['n1', /expected node=namespace/], ['n1=', /expected node=namespace/], ['=ns', /expected node=namespace/],
      ['n1=a b', /expected node=namespace/], ['n1=../x', /expected node=namespace/], ['n9=x', /n9 is not one of the nodes/],
      ['n1=a,n1=b', /n1 is given twice/], [',', /at least one/],
    ] as const) {
      assert.throws(() => parseNodeNetns(text, ['n1', 'n2']), (err: unknown) => err instanceof CliError && err.exitCode === 2 && pattern.test(err.message), text);
    }
  });
});
