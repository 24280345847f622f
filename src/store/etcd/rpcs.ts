import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadSync } from '@grpc/proto-loader';
import type { PackageDefinition } from '@grpc/proto-loader';
import type * as m from './messages.js';

/** One etcd gRPC method: its path and (de)serializers, typed with the messages in messages.ts. */
export interface Rpc<Req, Res> {
  readonly name: string;
  readonly path: string;
  readonly serialize: (req: Req) => Buffer;
  readonly deserialize: (buf: Buffer) => Res;
}

/**
 * The vendored .proto files live in src/store/etcd/proto (tsc does not copy them to dist). From the
 * compiled module (dist/src/store/etcd) they are four levels up then down into src; from a source
 * run (tsx, ts-node) they are beside the module. The first folder that has rpc.proto wins.
 */
function protoDir(): string {
  const candidates = [new URL('./proto/', import.meta.url), new URL('../../../../src/store/etcd/proto/', import.meta.url)];
  for (const url of candidates) {
    const dir = fileURLToPath(url);
    if (existsSync(`${dir}rpc.proto`)) return dir;
  }
  throw new Error(`etcd protocol files not found (looked in ${candidates.map((u) => fileURLToPath(u)).join(', ')})`);
}

let definition: PackageDefinition | undefined;

function load(): PackageDefinition {
  definition ??= loadSync('rpc.proto', { includeDirs: [protoDir()], keepCase: true, longs: String, enums: String, defaults: true, oneofs: false });
  return definition;
}

function rpc<Req, Res>(service: string, method: string): Rpc<Req, Res> {
  let resolved: Rpc<Req, Res> | undefined;
  // Resolved on first use so that importing the store costs nothing until it is opened.
  const get = (): Rpc<Req, Res> => {
    if (resolved !== undefined) return resolved;
    const def = load()[`etcdserverpb.${service}`] as Record<string, { path: string; requestSerialize: (r: Req) => Buffer; responseDeserialize: (b: Buffer) => Res }> | undefined;
    const md = def?.[method];
    if (md === undefined) throw new Error(`etcd method ${service}.${method} is missing from rpc.proto`);
    resolved = { name: method, path: md.path, serialize: md.requestSerialize, deserialize: md.responseDeserialize };
    return resolved;
  };
  return {
    name: method,
    get path() { return get().path; },
    serialize: (req) => get().serialize(req),
    deserialize: (buf) => get().deserialize(buf),
  };
}

export const RPC = {
  range: rpc<m.RangeRequest, m.RangeResponse>('KV', 'Range'),
  txn: rpc<m.TxnRequest, m.TxnResponse>('KV', 'Txn'),
  compact: rpc<m.CompactionRequest, m.CompactionResponse>('KV', 'Compact'),
  watch: rpc<m.WatchRequest, m.WatchResponse>('Watch', 'Watch'),
  leaseGrant: rpc<m.LeaseGrantRequest, m.LeaseGrantResponse>('Lease', 'LeaseGrant'),
  leaseRevoke: rpc<m.LeaseRevokeRequest, m.HeaderOnly>('Lease', 'LeaseRevoke'),
  leaseKeepAlive: rpc<m.LeaseKeepAliveRequest, m.LeaseKeepAliveResponse>('Lease', 'LeaseKeepAlive'),
  authenticate: rpc<m.AuthenticateRequest, m.AuthenticateResponse>('Auth', 'Authenticate'),
} as const;

/** Loads and checks the protocol files now, so a broken install fails at open rather than mid-call. */
export function loadProtocol(): void {
  for (const r of Object.values(RPC)) void r.path;
}
