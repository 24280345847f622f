import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve as resolve_ } from 'node:path';
import { describe, test } from 'node:test';
import { CliError } from '../../cli/errors.js';
import { DEFAULT_LEASE_TTL_MS, resolveFerrydOptions } from './options.js';

const usage = (raw: Parameters<typeof resolveFerrydOptions>[0], pattern: RegExp): void => {
  assert.throws(() => resolveFerrydOptions(raw, {}), (err: unknown) => err instanceof CliError && err.exitCode === 2 && pattern.test(err.message));
};

describe('ferryd options', () => {
  test('the defaults', () => {
    const o = resolveFerrydOptions({ node: 'n1', etcd: 'http://10.0.0.1:2379, http://10.0.0.2:2379' }, {});
    assert.deepEqual(o.etcd, ['http://10.0.0.1:2379', 'http://10.0.0.2:2379']);
    assert.equal(o.timing.ttlMs, DEFAULT_LEASE_TTL_MS);
    assert.equal(o.advertise, 'http://127.0.0.1:7400');
    assert.equal(o.watchdog, true);
    assert.equal(o.fenceAction, 'off');
    assert.equal(o.tls, undefined);
    assert.equal(o.auth, undefined);
  });

  test('TLS files are read, the password may come from the environment, listen 0.0.0.0 advertises loopback', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ferryd-opt-'));
    for (const f of ['ca', 'cert', 'key']) writeFileSync(join(dir, f), `PEM ${f}`);
    const o = resolveFerrydOptions({
      node: 'n2', etcd: 'https://e1:2379', tlsCa: join(dir, 'ca'), tlsCert: join(dir, 'cert'), tlsKey: join(dir, 'key'),
      etcdUser: 'ferry', listen: '0.0.0.0:7500', leaseTtlMs: '1000', zones: 'web,db',
    }, { FERRY_ETCD_PASSWORD: 'secret' });
    assert.deepEqual(o.tls, { ca: 'PEM ca', cert: 'PEM cert', key: 'PEM key' });
    assert.deepEqual(o.auth, { username: 'ferry', password: 'secret' });
    assert.equal(o.advertise, 'http://127.0.0.1:7500');
    assert.equal(o.timing.selfFenceAfterMs, 600);
    assert.deepEqual(o.zones, ['web', 'db']);
  });

  test('bad input is a usage error naming the option', () => {
    usage({ etcd: 'http://e:2379' }, /--node/);
    usage({ node: '9lives', etcd: 'http://e:2379' }, /--node 9lives/);
    usage({ node: 'n1' }, /--etcd/);
    usage({ node: 'n1', etcd: ' , ' }, /--etcd/);
    usage({ node: 'n1', etcd: 'http://e:2379/path' }, /--etcd http:\/\/e:2379\/path/);
    usage({ node: 'n1', etcd: 'e:2379', leaseTtlMs: '500' }, /--lease-ttl-ms 500/);
    usage({ node: 'n1', etcd: 'e:2379', leaseTtlMs: '2s' }, /--lease-ttl-ms 2s/);
    usage({ node: 'n1', etcd: 'e:2379', leaseTtlMs: '1000', stopDeadlineMs: '900' }, /lease timing/);
    usage({ node: 'n1', etcd: 'e:2379', listen: 'nowhere' }, /--listen/);
    usage({ node: 'n1', etcd: 'e:2379', tlsCa: '/nonexistent/ca.pem' }, /--tls-ca \/nonexistent\/ca\.pem/);
    usage({ node: 'n1', etcd: 'e:2379', etcdUser: 'ferry' }, /--etcd-password/);
    usage({ node: 'n1', etcd: 'e:2379', etcdPassword: 'x' }, /--etcd-user/);
    usage({ node: 'n1', etcd: 'e:2379', fenceAction: 'on' }, /--fence-action on/);
    usage({ node: 'n1', etcd: 'e:2379', fenceAgent: '  ' }, /--fence-agent/);
    usage({ node: 'n1', etcd: 'e:2379', zones: 'ok,-bad' }, /--zones -bad/);
  });
});

describe('the ferryd command', () => {
  const run = (args: string[]): Promise<{ code: number | null; stderr: string }> => new Promise((resolve) => {
    const child = spawn(process.execPath, [resolve_('dist/src/main/ferryd.js'), ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    child.on('close', (code) => resolve({ code, stderr }));
  });

  test('bad options exit 2 with one clear line', async () => {
    const noEtcd = await run(['--node', 'n1']);
    assert.equal(noEtcd.code, 2);
    assert.match(noEtcd.stderr, /--etcd/);
    const badTtl = await run(['--node', 'n1', '--etcd', 'http://127.0.0.1:1', '--lease-ttl-ms', '10']);
    assert.equal(badTtl.code, 2);
    assert.equal(badTtl.stderr.trim(), 'ferryd: --lease-ttl-ms 10: must be at least 1000');
  });
});
