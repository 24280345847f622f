import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { lstatSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { callEndpoint, EndpointCallError, EndpointError, serveEndpoint } from '../../src/agent/endpoint/index.js';
import type { EndpointContext } from '../../src/agent/endpoint/index.js';
import { tempDir, waitFor } from './helpers.js';

const isCallError = (kind: string, code?: string) => (e: unknown): boolean =>
  e instanceof EndpointCallError && e.kind === kind && (code === undefined || e.code === code);

describe('agent endpoint', () => {
  let dir: string;
  let cleanup: () => void;
  before(() => ({ dir, cleanup } = tempDir()));
  after(() => cleanup());

  it('answers a route with the handler result and gives handler refusals to the caller', async () => {
    const socket = join(dir, 'run', 'nested', 'agent.sock');
    const seen: EndpointContext[] = [];
    const ep = await serveEndpoint(socket, {
      'echo.twice': async (body, ctx) => {
        seen.push(ctx);
        return { twice: [body, body] };
      },
      refuse: async () => { throw new EndpointError('no-such-tag', 'nametag x does not exist', 404); },
      crash: async () => { throw new Error('boom'); },
    });
    try {
      assert.deepEqual(await callEndpoint(socket, 'echo.twice', { a: 'é' }), { twice: [{ a: 'é' }, { a: 'é' }] });
      assert.equal(seen[0]?.route, 'echo.twice');
      assert.equal(seen[0]?.socketPath, socket);
      await assert.rejects(callEndpoint(socket, 'refuse', {}), isCallError('remote', 'no-such-tag'));
      await assert.rejects(callEndpoint(socket, 'crash', {}), isCallError('remote', 'internal'));
      await assert.rejects(callEndpoint(socket, 'nope', {}), isCallError('remote', 'unknown-route'));
      await assert.rejects(callEndpoint(socket, 'constructor', {}), isCallError('remote', 'unknown-route'));
      assert.equal(lstatSync(socket).mode & 0o777, 0o600, 'socket is private by default');
    } finally {
      await ep.close();
    }
    assert.throws(() => lstatSync(socket), 'close removes the socket file');
  });

  it('rejects a body that is not JSON with 400', async () => {
    const socket = join(dir, 'raw.sock');
    const ep = await serveEndpoint(socket, { r: async () => 1 });
    try {
      const status = await new Promise<number | undefined>((resolve, reject) => {
        const req = request({ socketPath: socket, path: '/r', method: 'POST' }, (res) => { res.resume(); resolve(res.statusCode); });
        req.on('error', reject);
        req.end('{not json');
      });
      assert.equal(status, 400);
    } finally {
      await ep.close();
    }
  });

  it('honours the socket mode option', async () => {
    const socket = join(dir, 'group.sock');
    const ep = await serveEndpoint(socket, {}, { mode: 0o660 });
    assert.equal(lstatSync(socket).mode & 0o777, 0o660);
    await ep.close();
  });

  it('reports an absent agent as unreachable and a slow one as a timeout, telling the handler', async () => {
    await assert.rejects(callEndpoint(join(dir, 'absent.sock'), 'x', {}), isCallError('unreachable'));
    const socket = join(dir, 'slow.sock');
    let hungUp = false;
    const ep = await serveEndpoint(socket, {
      slow: (_body, ctx) => new Promise((resolve) => ctx.signal.addEventListener('abort', () => { hungUp = true; resolve(null); })),
    });
    try {
      await assert.rejects(callEndpoint(socket, 'slow', {}, { timeoutMs: 100 }), isCallError('timeout'));
      await waitFor(() => hungUp, 'the handler to see the caller hang up');
    } finally {
      await ep.close();
    }
  });

  it('replaces a stale socket left by a dead agent but not a live one or a regular file', async () => {
    const socket = join(dir, 'stale.sock');
    // A process that listens on the socket and is then SIGKILLed leaves the file behind.
    const holder = spawn(process.execPath, ['-e', `require('net').createServer().listen(${JSON.stringify(socket)}, () => console.log('up'))`], { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise((resolve) => holder.stdout.once('data', resolve));
    await assert.rejects(serveEndpoint(socket, {}), /already serves/);
    holder.kill('SIGKILL');
    await new Promise((resolve) => holder.once('exit', resolve));
    assert.ok(lstatSync(socket).isSocket(), 'the dead holder left its socket file');
    const ep = await serveEndpoint(socket, { ping: async () => 'pong' });
    assert.equal(await callEndpoint(socket, 'ping', null), 'pong');
    await ep.close();
    const plain = join(dir, 'plain-file');
    writeFileSync(plain, 'data');
    await assert.rejects(serveEndpoint(plain, {}), /not a socket/);
  });
});
