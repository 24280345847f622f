import { errorCode, type DsdlTransport } from './transport.js';

/**
 * The PMF routes of the node agent's endpoint (the same ones pmfadm calls; their shapes are defined
 * in src/agent/pmf/wire.ts, which this layer may not import, so the names are repeated here).
 */
const PMF = { start: 'pmf.start', signal: 'pmf.signal', status: 'pmf.status' } as const;

/** SVC: the data service itself; MON: its fault monitor (scds_pmf_start's SCDS_PMF_TYPE_*). */
export type PmfKind = 'svc' | 'mon';

export interface PmfStartOptions {
  /** Instance number within the resource (default 0). */
  readonly instance?: number;
  /** Fork depth to supervise (`pmfadm -C`); −1 or absent = the whole tree. */
  readonly childMonitorLevel?: number;
  /** Restarts within `periodMs` (−1 unlimited). */
  readonly retries: number;
  readonly periodMs?: number;
  /** Extra environment variables. */
  readonly env?: Readonly<Record<string, string>>;
  readonly cwd?: string;
}

export interface PmfTagState {
  readonly running: boolean;
  readonly pids: readonly number[];
  readonly restartsInWindow: number;
}

/** PMF access for one resource, with DSDL-style nametags `RG,RS,instance.svc|mon`. */
export class PmfClient {
  constructor(private readonly call: DsdlTransport, private readonly group: string, private readonly resource: string) {}

  tag(kind: PmfKind, instance = 0): string {
    return `${this.group},${this.resource},${instance}.${kind}`;
  }

  /** scds_pmf_start: starts `command` (absolute path first) under supervision. */
  async start(kind: PmfKind, command: readonly string[], o: PmfStartOptions): Promise<void> {
    const [program, ...args] = command;
    if (program === undefined) throw new Error('pmf start: empty command');
    await this.call(PMF.start, {
      tag: this.tag(kind, o.instance), command: program, args, env: o.env ?? {}, replaceEnv: false, cwd: o.cwd ?? '/', retries: o.retries,
      ...(o.periodMs === undefined ? {} : { periodMs: o.periodMs }),
      ...(o.childMonitorLevel === undefined || o.childMonitorLevel < 0 ? {} : { childMonitorLevel: o.childMonitorLevel }),
    });
  }

  /**
   * scds_pmf_stop: stops supervision and sends `signal`; if the tree is still there after
   * `timeoutMs`, SIGKILL. Resolves true once the tree is gone (or never existed): Stop is idempotent.
   */
  async stop(kind: PmfKind, o: { readonly instance?: number; readonly signal?: string; readonly timeoutMs: number }): Promise<boolean> {
    const tag = this.tag(kind, o.instance);
    const send = async (signal: string, waitMs: number): Promise<boolean> => {
      try {
        return ((await this.call(PMF.signal, { tag, signal, stopMonitoring: true, waitMs }, { timeoutMs: waitMs + 5000 })) as { exited: boolean }).exited;
      } catch (err) {
        if (errorCode(err) === 'no-such-tag') return true;
        throw err;
      }
    };
    if (await send(o.signal ?? 'SIGTERM', Math.max(0, o.timeoutMs))) return true;
    return send('SIGKILL', 5000);
  }

  /** scds_pmf_signal: signals the tree; supervision goes on (a killed tree is restarted by PMF). */
  async signal(kind: PmfKind, signal: string, instance = 0): Promise<boolean> {
    try {
      await this.call(PMF.signal, { tag: this.tag(kind, instance), signal, stopMonitoring: false });
      return true;
    } catch (err) {
      if (errorCode(err) === 'no-such-tag') return false;
      throw err;
    }
  }

  /** scds_pmf_get_status: undefined when the tag does not exist. */
  async status(kind: PmfKind, instance = 0): Promise<PmfTagState | undefined> {
    const s = (await this.call(PMF.status, { tag: this.tag(kind, instance) })) as PmfTagState | null;
    return s ?? undefined;
  }
}
