import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { EtcdError, openEtcdStore } from '../../src/store/etcd/index.js';
import { enableAuth } from '../support/etcd/etcd-admin.js';
import { etcdMissing, startEtcdCluster } from '../support/etcd/etcd-cluster.js';
import { makeTestCerts } from '../support/etcd/test-certs.js';
import { currentRevision, put, record, uniquePrefix } from './contract-helpers.js';

/** Authentication and TLS against a real etcd. */
const missing = etcdMissing();
if (missing !== undefined) {
  it('etcd is installed', () => assert.fail(missing));
} else {
  describe('etcd store security', () => {
    it('authenticates with a user and password, renews an expired token, and refuses bad credentials', async () => {
      // Simple tokens that expire after 1 s unused, so the test sees a renewal.
      const cluster = await startEtcdCluster({ extraArgs: ['--auth-token', 'simple', '--auth-token-ttl', '1'] });
      try {
        await enableAuth(cluster.endpoints[0]!, 'root-secret');
        await assert.rejects(openEtcdStore({ endpoints: cluster.endpoints }), (err: unknown) => err instanceof EtcdError && /user name is empty/.test(err.message));
        await assert.rejects(
          openEtcdStore({ endpoints: cluster.endpoints, auth: { username: 'root', password: 'wrong' } }),
          (err: unknown) => err instanceof EtcdError && /authentication failed/.test(err.message),
        );
        const store = await openEtcdStore({ endpoints: cluster.endpoints, auth: { username: 'root', password: 'root-secret' } });
        try {
          const p = uniquePrefix();
          const rec = record(store, p, (await currentRevision(store)) + 1, p);
          const r1 = await put(store, `${p}k`, '1');
          await rec.untilEvents(1);
          await sleep(2500); // the token expires
          const r2 = await put(store, `${p}k`, '2');
          assert.equal((await store.get(`${p}k`))?.value, '2');
          const lease = await store.grantLease(5000);
          assert.ok((await store.keepAlive(lease)).ttlMs >= 5000);
          await store.revokeLease(lease);
          await rec.untilEvents(2);
          assert.deepEqual(rec.lines(), [`put k=1@${r1}`, `put k=2@${r2}`]);
          assert.deepEqual(rec.errors, []);
        } finally {
          await store.close();
        }
      } finally {
        await cluster.stop();
      }
    });

    it('talks TLS with a client certificate, and is refused without one', async () => {
      const dir = await mkdtemp(join(tmpdir(), 'ferry-certs-'));
      try {
        const certs = makeTestCerts(dir);
        const cluster = await startEtcdCluster({ tls: certs });
        try {
          assert.match(cluster.endpoints[0]!, /^https:/);
          const store = await openEtcdStore({ endpoints: cluster.endpoints, tls: { ca: certs.ca, cert: certs.clientCert, key: certs.clientKey } });
          try {
            const p = uniquePrefix();
            const r = await put(store, `${p}k`, 'over tls');
            assert.deepEqual((await store.get(`${p}k`))?.modRevision, r);
          } finally {
            await store.close();
          }
          await assert.rejects(openEtcdStore({ endpoints: cluster.endpoints, tls: { ca: certs.ca }, callTimeoutMs: 1000 }), EtcdError);
          await assert.rejects(openEtcdStore({ endpoints: cluster.endpoints, callTimeoutMs: 1000 }), EtcdError, 'no CA: the server certificate is not trusted');
        } finally {
          await cluster.stop();
        }
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    });
  });
}
