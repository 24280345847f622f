import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CliError } from '../cli/errors.js';
import { parseZoneNetns } from './zone-netns-option.js';

describe('ferry up --zone-netns', () => {
  it('maps node:zone targets to existing network namespaces', () => {
    assert.deepEqual(parseZoneNetns('n1:z1=ns-a, n1:z2=ns_b.2,n2:z1=c', ['n1', 'n2']), { n1: { z1: 'ns-a', z2: 'ns_b.2' }, n2: { z1: 'c' } });
  });

  it('refuses malformed items, unknown nodes, repeated zones and an empty map as usage errors', () => {
    for (const [text, pattern] of [
      ['n1=ns', /expected node:zone=namespace/], ['n1:z1', /expected node:zone=namespace/], ['n1:z1=', /expected node:zone=namespace/],
      [':z1=ns', /expected node:zone=namespace/], ['n1:=ns', /expected node:zone=namespace/], ['n1:z1=../x', /expected node:zone=namespace/],
      ['n1:z1:z2=ns', /expected node:zone=namespace/], ['n1:z1=a b', /expected node:zone=namespace/],
      ['n9:z1=x', /n9 is not one of the nodes/], ['n1:z1=a,n1:z1=b', /n1:z1 is given twice/], [' , ', /at least one/],
    ] as const) {
      assert.throws(() => parseZoneNetns(text, ['n1', 'n2']), (err: unknown) => err instanceof CliError && err.exitCode === 2 && pattern.test(err.message), text);
    }
  });
});
