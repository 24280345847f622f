import Fastify, { type FastifyInstance } from 'fastify';
import type { ConfigChange } from '../../model/index.js';
import type { Layout } from '../../store/layout.js';
import type { Store } from '../../store/store.js';
import type { ConfigService } from '../config-service.js';
import { ApiError, type ErrorBody } from './errors.js';
import { registerConfigRoutes } from './config-routes.js';
import { registerStatusRoutes } from './status-routes.js';

export interface ApiServerDeps {
  readonly store: Store;
  readonly keys: Layout;
  readonly configs: ConfigService;
  /** Extra routes supplied by the composition root (requests, web page, metrics). */
  readonly extend?: (app: FastifyInstance) => void;
}

/** Builds the admin HTTP API the `ferry` CLI, the web page and `hv*` commands talk to. */
export function buildApiServer(deps: ApiServerDeps): FastifyInstance {
  const app = Fastify({ logger: false, bodyLimit: 64 * 1024 * 1024 });
  app.setErrorHandler((err: Error & { statusCode?: number }, _req, reply) => {
    if (err instanceof ApiError) {
      const body: ErrorBody = { error: { message: err.message, problems: err.problems } };
      return reply.status(err.httpStatus).send(body);
    }
    const status = err.statusCode !== undefined && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 500;
    const body: ErrorBody = { error: { message: err.message, problems: [] } };
    return reply.status(status).send(body);
  });
  app.get('/healthz', () => ({ ok: true }));
  registerConfigRoutes(app, deps);
  registerStatusRoutes(app, deps);
  deps.extend?.(app);
  return app;
}

export type ChangesBody = { readonly changes: readonly ConfigChange[]; readonly dryRun?: boolean };
