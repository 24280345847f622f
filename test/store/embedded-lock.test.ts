import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { StoreLockedError, openEmbeddedStore } from '../../src/store/index.js';
import { spawnChild } from './child.js';
import { put } from './contract-helpers.js';
import { tempDir } from './temp-dir.js';

describe('embedded store directory lock', () => {
  it('a second process cannot open a directory in use; after that process is killed, it can', async () => {
    const dir = await tempDir('lock');
    const holder = spawnChild('hold', dir.path);
    try {
      await holder.until('the holder to open the store', (lines) => lines.includes('ready'));
      await assert.rejects(openEmbeddedStore({ dir: dir.path }), (err: unknown) => {
        assert.ok(err instanceof StoreLockedError, String(err));
        assert.equal(err.message, `store directory ${dir.path} is already in use by process ${holder.pid}`);
        return true;
      });
      await holder.kill9();
      const store = await openEmbeddedStore({ dir: dir.path });
      assert.equal(await put(store, 'k', 'v'), 1);
      await store.close();
    } finally {
      await holder.kill9();
      await dir.remove();
    }
  });

  it('the same process cannot open a directory twice; close releases it', async () => {
    const dir = await tempDir('lock');
    try {
      const first = await openEmbeddedStore({ dir: dir.path });
      await assert.rejects(openEmbeddedStore({ dir: dir.path }), /already in use by process \d+ \(this process\)/);
      await first.close();
      const second = await openEmbeddedStore({ dir: dir.path });
      await second.close();
    } finally {
      await dir.remove();
    }
  });

  it('a lock left by a dead process, or unreadable, is taken over', async () => {
    const dir = await tempDir('lock');
    try {
      const dead = spawnSync(process.execPath, ['-e', '0']).pid as number; // exited and reaped
      for (const content of [JSON.stringify({ pid: dead }), `${dead}\n`, 'not a lock', JSON.stringify({ pid: process.pid, bootId: 'an-earlier-boot' })]) {
        await writeFile(join(dir.path, 'LOCK'), content);
        const store = await openEmbeddedStore({ dir: dir.path });
        assert.equal(JSON.parse(await readFile(join(dir.path, 'LOCK'), 'utf8')).pid, process.pid, `took over ${content}`);
        await store.close();
      }
    } finally {
      await dir.remove();
    }
  });
});
