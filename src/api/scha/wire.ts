// Request and answer shapes of the scha routes on the agent endpoint, shared by the routes, the
// scha_* commands and the DSDL library. Types and constants only: the commands must load fast.
import type { SchaErrorCode } from './errors.js';

export const SCHA_ROUTES = {
  /** scha_resource_get, scha_resourcegroup_get, scha_resourcetype_get, scha_cluster_get. */
  get: 'scha.get',
  control: 'scha.control',
  setstatus: 'scha.setstatus',
  /** Everything the DSDL's initialize() caches about one resource, in one call. */
  describe: 'scha.describe',
} as const;

export type SchaObject = 'resource' | 'group' | 'type' | 'cluster';

export interface SchaGetRequest {
  readonly object: SchaObject;
  /** Case-insensitive. */
  readonly optag: string;
  readonly resource?: string;
  readonly group?: string;
  readonly type?: string;
  /** The operands after the options (node name, extension property name, node id). */
  readonly args: readonly string[];
  /** `-Z`: the zone whose view the caller asks for (from the global zone only). */
  readonly zone?: string;
  /** `-Q`: keep `{qualifier}`s on dependency lists. */
  readonly qualified?: boolean;
}

/** RTR property type names, as the EXTENSION answer prints them. */
export type SchaPropertyType = 'STRING' | 'INT' | 'BOOLEAN' | 'ENUM' | 'STRINGARRAY';

/**
 * A typed answer. `string` with no value is a NULL string (prints nothing); `status` prints two
 * lines (status, message); `extension` prints its type on the first line, then the value.
 */
export type SchaValue =
  | { readonly kind: 'string'; readonly value?: string }
  | { readonly kind: 'int'; readonly value: number }
  | { readonly kind: 'boolean'; readonly value: boolean }
  | { readonly kind: 'enum'; readonly value: string }
  | { readonly kind: 'array'; readonly values: readonly string[] }
  | { readonly kind: 'status'; readonly status: string; readonly message?: string }
  | { readonly kind: 'extension'; readonly type: SchaPropertyType; readonly value?: SchaScalar };

export type SchaScalar = Exclude<SchaValue, { kind: 'status' } | { kind: 'extension' }>;

/** Every scha route resolves with an answer (refusals are answers, not transport errors). */
export type SchaAnswer<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: SchaErrorCode; readonly message: string };

export interface SchaControlRequest {
  /** GIVEOVER, RESTART, RESOURCE_RESTART, … (case-insensitive). */
  readonly tag: string;
  readonly resource: string;
  readonly group: string;
  readonly zone?: string;
}

export interface SchaControlResult {
  readonly tag: string;
  /** The RGM's account of what it did (also in the event log). */
  readonly reason: string;
  /** The request was carried out but did not end as wished (e.g. the resource failed to restart). */
  readonly failed: boolean;
}

export interface SchaSetStatusRequest {
  readonly resource: string;
  readonly group: string;
  /** OK, DEGRADED, FAULTED, UNKNOWN, OFFLINE (ONLINE is taken as OK), case-insensitive. */
  readonly status: string;
  /** Absent: Status_msg becomes NULL. */
  readonly message?: string;
  readonly zone?: string;
}

export interface SchaDescribeRequest {
  readonly resource: string;
  readonly group?: string;
  /**
   * The resource's type. With it, a resource not configured yet (Validate -c runs before the
   * resource is created) is described from its type's defaults instead of being SCHA_ERR_RSRC.
   */
  readonly type?: string;
  readonly zone?: string;
}
