import { credentials, loadPackageDefinition } from '@grpc/grpc-js';
import type { Client, ServiceError } from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';

type Callback = (err: ServiceError | null, res?: unknown) => void;
type AuthClient = Client & Record<string, (req: object, cb: Callback) => void>;

/**
 * Switches on authentication the way `etcdctl user add root && etcdctl auth enable` does (the tests
 * do without etcd-client): user root with role root, then AuthEnable. Uses the store's vendored
 * protos, found from the repository root (the tests' working directory).
 */
export async function enableAuth(endpoint: string, rootPassword: string): Promise<void> {
  const def = loadSync('rpc.proto', { includeDirs: [`${process.cwd()}/src/store/etcd/proto`], keepCase: true, longs: String, enums: String, defaults: true });
  const pkg = loadPackageDefinition(def) as unknown as { etcdserverpb: { Auth: new (target: string, creds: ReturnType<typeof credentials.createInsecure>) => AuthClient } };
  const client = new pkg.etcdserverpb.Auth(new URL(endpoint).host, credentials.createInsecure());
  const call = (method: string, req: object): Promise<void> => new Promise((resolve, reject) => {
    client[method]!.call(client, req, (err) => (err === null ? resolve() : reject(new Error(`etcd ${method}: ${err.details}`))));
  });
  try {
    await call('UserAdd', { name: 'root', password: rootPassword });
    await call('RoleAdd', { name: 'root' });
    await call('UserGrantRole', { user: 'root', role: 'root' });
    await call('AuthEnable', {});
  } finally {
    client.close();
  }
}
