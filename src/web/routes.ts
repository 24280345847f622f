import type { FastifyInstance } from 'fastify';
import { readClusterView } from '../api/view/cluster-view.js';
import type { Layout } from '../store/layout.js';
import type { Store } from '../store/store.js';
import { renderMetrics } from './metrics.js';
import { renderStatusPage } from './status-page.js';

/** The web status page at `/` and Prometheus metrics at `/metrics`. */
export function registerWebRoutes(app: FastifyInstance, store: Store, keys: Layout): void {
  app.get('/', async (_req, reply) => {
    const [view, events] = await Promise.all([readClusterView(store, keys), store.list(keys.events)]);
    const recent = events.items.slice(-30).map((kv) => JSON.parse(kv.value) as { seq: number; atMs: number; kind: string; subject: string; message: string });
    return reply.type('text/html; charset=utf-8').send(renderStatusPage(view, recent));
  });
  app.get('/metrics', async (_req, reply) => reply.type('text/plain; version=0.0.4').send(await renderMetrics(await readClusterView(store, keys))));
}
