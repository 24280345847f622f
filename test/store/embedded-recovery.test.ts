import assert from 'node:assert/strict';
import { appendFile, readdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { StoreCorruptError, openEmbeddedStore } from '../../src/store/index.js';
import { encodeRecord } from '../../src/store/embedded/wal-codec.js';
import { put } from './contract-helpers.js';
import { tempDir } from './temp-dir.js';

async function newestSegment(dir: string): Promise<string> {
  const segments = (await readdir(dir)).filter((n) => n.startsWith('wal-')).sort();
  return join(dir, segments.at(-1) as string);
}

/** A data directory holding keys k0..k(n-1), one revision each, closed. */
async function populated(label: string, n: number): Promise<{ path: string; remove(): Promise<void> }> {
  const dir = await tempDir(label);
  const store = await openEmbeddedStore({ dir: dir.path });
  for (let i = 0; i < n; i++) await put(store, `k${i}`, String(i));
  await store.close();
  return dir;
}

const torn: [string, Buffer][] = [
  ['random bytes', Buffer.from([0x00, 0x00, 0x01, 0x07, 0xde, 0xad, 0xbe, 0xef, 0x7b, 0x22])],
  ['half of a valid record', encodeRecord({ seq: 6, revision: 6, changes: [{ kind: 'put', kv: { key: 'late', value: 'x', createRevision: 6, modRevision: 6, version: 1 } }] }).subarray(0, 20)],
  ['zeros', Buffer.alloc(64)],
  ['a header claiming 4 GiB', Buffer.from([0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0])],
  ['a record with a wrong checksum', (() => {
    const r = encodeRecord({ seq: 6, revision: 6, changes: [] });
    r.writeUInt32BE(r.readUInt32BE(4) ^ 1, 4);
    return r;
  })()],
];

describe('embedded store recovery', () => {
  for (const [kind, garbage] of torn) {
    it(`a torn WAL tail (${kind}) is truncated at open, keeping every earlier record`, async () => {
      const dir = await populated('torn', 5);
      try {
        const wal = await newestSegment(dir.path);
        await appendFile(wal, garbage);
        const warnings: string[] = [];
        let store = await openEmbeddedStore({ dir: dir.path, logger: (level, m) => level === 'warn' && warnings.push(m) });
        assert.deepEqual((await store.list('')).items.map((kv) => kv.value), ['0', '1', '2', '3', '4']);
        assert.equal(warnings.length, 1);
        assert.match(warnings[0] as string, new RegExp(`WAL ${wal}: dropped ${garbage.length} bytes`));
        await put(store, 'k5', '5');
        await store.close();
        // Had the garbage stayed, this record would sit behind it and be lost at the next open.
        store = await openEmbeddedStore({ dir: dir.path, logger: (level, m) => level === 'warn' && warnings.push(m) });
        assert.deepEqual((await store.list('')).items.map((kv) => kv.value), ['0', '1', '2', '3', '4', '5']);
        assert.equal(warnings.length, 1, 'nothing more to truncate');
        await store.close();
      } finally {
        await dir.remove();
      }
    });
  }

  const refusals: [string, (dir: string) => Promise<void>, RegExp][] = [
    ['an unreadable snapshot', (dir) => writeFile(join(dir, 'snapshot.json'), '{"format":"ferry-store-snapshot",'), /snapshot\.json is damaged/],
    ['a snapshot of another format', (dir) => writeFile(join(dir, 'snapshot.json'), JSON.stringify({ format: 'other', version: 1 })), /snapshot\.json is damaged: format: Invalid literal value/],
    ['an intact record that is not an entry', async (dir) => appendFile(await newestSegment(dir), encodeRecord({ seq: 4, revision: 'four', changes: [] })), /record 4: revision: Expected number, received string/],
    ['a gap in the log', async (dir) => appendFile(await newestSegment(dir), encodeRecord({ seq: 9, revision: 4, changes: [] })), /record 4: log entry 9 does not apply: expected seq 4/],
    ['a record that deletes a missing key', async (dir) => appendFile(await newestSegment(dir), encodeRecord({ seq: 4, revision: 4, changes: [{ kind: 'delete', key: 'nope' }] })), /deletes missing key nope/],
    ['damage in a segment older than the newest', async (dir) => {
      const wal = await newestSegment(dir);
      await appendFile(wal, Buffer.from('garbage'));
      await rename(wal, join(dir, 'wal-0000000000000000.log'));
      await writeFile(join(dir, 'wal-0000000000000001.log'), encodeRecord({ seq: 1, revision: 1, changes: [] }));
    }, /wal-0000000000000000\.log is damaged: .*not the newest segment/],
  ];
  for (const [what, damage, message] of refusals) {
    it(`refuses to open with ${what}, naming the file`, async () => {
      const dir = await populated('corrupt', 3);
      try {
        await damage(dir.path);
        // Twice: a refusal must release the directory's lock, or the second try would say "in use".
        for (let attempt = 0; attempt < 2; attempt++) {
          await assert.rejects(openEmbeddedStore({ dir: dir.path }), (err: unknown) => {
            assert.ok(err instanceof StoreCorruptError, String(err));
            assert.match(err.message, message);
            return true;
          });
        }
      } finally {
        await dir.remove();
      }
    });
  }
});
