import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** PEM files (paths) and contents for a throw-away CA, an etcd server cert and a client cert. */
export interface TestCerts {
  readonly caFile: string;
  readonly serverCertFile: string;
  readonly serverKeyFile: string;
  readonly ca: string;
  readonly clientCert: string;
  readonly clientKey: string;
}

/**
 * Makes a CA valid for a day and two EC certificates it signs: one for etcd on 127.0.0.1/localhost
 * (serverAuth and clientAuth: etcd dials itself with it), one for a client. Uses the openssl CLI.
 */
export function makeTestCerts(dir: string): TestCerts {
  const f = (name: string): string => join(dir, name);
  const openssl = (...args: string[]): void => {
    execFileSync('openssl', args, { stdio: ['ignore', 'ignore', 'pipe'] });
  };
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  openssl('req', '-x509', ...ec, '-keyout', f('ca.key'), '-out', f('ca.crt'), '-days', '1', '-subj', '/CN=ferry-test-ca');
  const sign = (name: string, ext: string): void => {
    writeFileSync(f(`${name}.ext`), ext);
    openssl('req', ...ec, '-keyout', f(`${name}.key`), '-out', f(`${name}.csr`), '-subj', `/CN=${name}`);
    openssl('x509', '-req', '-in', f(`${name}.csr`), '-CA', f('ca.crt'), '-CAkey', f('ca.key'), '-CAcreateserial', '-out', f(`${name}.crt`), '-days', '1', '-extfile', f(`${name}.ext`));
  };
  sign('server', 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth,clientAuth\n');
  sign('client', 'extendedKeyUsage=clientAuth\n');
  return {
    caFile: f('ca.crt'),
    serverCertFile: f('server.crt'),
    serverKeyFile: f('server.key'),
    ca: readFileSync(f('ca.crt'), 'utf8'),
    clientCert: readFileSync(f('client.crt'), 'utf8'),
    clientKey: readFileSync(f('client.key'), 'utf8'),
  };
}
