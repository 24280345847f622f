/**
 * The subset of etcd's v3 protobuf messages Ferry sends and reads, as @grpc/proto-loader presents them
 * with `keepCase: true, longs: String, enums: String, defaults: true`: snake_case fields, int64 as
 * decimal strings (lease IDs need all 64 bits), bytes as Buffer. Field meanings: proto/rpc.proto.
 */
export type Int64 = string;

export interface ResponseHeader {
  readonly revision: Int64;
}

export interface MvccKeyValue {
  readonly key: Buffer;
  readonly create_revision: Int64;
  readonly mod_revision: Int64;
  readonly version: Int64;
  readonly value: Buffer;
  readonly lease: Int64;
}

export interface RangeRequest {
  readonly key: Buffer;
  readonly range_end?: Buffer;
  readonly limit?: Int64;
  /** A revision to read at (0 = the latest). */
  readonly revision?: Int64;
  readonly count_only?: boolean;
}
export interface RangeResponse {
  readonly header: ResponseHeader;
  readonly kvs: readonly MvccKeyValue[];
}

export interface PutRequest {
  readonly key: Buffer;
  readonly value: Buffer;
  readonly lease?: Int64;
}
export interface DeleteRangeRequest {
  readonly key: Buffer;
  readonly range_end?: Buffer;
}
export type RequestOp = { readonly request_put: PutRequest } | { readonly request_delete_range: DeleteRangeRequest };

export type CompareTarget = 'VERSION' | 'CREATE' | 'MOD' | 'VALUE';
export type CompareResult = 'EQUAL' | 'GREATER' | 'LESS' | 'NOT_EQUAL';
export interface EtcdCompare {
  readonly key: Buffer;
  readonly target: CompareTarget;
  readonly result: CompareResult;
  readonly version?: Int64;
  readonly create_revision?: Int64;
  readonly mod_revision?: Int64;
  readonly value?: Buffer;
}

export interface TxnRequest {
  readonly compare: readonly EtcdCompare[];
  readonly success: readonly RequestOp[];
  readonly failure: readonly RequestOp[];
}
export interface TxnResponse {
  readonly header: ResponseHeader;
  readonly succeeded: boolean;
}

export interface CompactionRequest {
  readonly revision: Int64;
  readonly physical: boolean;
}
export interface CompactionResponse {
  readonly header: ResponseHeader;
}

export interface WatchCreateRequest {
  readonly key: Buffer;
  readonly range_end: Buffer;
  readonly start_revision: Int64;
  readonly progress_notify: boolean;
  readonly prev_kv: boolean;
}
export type WatchRequest = { readonly create_request: WatchCreateRequest } | { readonly cancel_request: { readonly watch_id: Int64 } };

export interface MvccEvent {
  readonly type: 'PUT' | 'DELETE';
  readonly kv: MvccKeyValue | null;
  readonly prev_kv: MvccKeyValue | null;
}
export interface WatchResponse {
  readonly header: ResponseHeader | null;
  readonly watch_id: Int64;
  readonly created: boolean;
  readonly canceled: boolean;
  readonly compact_revision: Int64;
  readonly cancel_reason: string;
  readonly events: readonly MvccEvent[];
}

export interface LeaseGrantRequest {
  readonly TTL: Int64;
  readonly ID: Int64;
}
export interface LeaseGrantResponse {
  readonly ID: Int64;
  readonly TTL: Int64;
  readonly error: string;
}
export interface LeaseRevokeRequest {
  readonly ID: Int64;
}
export interface LeaseKeepAliveRequest {
  readonly ID: Int64;
}
export interface LeaseKeepAliveResponse {
  readonly ID: Int64;
  readonly TTL: Int64;
}

export interface AuthenticateRequest {
  readonly name: string;
  readonly password: string;
}
export interface AuthenticateResponse {
  readonly token: string;
}

/** An empty message: the responses Ferry reads nothing from but the header. */
export interface HeaderOnly {
  readonly header: ResponseHeader | null;
}
