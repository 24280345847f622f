import { join } from 'node:path';
import { z } from 'zod';
import { EndpointError } from '../endpoint/index.js';
import type { Routes } from '../endpoint/index.js';
import { methodEnv, parseSignal } from '../method-runner/index.js';
import type { ProcessMonitor } from './process-monitor.js';
import { PmfError } from './types.js';
import { PMF_ROUTES } from './wire.js';
import type { PmfListAnswer, PmfSignalAnswer, PmfStatusAnswer } from './wire.js';

export interface PmfRouteOptions {
  /** Environment that `pmfadm -c` variables are added to (unless `-E`); default methodEnv(). */
  readonly baseEnv?: Readonly<Record<string, string>>;
  /** Each tag's output goes to `<logDir>/pmf-<tag>.log`; absent = discarded. */
  readonly logDir?: string;
  /** Network namespace every command started through these routes runs in (a zone's endpoint). */
  readonly netns?: string;
  /** Persistent mount namespace every command started through these routes runs in (a virtual node's). */
  readonly mountns?: string;
}

const tag = z.string().min(1);
const startSchema = z.object({
  tag,
  command: z.string().min(1),
  args: z.array(z.string()),
  env: z.record(z.string()),
  replaceEnv: z.boolean(),
  cwd: z.string().min(1),
  retries: z.number().int().min(-1),
  periodMs: z.number().int().positive().optional(),
  action: z.array(z.string()).min(1).optional(),
  childMonitorLevel: z.number().int().min(0).optional(),
});
const signalSchema = z.object({
  tag,
  signal: z.string().optional(),
  stopMonitoring: z.boolean(),
  waitMs: z.number().int().min(0).optional(),
});
const modifySchema = z.object({
  tag,
  retries: z.number().int().min(-1).optional(),
  periodMs: z.number().int().positive().nullable().optional(),
});
const tagSchema = z.object({ tag });

function parse<T>(schema: z.ZodType<T>, body: unknown): T {
  const r = schema.safeParse(body);
  if (r.success) return r.data;
  const first = r.error.issues[0];
  throw new EndpointError('bad-request', `${first?.path.join('.') || 'body'}: ${first?.message ?? 'invalid'}`);
}

const noSuchTag = (t: string): EndpointError => new EndpointError('no-such-tag', `nametag ${t} does not exist`, 404);
const safeFileName = (t: string): string => t.replace(/[^A-Za-z0-9._,-]/g, '_');

/** The endpoint routes `pmfadm` calls, served by the agent for its ProcessMonitor. */
export function registerPmfRoutes(pmf: ProcessMonitor, options: PmfRouteOptions = {}): Routes {
  const baseEnv = options.baseEnv ?? methodEnv();
  return {
    [PMF_ROUTES.start]: async (body) => {
      const r = parse(startSchema, body);
      try {
        return await pmf.start(r.tag, {
          command: r.command, args: r.args, cwd: r.cwd, retries: r.retries,
          env: r.replaceEnv ? r.env : { ...baseEnv, ...r.env },
          ...(r.periodMs === undefined ? {} : { periodMs: r.periodMs }),
          ...(r.action === undefined ? {} : { action: r.action }),
          ...(r.childMonitorLevel === undefined ? {} : { childMonitorLevel: r.childMonitorLevel }),
          ...(options.netns === undefined ? {} : { netns: options.netns }),
          ...(options.mountns === undefined ? {} : { mountns: options.mountns }),
          ...(options.logDir === undefined ? {} : { logFile: join(options.logDir, `pmf-${safeFileName(r.tag)}.log`) }),
        });
      } catch (err) {
        if (err instanceof PmfError) throw new EndpointError(err.code, err.message, err.code === 'tag-exists' ? 409 : 400);
        throw err;
      }
    },
    [PMF_ROUTES.signal]: async (body): Promise<PmfSignalAnswer> => {
      const r = parse(signalSchema, body);
      const signal = r.signal === undefined ? undefined : parseSignal(r.signal)?.name;
      if (r.signal !== undefined && signal === undefined) throw new EndpointError('bad-request', `unknown signal ${r.signal}`);
      const found = r.stopMonitoring ? pmf.stopMonitoring(r.tag, signal) : pmf.kill(r.tag, signal ?? 'SIGKILL');
      if (!found) throw noSuchTag(r.tag);
      const exited = r.waitMs === undefined ? (pmf.status(r.tag)?.running ?? false) === false : await pmf.waitForExit(r.tag, r.waitMs);
      return { exited };
    },
    [PMF_ROUTES.modify]: async (body) => {
      const r = parse(modifySchema, body);
      if (!pmf.modify(r.tag, { ...(r.retries === undefined ? {} : { retries: r.retries }), ...(r.periodMs === undefined ? {} : { periodMs: r.periodMs }) })) {
        throw noSuchTag(r.tag);
      }
      return pmf.status(r.tag) ?? null;
    },
    [PMF_ROUTES.status]: async (body): Promise<PmfStatusAnswer> => pmf.status(parse(tagSchema, body).tag) ?? null,
    [PMF_ROUTES.list]: async (): Promise<PmfListAnswer> => ({ tags: pmf.list() }),
  };
}
