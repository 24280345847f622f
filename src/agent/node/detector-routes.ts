import { z } from 'zod';
import { parseNodeTarget } from '../../model/index.js';
import { EndpointError, type Routes } from '../endpoint/index.js';
import type { AgentReport } from './intent.js';
import { DETECTOR_ROUTE } from './detector-wire.js';

const schema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('failed'), resource: z.string().min(1), target: z.string().min(1), message: z.string() }),
  z.object({ kind: z.literal('status'), resource: z.string().min(1), target: z.string().min(1), status: z.enum(['OK', 'DEGRADED', 'FAULTED']), message: z.string() }),
]);

/** The part of the node agent the route needs. */
export interface DetectorSink {
  readonly node: string;
  report(r: AgentReport): Promise<void>;
}

/**
 * The route RMS-style detectors (the Cmdline checker loop) report through: a failure becomes the
 * policy's `monitor-failed` fact (cause `probe`), a status a `setstatus` fact. Only targets on this
 * node are accepted: a detector reports about its own node.
 */
export function detectorRoutes(agent: DetectorSink): Routes {
  return {
    [DETECTOR_ROUTE]: async (body) => {
      const r = schema.safeParse(body);
      if (!r.success) throw new EndpointError('bad-request', `${r.error.issues[0]?.path.join('.') || 'body'}: ${r.error.issues[0]?.message ?? 'invalid'}`);
      const req = r.data;
      if (parseNodeTarget(req.target).node !== agent.node) throw new EndpointError('wrong-node', `target ${req.target} is not on node ${agent.node}`);
      if (req.kind === 'failed') {
        await agent.report({ kind: 'monitor-failed', resource: req.resource, target: req.target, reason: req.message, cause: 'probe', message: req.message });
      } else {
        await agent.report({ kind: 'setstatus', resource: req.resource, target: req.target, status: req.status, message: req.message });
      }
      return { reported: true };
    },
  };
}
