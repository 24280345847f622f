import type { ResourceType } from '../../model/index.js';
import type { SchaDescription } from '../scha/describe.js';
import { SchaError } from '../scha/errors.js';
import { stripQualifier } from '../scha/values.js';
import { SCHA_ROUTES, type SchaControlResult, type SchaObject, type SchaValue } from '../scha/wire.js';
import type { MethodArgs } from './argv.js';
import { decideFmAction, ProbeHistory } from './fm-history.js';
import { PmfClient } from './pmf.js';
import { groupProperties, overlay, resourceProperties, type GroupProperties, type ResourceProperties, type TypedGetters } from './properties.js';
import { SyslogWriter, syslogTag } from './syslog.js';
import { timerun, type TimerunResult } from './timerun.js';
import { callScha, type DsdlTransport } from './transport.js';

export interface DsdlOptions {
  readonly call: DsdlTransport;
  /** The callback method being run (`Start`, `Monitor_start`, or a probe's own name). */
  readonly methodName: string;
  /** Debug messages up to this level are logged (scds_syslog_debug), default 0. */
  readonly debugLevel?: number;
  /** Where log lines go, default stderr (the method log). */
  readonly writeLog?: (line: string) => void;
  readonly clock?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
}

/** What fmAction did: nothing to do, marked degraded, asked for a restart or a giveover, only logged, or was refused. */
export type FmOutcome = 'ok' | 'degraded' | 'restarted' | 'failed-over' | 'logged' | 'refused';

/** scds_hasp_check: the state of the storage resources (HAStoragePlus-like) this resource depends on. */
export type HaspStatus = 'NO_RESOURCE' | 'ONLINE_LOCAL' | 'ONLINE_NOT_LOCAL' | 'NOT_ONLINE';

/** Storage resource types recognised by haspCheck unless told otherwise. */
export const isStorageType = (typeName: string): boolean => /hastorageplus|volume|filesystem|storage/i.test(typeName);

/**
 * What scds_initialize returns: the method's arguments, the resource, group and type as configured
 * (typed getters over a snapshot taken once), and the calls a data service makes — live state,
 * status, scha_control, PMF, the fault-monitor loop, storage check, logging, timed commands.
 */
export class Dsdl {
  readonly rs: ResourceProperties;
  readonly ext: TypedGetters & { names(): readonly string[] };
  readonly rg: GroupProperties;
  readonly rt: ResourceType;
  readonly pmf: PmfClient;
  readonly log: SyslogWriter;
  private readonly history = new ProbeHistory();
  private readonly clock: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  private lastStatus: string | undefined;
  private serviceSeen = false;

  constructor(readonly args: MethodArgs, readonly description: SchaDescription, private readonly o: DsdlOptions) {
    const { resource, group } = overlay(description, args.validate);
    ({ rs: this.rs, ext: this.ext } = resourceProperties(description.type, resource, description.node));
    this.rg = groupProperties(group, description.nodelist);
    this.rt = description.type;
    this.pmf = new PmfClient(o.call, args.group, args.resource);
    this.log = new SyslogWriter(syslogTag(args.type, args.group, args.resource, o.methodName), o.writeLog ?? ((l) => process.stderr.write(l)), o.debugLevel ?? 0);
    this.clock = o.clock ?? Date.now;
    this.sleep = o.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
  }

  get resourceName(): string { return this.args.resource; }
  get resourceGroupName(): string { return this.args.group; }
  get resourceTypeName(): string { return this.args.type; }
  get methodName(): string { return this.o.methodName; }
  /** This node's name. */
  get nodeName(): string { return this.description.node; }
  get clusterName(): string { return this.description.clusterName; }

  /** scds_get_zone_name: the `-Z` zone a Global_zone method serves, else undefined. */
  getZoneName(): string | undefined {
    return this.args.zone;
  }

  // ---- live queries (not cached) ----

  private get(object: SchaObject, optag: string, args: readonly string[] = [], resource?: string): Promise<SchaValue> {
    return this.query(object, optag, { args, ...(resource === undefined ? {} : { resource }) });
  }

  /**
   * Any scha_*_get query, like the commands: `object` resource/group/type/cluster, with the
   * resource, group or type it is about (default: this method's own) and the operands.
   */
  query(object: SchaObject, optag: string, o: { readonly resource?: string; readonly group?: string; readonly type?: string; readonly args?: readonly string[] } = {}): Promise<SchaValue> {
    return callScha<SchaValue>(this.o.call, SCHA_ROUTES.get, {
      object, optag, args: o.args ?? [],
      resource: o.resource ?? this.args.resource, group: o.group ?? (o.resource === undefined ? this.args.group : undefined), type: o.type ?? this.args.type,
      ...(this.args.zone === undefined ? {} : { zone: this.args.zone }),
    });
  }

