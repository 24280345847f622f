import { Rgm, type RgmOptions } from '../../control/index.js';

export type LeaderLoopOptions = Omit<RgmOptions, 'onLeadershipLost'> & {
  /**
   * While leading, also read the member keys, reports and requests this often (ms) and run a pass
   * when members changed or reports or requests wait: the watch alone can stay silent for the gRPC
   * keep-alive time (up to 10 s with etcd's defaults) when its etcd member is cut off.
   */
  readonly membershipPollMs?: number;
};

/**
 * Competes for the RGM leadership for as long as ferryd runs: one Rgm instance per term. An instance
 * campaigns (create-if-absent on the leader key, its revision the epoch), runs the reconcile loop
 * while it leads, and is replaced by a fresh campaigner once it lost the leadership (key gone or
 * taken, lease expired) or could not reach etcd.
 */
export class LeaderLoop {
  private current: Rgm | undefined;
  private stopped = false;
  private running: Promise<void> | undefined;
  private wake: (() => void) | undefined;

  constructor(private readonly o: LeaderLoopOptions) {}

  /** This ferryd's RGM leads now; its epoch. */
  get epoch(): number | undefined {
    return this.current?.epoch;
  }

  start(): void {
    this.running ??= this.run();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    await this.current?.stop();
    await this.running;
  }

  private pollMembers(rgm: Rgm): NodeJS.Timeout | undefined {
    const every = this.o.membershipPollMs;
    if (every === undefined) return undefined;
    let last = '';
    let isBusy = false;
    return setInterval(() => {
      if (isBusy) return;
      isBusy = true;
      const { store, keys } = this.o;
      Promise.all([store.list(keys.members), store.list(keys.reports), store.list(keys.requests)]).then(([members, reports, requests]) => {
        const now = members.items.map((kv) => `${kv.key}@${kv.createRevision}`).join(',');
        if ((last !== '' && now !== last) || reports.items.length > 0 || requests.items.length > 0) rgm.kick();
        last = now;
      }, () => undefined).finally(() => { isBusy = false; });
    }, every);
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      const lost = new Promise<void>((resolve) => { this.wake = resolve; });
      const rgm = new Rgm({ ...this.o, onLeadershipLost: () => this.wake?.() });
      this.current = rgm;
      try {
        await rgm.start();
        if (rgm.epoch !== undefined) this.o.log(`rgm: ${this.o.identity} leads (epoch ${rgm.epoch})`);
        const poll = this.pollMembers(rgm);
        await lost;
        clearInterval(poll);
      } catch (err) {
        this.o.log(`rgm: campaign failed: ${(err as Error).message}`);
        await new Promise((r) => setTimeout(r, this.o.campaignEveryMs ?? 250));
      }
      await rgm.stop();
      this.current = undefined;
    }
  }
}
