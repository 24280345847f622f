import type { ClusterStatus } from '../model/index.js';
import { initialStatus } from '../model/index.js';
import { checkEvent, decide, deriveGroupStates, reduce, type Action, type PolicyEvent, type Reason } from '../policy/index.js';
import type { Layout } from '../store/layout.js';
import type { Op, Store } from '../store/store.js';
import { StoreMirror } from '../store/mirror.js';
import { EventLog } from './event-log.js';
import { tryAcquireLeadership, type Leadership } from './leadership.js';
import { describeEvent } from './describe.js';
import { PassReader, type PassSnapshot } from './snapshot.js';
import { actionNode, reportEvent, requestEvent, type RequestBody } from './translate.js';
import { NodeLossTracker } from './membership.js';
import { evaluateReply, type ReplyBody } from './request-tracker.js';

export interface RgmOptions {
  readonly store: Store;
  readonly keys: Layout;
  /** Who this RGM instance is (the node it runs on, or `embedded`). */
  readonly identity: string;
  readonly leaseTtlMs: number;
  readonly log: (line: string) => void;
  /** Fences a node (Failover_mode HARD, RMS HaltFlag); resolves true when the node is confirmed off. */
  readonly fence?: (node: string) => Promise<boolean>;
  /** Wall clock in ms; policy times are persisted, so they must survive restarts. */
  readonly clock?: () => number;
  /** Called after every committed pass (tests, metrics). */
  readonly onPass?: (info: { readonly actions: readonly Action[]; readonly events: number }) => void;
  /**
   * How long a node's member key must have been missing before the node is declared down (ms,
   * default 0: at once). Several machines: the self-fence grace of src/control/membership-timing.ts.
   */
  readonly nodeDownGraceMs?: number;
  /** Fence a node (with `fence`) as soon as its member key vanishes; a confirmation ends the grace early. */
  readonly fenceOnNodeLoss?: boolean;
  /** Interval between attempts to take the leadership while someone else holds it (ms, default 250). */
  readonly campaignEveryMs?: number;
  /** Interval between renewals of the leader lease (ms, default a third of leaseTtlMs). */
  readonly renewEveryMs?: number;
  /** Called once when this instance was leader and is no more (leader key gone or taken, lease lost). */
  readonly onLeadershipLost?: () => void;
}

/** How long a finished reply stays readable (ms). */
const REPLY_KEEP_MS = 10 * 60_000;

/** Keys whose change means the RGM must look again; its own writes (status, intents, events) do not. */
const TRIGGERS = ['config/', 'members/', 'reports/', 'requests/'];

/**
 * The Resource Group Manager: one leader runs the level-triggered reconcile loop. Each pass reads
 * the whole state at one revision, folds in new facts (membership, agent reports, requests), asks
 * the pure policy what to do, and writes status, intents, replies and the event log in one
 * transaction guarded by the leader epoch, so a deposed leader's write fails.
 */
export class Rgm {
  private leadership: Leadership | undefined;
  private mirror: StoreMirror | undefined;
  private reader: PassReader | undefined;
  /** Revision of this leader's last committed pass: the next pass reads a mirror that has seen it. */
  private lastWrite = 0;
  private renewTimer: NodeJS.Timeout | undefined;
  private wakeTimer: NodeJS.Timeout | undefined;
  private running = false;
  private again = false;
  private stopped = false;
  private log!: EventLog;
  private lastReasons = new Set<string>();
  private readonly clock: () => number;
  private readonly losses: NodeLossTracker;
  private graceTimer: NodeJS.Timeout | undefined;
  private isLost = false;

  constructor(private readonly o: RgmOptions) {
    this.clock = o.clock ?? Date.now;
    this.losses = new NodeLossTracker(o.nodeDownGraceMs ?? 0);
  }

  get epoch(): number | undefined {
    return this.leadership?.epoch;
  }

