import type { FastifyInstance } from 'fastify';
import type { ConfigChange } from '../../model/index.js';
import { planApply, typeFromRtr, type DesiredCluster } from '../declarative/index.js';
import { ApiError } from './errors.js';
import type { ApiServerDeps, ChangesBody } from './server.js';

interface RegisterBody { readonly rtrText: string; readonly file: string; readonly trustGlobalZone?: boolean; readonly dryRun?: boolean }
interface ApplyBody { readonly desired: DesiredCluster; readonly dryRun?: boolean }

export function registerConfigRoutes(app: FastifyInstance, { configs }: ApiServerDeps): void {
  app.get('/v1/config', async () => {
    const snap = await configs.read();
    return { config: snap.config, revision: snap.revision };
  });

  app.post<{ Body: ChangesBody }>('/v1/changes', async (req) => {
    const changes = req.body?.changes;
    if (!Array.isArray(changes) || changes.length === 0) throw new ApiError(400, 'request body needs a non-empty "changes" list');
    const out = await configs.change(changes, req.body.dryRun === true);
    return { generation: out.config.generation, applied: out.applied, config: out.config };
  });

  // The server parses the RTR text itself: it never trusts a client-side parse.
  app.post<{ Body: RegisterBody }>('/v1/types', async (req) => {
    const { rtrText, file } = req.body ?? {};
    if (typeof rtrText !== 'string' || typeof file !== 'string') throw new ApiError(400, 'request body needs "rtrText" and "file"');
    // Same reading as `ferry apply`: a relative RT_BASEDIR is relative to the RTR file.
    const parsed = typeFromRtr(rtrText, file);
    if (!parsed.ok) {
      throw new ApiError(400, parsed.messages.join('\n'), parsed.messages.map((m) => ({ code: 'invalid-value' as const, subject: file, message: m })));
    }
    if (parsed.type.globalZone && req.body.trustGlobalZone !== true) {
      throw new ApiError(400, `resource type ${parsed.type.name}: GLOBAL_ZONE = TRUE runs its methods in the global zone, outside zone isolation; register it with --trust-global-zone if you trust it`);
    }
    const change: ConfigChange = { kind: 'register-type', type: parsed.type, trustGlobalZone: req.body.trustGlobalZone === true };
    const out = await configs.change([change], req.body.dryRun === true);
    return { type: parsed.type, generation: out.config.generation, applied: out.applied };
  });

  app.post<{ Body: ApplyBody }>('/v1/apply', async (req) => {
    if (req.body?.desired === undefined) throw new ApiError(400, 'request body needs "desired"');
    const snap = await configs.read();
    const plan = planApply(snap.config, req.body.desired, { builtinTypes: snap.config.types.filter((t) => t.source === 'builtin') });
    if (!plan.ok) throw ApiError.fromProblems(plan.errors);
    const { changes } = plan.value;
    if (req.body.dryRun === true || changes.length === 0) return { changes, applied: false, generation: snap.config.generation };
    // Re-applied through the config service: same validation, Validate methods and compare-and-swap.
    const out = await configs.change(changes);
    return { changes, applied: out.applied, generation: out.config.generation };
  });
}
