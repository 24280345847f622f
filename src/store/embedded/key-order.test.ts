import assert from 'node:assert/strict';
import { it } from 'node:test';
import fc from 'fast-check';
import { compareKeys, keysWithPrefix } from './key-order.js';

const utf8Order = (a: string, b: string): number => Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
// Full Unicode strings, including the code points where UTF-16 order and UTF-8 order disagree.
const key = fc.string({ unit: fc.oneof(fc.constantFrom('a', 'b', '/', '\uE000', '\uFFFD', '\u{1F600}', '\u{10000}'), fc.fullUnicode()), maxLength: 6 });

it('compareKeys orders keys exactly as their UTF-8 bytes (etcd order)', () => {
  fc.assert(fc.property(key, key, (a, b) => Math.sign(compareKeys(a, b)) === Math.sign(utf8Order(a, b))));
  assert.ok(compareKeys('\uFFFD', '\u{1F600}') < 0, 'U+FFFD sorts before U+1F600 although its UTF-16 unit is larger');
});

it('keysWithPrefix finds exactly the keys starting with the prefix', () => {
  fc.assert(fc.property(fc.uniqueArray(key), key, (keys, prefix) => {
    const sorted = [...keys].sort(compareKeys);
    assert.deepEqual(keysWithPrefix(sorted, prefix), sorted.filter((k) => k.startsWith(prefix)));
  }));
});