  private async scalar(object: SchaObject, optag: string, args: readonly string[] = [], resource?: string): Promise<string> {
    const v = await this.get(object, optag, args, resource);
    return v.kind === 'enum' || v.kind === 'string' ? v.value ?? '' : v.kind === 'int' ? String(v.value) : '';
  }

  /** RESOURCE_STATE on this node, or RESOURCE_STATE_NODE on `node`. */
  resourceState(node?: string): Promise<string> {
    return node === undefined ? this.scalar('resource', 'RESOURCE_STATE') : this.scalar('resource', 'RESOURCE_STATE_NODE', [node]);
  }

  /** STATUS here, or STATUS_NODE on `node` (OK is shown as ONLINE). */
  async status(node?: string): Promise<{ status: string; message?: string }> {
    const v = await (node === undefined ? this.get('resource', 'STATUS') : this.get('resource', 'STATUS_NODE', [node]));
    if (v.kind !== 'status') throw new SchaError('SCHA_ERR_INTERNAL', 'STATUS: unexpected answer');
    return v.message === undefined ? { status: v.status } : { status: v.status, message: v.message };
  }

  /** RG_STATE here, or RG_STATE_NODE on `node`. */
  groupState(node?: string): Promise<string> {
    return node === undefined ? this.scalar('group', 'RG_STATE') : this.scalar('group', 'RG_STATE_NODE', [node]);
  }

  async numResourceRestarts(): Promise<number> {
    return Number(await this.scalar('resource', 'NUM_RESOURCE_RESTARTS'));
  }

  async numRgRestarts(): Promise<number> {
    return Number(await this.scalar('resource', 'NUM_RG_RESTARTS'));
  }

  /** scha_resource_setstatus. */
  async setStatus(status: 'OK' | 'DEGRADED' | 'FAULTED' | 'UNKNOWN' | 'OFFLINE', message?: string): Promise<void> {
    await callScha(this.o.call, SCHA_ROUTES.setstatus, {
      resource: this.args.resource, group: this.args.group, status, ...(message === undefined ? {} : { message }),
      ...(this.args.zone === undefined ? {} : { zone: this.args.zone }),
    });
    this.lastStatus = `${status}\u0000${message ?? ''}`;
  }

  /** scha_control with this resource and group: resolves when done, rejects with SchaError when refused. */
  control(tag: string): Promise<SchaControlResult> {
    return callScha<SchaControlResult>(this.o.call, SCHA_ROUTES.control, {
      tag, resource: this.args.resource, group: this.args.group, ...(this.args.zone === undefined ? {} : { zone: this.args.zone }),
    }, 0);
  }

  /** scds_failover_rg (GIVEOVER), scds_restart_rg (RESTART), scds_restart_resource (RESOURCE_RESTART). */
  failoverRg(): Promise<SchaControlResult> { return this.control('GIVEOVER'); }
  restartRg(): Promise<SchaControlResult> { return this.control('RESTART'); }
  restartResource(): Promise<SchaControlResult> { return this.control('RESOURCE_RESTART'); }

  // ---- fault monitor (spec §6.1) ----

  /**
   * scds_fm_sleep: waits `timeoutS` (default Thorough_probe_interval), but returns early with
   * `service-gone` when the data service's PMF tag (`svc`, instance 0) vanishes — PMF gave up on it
   * or it was stopped — so that the caller probes at once.
   */
  async fmSleep(timeoutS: number = this.rs.thoroughProbeIntervalS()): Promise<'timeout' | 'service-gone'> {
    const deadline = this.clock() + timeoutS * 1000;
    for (;;) {
      const left = deadline - this.clock();
      if (left <= 0) return 'timeout';
      await this.sleep(Math.min(left, 1000));
      const state = await this.pmf.status('svc').catch(() => 'unknown' as const);
      if (state === 'unknown') continue;
      if (state !== undefined) this.serviceSeen = true;
      else if (this.serviceSeen) {
        this.serviceSeen = false;
        return 'service-gone';
      }
    }
  }