  /** Campaigns until it is leader, then runs the loop. `takeOver` clears a stale leader key first (embedded only). */
  async start(takeOver = false): Promise<void> {
    const { store, keys } = this.o;
    if (takeOver) await store.txn({ compare: [], success: [{ kind: 'delete', key: keys.leader }] });
    const lease = await store.grantLease(this.o.leaseTtlMs);
    this.renewTimer = setInterval(() => {
      store.keepAlive(lease).catch((err: Error) => {
        this.o.log(`rgm: leader lease renewal failed: ${err.message}`);
        if (err.name === 'LeaseNotFoundError') this.lost();
      });
    }, this.o.renewEveryMs ?? Math.max(100, Math.floor(this.o.leaseTtlMs / 3)));
    while (!this.stopped && !this.leadership) {
      this.leadership = await tryAcquireLeadership(store, keys, this.o.identity, lease);
      if (!this.leadership) await new Promise((r) => setTimeout(r, this.o.campaignEveryMs ?? 250));
    }
    if (!this.leadership) return;
    await this.restampIntents(this.leadership.epoch);
    const events = await store.list(keys.events);
    this.log = new EventLog(keys, EventLog.nextSeqAfter(events.items.at(-1)?.key));
    this.log.add(this.clock(), 'fact', `node ${this.o.identity}`, `RGM leader elected (epoch ${this.leadership.epoch})`);
    this.mirror = new StoreMirror(store, `${keys.root}/`, {
      skip: [keys.events],
      log: this.o.log,
      // An empty batch is a re-listing after the watch failed: look again.
      onChange: (batch) => {
        if (batch.length === 0 || batch.some((e) => TRIGGERS.some((t) => e.key.startsWith(`${keys.root}/${t}`)))) this.kick();
      },
    });
    await this.mirror.start();
    this.reader = new PassReader(this.mirror, keys);
    this.kick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.renewTimer) clearInterval(this.renewTimer);
    if (this.wakeTimer) clearTimeout(this.wakeTimer);
    if (this.graceTimer) clearTimeout(this.graceTimer);
    await this.mirror?.stop();
    while (this.running) await new Promise((r) => setTimeout(r, 10));
    if (this.leadership) await this.o.store.revokeLease(this.leadership.lease).catch(() => undefined);
  }

  /** Asks for a pass; passes never overlap, and one requested during a pass runs right after it. */
  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = true;
    void this.loop();
  }

  private async loop(): Promise<void> {
    try {
      let more = true;
      for (let i = 0; more && !this.stopped && i < 10_000; i++) {
        this.again = false;
        more = (await this.pass()) || this.again;
      }
    } catch (err) {
      this.o.log(`rgm: pass failed: ${(err as Error).stack ?? String(err)}`);
      setTimeout(() => this.kick(), 500);
    } finally {
      this.running = false;
    }
  }

  /** One reconcile pass; true when it changed something (so another pass may find more to do). */
  private async pass(): Promise<boolean> {
    const { store, keys } = this.o;
    const lead = this.leadership;
    const mirror = this.mirror;
    const reader = this.reader;
    if (!lead || !mirror || !reader) return false;
    await mirror.caughtUpWithin(this.lastWrite, 3000);
    if (this.stopped) return false;
    const snap = reader.read();
    if (snap.leaderCreateRevision !== lead.epoch) {
      this.o.log(`rgm: leadership lost (epoch ${lead.epoch}); stopping`);
      this.stopped = true;
      this.lost();
      return false;
    }
    const now = this.clock();
    const config = snap.config;
    let status: ClusterStatus = snap.status ?? initialStatus(config, now);
    const ops: Op[] = [];
    const fold = (event: PolicyEvent): void => {
      status = reduce(config, status, event, now);
      const d = describeEvent(event);
      if (d) this.log.add(now, 'fact', d.subject, d.message);
      // A node that is down runs nothing: intents left for it must not run when it rejoins.
      if (event.kind === 'node-down' || event.kind === 'node-fenced') ops.push({ kind: 'deletePrefix', prefix: keys.intents(event.node) });
    };

    const membership = this.losses.delta(status, snap.members, config.nodes.map((n) => n.name), snap.status !== undefined);
    for (const n of membership.newlyMissing) {
      const fencing = this.o.fenceOnNodeLoss === true && this.o.fence !== undefined;
      this.log.add(now, 'fact', `node ${n}`, `membership lease gone; node ${n} is declared down in ${this.o.nodeDownGraceMs ?? 0} ms (self-fence grace)${fencing ? ' or when the fencing agent confirms it is off' : ''}`);
      if (fencing) void this.fenceNode(n);
    }
    for (const e of membership.events) fold(e);
    this.scheduleGrace(membership.wakeInMs);
    for (const kv of snap.reports) {
      const e = reportEvent(kv);
      if (e) fold(e);
      ops.push({ kind: 'delete', key: kv.key });
      if (e?.kind === 'method-result' || e?.kind === 'script-result') {
        const intentKey = snap.intents.get(e.actionId);
        if (intentKey) ops.push({ kind: 'delete', key: intentKey });
      }
    }
    // Open replies (requests accepted but not finished), updated in place and written once at the end.
    const replies = new Map<string, ReplyBody>(snap.replies.map((kv) => [kv.key.slice(keys.replies.length), JSON.parse(kv.value) as ReplyBody]));
    const touched = new Set<string>();
    const setReply = (id: string, body: ReplyBody): void => {
      replies.set(id, body);
      touched.add(id);
    };
    for (const kv of snap.requests) {
      const body = JSON.parse(kv.value) as RequestBody;
      ops.push({ kind: 'delete', key: kv.key });
      const e = requestEvent(body, now);
      if (typeof e === 'string') {
        setReply(body.requestId, { accepted: false, done: true, failed: true, reason: e, request: body });
        this.log.add(now, 'refusal', `request ${body.kind}`, e);
        continue;
      }
      const refusal = e.kind === 'admin' ? checkEvent(config, status, e) : [];
      if (refusal.length > 0) {
        setReply(body.requestId, { accepted: false, done: true, failed: true, reason: refusal.join('; '), request: body });
        this.log.add(now, 'refusal', `request ${body.kind}`, refusal.join('; '));
        continue;
      }
      fold(e);
      // Admin requests are accepted as facts; scha_control requests wait for the policy's reply action.
      if (e.kind === 'admin') setReply(body.requestId, { accepted: true, done: false, reason: 'accepted', request: body, acceptedAtMs: now });
      else if (e.kind === 'scha-control') setReply(body.requestId, { done: false, reason: 'waiting for the RGM to decide', request: body, acceptedAtMs: now });
    }

    const decision = decide({ config, status, now });
    const actions = decision.actions;
    if (actions.length > 0) status = reduce(config, status, { kind: 'actions-issued', actions }, now);
    for (const a of actions) {
      this.log.add(now, 'action', actionSubject(a), a.reason);
      const node = actionNode(a);
      if (node !== undefined) ops.push({ kind: 'put', key: keys.intent(node, a.id), value: JSON.stringify({ ...a, epoch: lead.epoch }) });
      if (a.kind === 'reply') {
        const prior = replies.get(a.requestId);
        setReply(a.requestId, { ...prior, accepted: a.accepted, done: !a.accepted, failed: !a.accepted, reason: a.reason, ...(a.error ? { error: a.error } : {}), acceptedAtMs: now });
      }
    }
    this.logReasons(now, decision.reasons);
    let states: ReturnType<typeof deriveGroupStates> | undefined;
    const groupStates = (): ReturnType<typeof deriveGroupStates> => (states ??= deriveGroupStates(config, status, now));
    for (const [id, body] of replies) {
      if (body.done || body.accepted !== true) continue;
      const verdict = evaluateReply(body, config, status, now, groupStates);
      if (verdict) setReply(id, { ...body, ...verdict, done: true });
    }
    for (const id of touched) {
      const body = replies.get(id) as ReplyBody;
      ops.push(reply(keys, id, body.done && body.doneAtMs === undefined ? { ...body, doneAtMs: now } : body));
    }
    // Finished replies are kept a while for clients that come back for them, then removed.
    for (const r of snap.doneReplies) if (!touched.has(r.key.slice(keys.replies.length)) && now - (r.doneAtMs ?? 0) > REPLY_KEEP_MS) ops.push({ kind: 'delete', key: r.key });

    const statusJson = JSON.stringify(status);
    const changed = ops.length > 0 || actions.length > 0 || snap.status === undefined || statusJson !== reader.statusJson;
    if (!changed && this.log.buffered.length === 0) {
      this.scheduleWake(decision.nextWakeAtMs, now);
      return false;
    }
    const logged = this.log.buffered.slice();
    const r = await store.txn({
      compare: [{ key: keys.leader, target: 'createRevision', op: '=', value: lead.epoch }],
      success: [{ kind: 'put', key: keys.status, value: statusJson }, ...ops, ...this.log.drain()],
    });
    if (!r.succeeded) {
      this.log.restore(logged);
      return !this.stopped;
    }
    this.lastWrite = r.revision;
    reader.remember(status, statusJson, r.revision);
    for (const a of actions) if (a.kind === 'fence-node') void this.fenceNode(a.node);
    this.o.onPass?.({ actions, events: snap.reports.length + snap.requests.length });
    this.scheduleWake(decision.nextWakeAtMs, now);
    return actions.length > 0 || snap.reports.length > 0 || snap.requests.length > 0;
  }

  private logReasons(now: number, reasons: readonly Reason[]): void {
    const current = new Set(reasons.map((r) => `${r.subject}\u0000${r.message}`));
    for (const r of reasons) if (!this.lastReasons.has(`${r.subject}\u0000${r.message}`)) this.log.add(now, 'reason', r.subject, r.message);
    this.lastReasons = current;
  }

  private scheduleGrace(inMs: number | undefined): void {
    if (this.graceTimer) clearTimeout(this.graceTimer);
    this.graceTimer = undefined;
    if (inMs === undefined || this.stopped) return;
    this.graceTimer = setTimeout(() => this.kick(), Math.ceil(inMs) + 1);
  }

  private lost(): void {
    if (this.isLost || !this.leadership) return;
    this.isLost = true;
    this.stopped = true;
    this.o.onLeadershipLost?.();
  }

  /**
   * A new leader takes over the intents its predecessors wrote and no agent has answered yet: it
   * stamps them with its own epoch (same action id, so an agent already running one does not run it
   * again), because agents ignore intents older than the current leader key.
   */
  private async restampIntents(epoch: number): Promise<void> {
    const { store, keys } = this.o;
    const { items } = await store.list(keys.allIntents);
    const ops: Op[] = [];
    for (const kv of items) {
      const intent = JSON.parse(kv.value) as { epoch?: number };
      if ((intent.epoch ?? 0) < epoch) ops.push({ kind: 'put', key: kv.key, value: JSON.stringify({ ...intent, epoch }) });
    }
    if (ops.length === 0) return;
    // etcd refuses txns of more than 128 operations by default.
    for (let i = 0; i < ops.length; i += 100) {
      await store.txn({ compare: [{ key: keys.leader, target: 'createRevision', op: '=', value: epoch }], success: ops.slice(i, i + 100) });
    }
    this.o.log(`rgm: took over ${ops.length} intent(s) of the previous leader`);
  }

  private scheduleWake(atMs: number | undefined, now: number): void {
    if (this.wakeTimer) clearTimeout(this.wakeTimer);
    this.wakeTimer = undefined;
    if (atMs === undefined || this.stopped) return;
    this.wakeTimer = setTimeout(() => this.kick(), Math.max(0, atMs - now) + 5);
  }

  private async fenceNode(node: string): Promise<void> {
    const { store, keys } = this.o;
    let fenced = false;
    try {
      fenced = this.o.fence ? await this.o.fence(node) : false;
    } catch (err) {
      this.o.log(`rgm: fencing ${node} failed: ${(err as Error).message}`);
    }
    const event = fenced ? { kind: 'node-fenced', node } : { kind: 'fence-failed', node, message: this.o.fence ? 'fencing agent failed' : 'no fencing agent configured' };
    await store.txn({ compare: [], success: [{ kind: 'put', key: keys.report('_rgm', `fence-${node}-${this.clock()}`), value: JSON.stringify(event) }] });
  }
}

function reply(keys: Layout, id: string, body: ReplyBody): Op {
  return { kind: 'put', key: keys.reply(id), value: JSON.stringify(body) };
}

function actionSubject(a: Action): string {
  switch (a.kind) {
    case 'run-method': return `resource ${a.resource} on ${a.target}`;
    case 'run-script': return `application ${a.group} on ${a.target}`;
    case 'fence-node': return `node ${a.node}`;
    case 'reply': return `request ${a.requestId}`;
    case 'recover': return `group ${a.group}`;
  }
}

export type { PassSnapshot };
