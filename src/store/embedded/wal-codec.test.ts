import assert from 'node:assert/strict';
import { it } from 'node:test';
import fc from 'fast-check';
import { encodeRecord, scanRecords } from './wal-codec.js';

const payloads = fc.array(fc.record({ seq: fc.nat(), text: fc.string({ unit: 'binary', maxLength: 40 }) }), { maxLength: 8 });

it('a log cut at any byte reads back as exactly the records that are complete', () => {
  fc.assert(fc.property(payloads, fc.nat(), (records, cutSeed) => {
    const encoded = records.map(encodeRecord);
    const all = Buffer.concat(encoded);
    const cut = all.length === 0 ? 0 : cutSeed % (all.length + 1);
    const scan = scanRecords(all.subarray(0, cut));
    let complete = 0;
    let end = 0;
    while (complete < encoded.length && end + (encoded[complete] as Buffer).length <= cut) end += (encoded[complete++] as Buffer).length;
    assert.deepEqual(scan.payloads, records.slice(0, complete));
    assert.equal(scan.validBytes, end);
    assert.equal(scan.damage === undefined, end === cut);
  }));
});

it('a flipped bit in a record stops the scan at that record', () => {
  fc.assert(fc.property(payloads.filter((r) => r.length > 0), fc.nat(), fc.nat(7), (records, at, bit) => {
    const encoded = records.map(encodeRecord);
    const all = Buffer.concat(encoded);
    const byte = at % all.length;
    all[byte] = (all[byte] as number) ^ (1 << bit);
    let index = 0;
    let start = 0;
    while (start + (encoded[index] as Buffer).length <= byte) start += (encoded[index++] as Buffer).length;
    const scan = scanRecords(all);
    assert.deepEqual(scan.payloads, records.slice(0, index));
    assert.equal(scan.validBytes, start);
    assert.notEqual(scan.damage, undefined);
  }));
});

it('garbage is never read as records', () => {
  const scan = scanRecords(Buffer.from('{"seq":1}\n{"seq":2}\n'));
  assert.deepEqual(scan.payloads, []);
  assert.match(scan.damage ?? '', /at byte 0/);
});