  /**
   * scds_fm_action: folds one probe result into the failure history (partial failures 1–99 add up
   * over Retry_interval; 100 is complete; 201 asks for an immediate failover) and acts: status OK or
   * DEGRADED, RESOURCE_RESTART within Retry_count, then GIVEOVER; Failover_mode RESTART_ONLY and
   * LOG_ONLY hold it back. A refused giveover resets the history so that the next complete failure
   * restarts locally. A restart or giveover usually stops this monitor on the way.
   */
  async fmAction(probeStatus: number, elapsedMs = 0): Promise<FmOutcome> {
    const policy = { retryCount: this.rs.retryCount(), retryIntervalMs: this.rs.retryIntervalS() * 1000, failoverMode: this.rs.failoverMode() };
    const restarts = probeStatus > 0 ? await this.numResourceRestarts() : 0;
    const d = decideFmAction(this.history, probeStatus, this.clock(), policy, restarts);
    this.log.debug(1, `probe status ${probeStatus} after ${elapsedMs} ms: ${d.kind}`);
    switch (d.kind) {
      case 'ok':
        await this.setStatusOnce('OK', 'the service answers');
        return 'ok';
      case 'degraded':
        this.log.log('warning', `probe failed (status ${probeStatus}); failures add up to ${d.cumulative} of 100 within Retry_interval`);
        await this.setStatusOnce('DEGRADED', `probe failures add up to ${d.cumulative}/100`);
        return 'degraded';
      case 'log-only':
        this.log.log('err', d.reason);
        await this.setStatusOnce('FAULTED', d.reason);
        return 'logged';
      case 'restart':
      case 'giveover': {
        this.log.log('err', `${d.reason}: requesting ${d.kind === 'restart' ? 'RESOURCE_RESTART' : 'GIVEOVER'}`);
        await this.setStatusOnce('FAULTED', d.reason);
        try {
          await this.control(d.kind === 'restart' ? 'RESOURCE_RESTART' : 'GIVEOVER');
          return d.kind === 'restart' ? 'restarted' : 'failed-over';
        } catch (err) {
          if (!(err instanceof SchaError)) throw err;
          this.log.log('err', `${d.kind === 'restart' ? 'RESOURCE_RESTART' : 'GIVEOVER'} refused (${err.code}): ${err.message}`);
          if (d.kind === 'giveover') this.history.giveoverRefused();
          return 'refused';
        }
      }
    }
  }

  private async setStatusOnce(status: 'OK' | 'DEGRADED' | 'FAULTED', message: string): Promise<void> {
    if (this.lastStatus === `${status}\u0000${message}`) return;
    await this.setStatus(status, message);
  }

  /**
   * scds_svc_wait: waits up to `timeoutS` for the service's PMF tag to run and, when a probe is
   * given, for the probe to return 0. True when the service came up.
   */
  async svcWait(timeoutS: number, probe?: () => Promise<number>): Promise<boolean> {
    const deadline = this.clock() + timeoutS * 1000;
    while (this.clock() < deadline) {
      const s = await this.pmf.status('svc');
      if (s?.running === true && (probe === undefined || (await probe()) === 0)) return true;
      await this.sleep(Math.min(200, Math.max(0, deadline - this.clock())));
    }
    return false;
  }

  /** scds_hasp_check over Resource_dependencies and _weak: are the storage resources online here? */
  async haspCheck(isStorage: (typeName: string) => boolean = isStorageType): Promise<HaspStatus> {
    const deps = [...this.rs.dependencies('strong'), ...this.rs.dependencies('weak')].map(stripQualifier).map((d) => d.split('@')[0] ?? d);
    const storage: string[] = [];
    for (const d of deps) if (isStorage(await this.scalar('resource', 'TYPE', [], d))) storage.push(d);
    if (storage.length === 0) return 'NO_RESOURCE';
    const local = await Promise.all(storage.map((d) => this.scalar('resource', 'RESOURCE_STATE', [], d)));
    if (local.every((s) => s === 'ONLINE' || s === 'ONLINE_NOT_MONITORED')) return 'ONLINE_LOCAL';
    for (const node of this.description.nodes.filter((n) => n !== this.description.node)) {
      const there = await Promise.all(storage.map((d) => this.scalar('resource', 'RESOURCE_STATE_NODE', [node], d)));
      if (there.some((s) => s === 'ONLINE' || s === 'ONLINE_NOT_MONITORED')) return 'ONLINE_NOT_LOCAL';
    }
    return 'NOT_ONLINE';
  }

  /** scds_timerun: runs a command (argv) with a timeout in seconds, killing its process group on expiry. */
  timerun(command: readonly string[], timeoutS: number, signal: NodeJS.Signals = 'SIGKILL'): Promise<TimerunResult> {
    return timerun(command, timeoutS * 1000, signal);
  }

  /** scds_close: nothing is held open between calls; kept for symmetry with scds_initialize. */
  close(): void {
    this.lastStatus = undefined;
  }
}
