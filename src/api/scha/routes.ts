import type { Layout } from '../../store/layout.js';
import type { Store } from '../../store/store.js';
import { clusterGet } from './cluster-get.js';
import { schaControl, schaSetStatus, type SchaStatusReport } from './control.js';
import { describeResource } from './describe.js';
import { SchaError } from './errors.js';
import { resourceGroupGet } from './group-get.js';
import { callerOf, readSnapshot } from './lookup.js';
import { resourceGet } from './resource-get.js';
import { resourceTypeGet } from './type-get.js';
import { SCHA_ROUTES, type SchaAnswer, type SchaControlRequest, type SchaDescribeRequest, type SchaGetRequest, type SchaObject, type SchaSetStatusRequest } from './wire.js';

export interface SchaRouteContext {
  readonly store: Store;
  readonly keys: Layout;
  /** The node this endpoint belongs to. */
  readonly node: string;
  /**
   * The zone this endpoint serves: `global` (the default) for the node's own endpoint. A zone's
   * endpoint passes its zone, so that its methods see only their zone (ZONE_LOCAL, local state).
   */
  readonly zone?: string;
  /** Hands a setstatus fact to the node agent (NodeAgent.report). */
  readonly report: (r: SchaStatusReport) => Promise<void>;
  /** Wall clock in ms, default Date.now. */
  readonly clock?: () => number;
}

/** Endpoint routes by name; each takes the JSON body and resolves with a SchaAnswer. */
export type SchaRoutes = Record<string, (body: unknown) => Promise<unknown>>;

const OBJECTS: readonly SchaObject[] = ['resource', 'group', 'type', 'cluster'];

/**
 * The scha_* routes of one endpoint (`scha.get`, `scha.control`, `scha.setstatus`,
 * `scha.describe`). Each answers from the store in-process; refusals are answers
 * `{ ok: false, error: 'SCHA_ERR_…', message }`, never transport errors, so that every caller gets
 * the scha_err_t code. A malformed body is SCHA_ERR_INVAL.
 */
export function schaRoutes(ctx: SchaRouteContext): SchaRoutes {
  const clock = ctx.clock ?? Date.now;
  const endpointZone = ctx.zone ?? 'global';
  const deps = { store: ctx.store, keys: ctx.keys };
  const snapshot = () => readSnapshot(ctx.store, ctx.keys, clock());
  return {
    [SCHA_ROUTES.get]: (body) => answer(async () => {
      const req = parseGet(body);
      const caller = callerOf(ctx.node, endpointZone, req.zone);
      const snap = await snapshot();
      switch (req.object) {
        case 'resource': return resourceGet(snap, caller, req);
        case 'group': return resourceGroupGet(snap, caller, req);
        case 'type': return resourceTypeGet(snap, req);
        case 'cluster': return clusterGet(snap, caller, req);
      }
    }),
    [SCHA_ROUTES.control]: (body) => answer(async () => {
      const req: SchaControlRequest = { tag: str(body, 'tag', true), resource: str(body, 'resource', true), group: str(body, 'group', true), ...optZone(body) };
      return schaControl(deps, await snapshot(), callerOf(ctx.node, endpointZone, req.zone), req);
    }),
    [SCHA_ROUTES.setstatus]: (body) => answer(async () => {
      const req: SchaSetStatusRequest = {
        resource: str(body, 'resource', true), group: str(body, 'group', true), status: str(body, 'status', true),
        ...(has(body, 'message') ? { message: str(body, 'message', false) } : {}), ...optZone(body),
      };
      await schaSetStatus(deps, await snapshot(), callerOf(ctx.node, endpointZone, req.zone), req, ctx.report);
      return null;
    }),
    [SCHA_ROUTES.describe]: (body) => answer(async () => {
      const group = str(body, 'group', false);
      const type = str(body, 'type', false);
      const req: SchaDescribeRequest = { resource: str(body, 'resource', true), ...(group === '' ? {} : { group }), ...(type === '' ? {} : { type }), ...optZone(body) };
      return describeResource(await snapshot(), callerOf(ctx.node, endpointZone, req.zone), req);
    }),
  };
}

async function answer<T>(fn: () => Promise<T>): Promise<SchaAnswer<T>> {
  try {
    return { ok: true, value: await fn() };
  } catch (err) {
    if (err instanceof SchaError) return { ok: false, error: err.code, message: err.message };
    return { ok: false, error: 'SCHA_ERR_INTERNAL', message: (err as Error).message };
  }
}

const has = (body: unknown, name: string): boolean => typeof body === 'object' && body !== null && Object.hasOwn(body, name);

function str(body: unknown, name: string, required: boolean): string {
  const v = has(body, name) ? (body as Record<string, unknown>)[name] : undefined;
  if (v === undefined || v === null) {
    if (required) throw new SchaError('SCHA_ERR_INVAL', `request: "${name}" is missing`);
    return '';
  }
  if (typeof v !== 'string') throw new SchaError('SCHA_ERR_INVAL', `request: "${name}" must be a string`);
  return v;
}

function optZone(body: unknown): { zone?: string } {
  const zone = str(body, 'zone', false);
  return zone === '' ? {} : { zone };
}

function parseGet(body: unknown): SchaGetRequest {
  const object = str(body, 'object', true) as SchaObject;
  if (!OBJECTS.includes(object)) throw new SchaError('SCHA_ERR_INVAL', `request: unknown object "${object}"`);
  const args = has(body, 'args') ? (body as Record<string, unknown>)['args'] : [];
  if (!Array.isArray(args) || args.some((a) => typeof a !== 'string')) throw new SchaError('SCHA_ERR_INVAL', 'request: "args" must be a list of strings');
  const opt = (name: 'resource' | 'group' | 'type'): Partial<Record<typeof name, string>> => {
    const v = str(body, name, false);
    return v === '' ? {} : { [name]: v };
  };
  const qualified = has(body, 'qualified') && (body as Record<string, unknown>)['qualified'] === true;
  return { object, optag: str(body, 'optag', true), args: args as string[], ...opt('resource'), ...opt('group'), ...opt('type'), ...optZone(body), ...(qualified ? { qualified } : {}) };
}
