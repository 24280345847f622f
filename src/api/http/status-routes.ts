import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { ApiError } from './errors.js';
import type { ApiServerDeps } from './server.js';
import { readClusterView } from '../view/cluster-view.js';
import { waitForKey } from '../store-wait.js';
import { loadConfig } from '../../store/config-repo.js';

interface RequestBody { readonly request: { readonly kind: string } & Record<string, unknown> }

export function registerStatusRoutes(app: FastifyInstance, { store, keys }: ApiServerDeps): void {
  app.get('/v1/status', () => readClusterView(store, keys));

  // The RGM's decision input as stored (configuration and raw status): `ferry simulate` replays it offline.
  app.get('/v1/decision-input', async () => {
    const [snap, statusKv] = await Promise.all([loadConfig(store, keys), store.get(keys.status)]);
    return { config: snap.config, status: statusKv ? (JSON.parse(statusKv.value) as unknown) : undefined, now: Date.now(), revision: snap.revision };
  });

  // Admin requests (online, offline, switch, …) are facts for the RGM leader to act on.
  app.post<{ Body: RequestBody }>('/v1/requests', async (req) => {
    const request = req.body?.request;
    if (typeof request?.kind !== 'string') throw new ApiError(400, 'request body needs a "request" with a "kind"');
    const id = randomUUID();
    await store.txn({ compare: [], success: [{ kind: 'put', key: keys.request(id), value: JSON.stringify({ ...request, requestId: id }) }] });
    return { id };
  });

  app.get<{ Params: { id: string }; Querystring: { waitMs?: string } }>('/v1/replies/:id', async (req) => {
    const waitMs = Math.min(Number(req.query.waitMs ?? 0) || 0, 120_000);
    const kv = await waitForKey(store, keys.reply(req.params.id), waitMs);
    if (kv === undefined) return { pending: true };
    return { pending: false, reply: JSON.parse(kv.value) as unknown };
  });

  app.get<{ Querystring: { after?: string; limit?: string } }>('/v1/events', async (req) => {
    const after = Number(req.query.after ?? 0) || 0;
    const limit = Math.min(Number(req.query.limit ?? 200) || 200, 10_000);
    const { items, revision } = await store.list(keys.events);
    const events = items.map((kv) => JSON.parse(kv.value) as { seq: number }).filter((e) => e.seq > after);
    return { events: events.slice(-limit), revision };
  });
}
