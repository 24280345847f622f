import { setTimeout as sleep } from 'node:timers/promises';
import { labMissing, startFerryLab, type FerryLab, type LabStatus } from '../test/support/netns/ferry-lab.js';
import { OnlineChecker } from '../test/support/netns/online-checker.js';

/**
 * Failover on several machines (three network namespaces, each with one etcd member and one ferryd,
 * etcd with --heartbeat-interval 50 --election-timeout 250 so that a 1 s lease TTL is honoured) for
 * lease TTLs of 1, 2 and 5 s:
 *
 * - kill -9 of the ferryd hosting the group, and a cut of its machine's link (partition), each to
 *   the group's Start having completed on another node (median and max);
 * - from the loss being detected (the RGM leader sees the member key gone) to Start being called,
 *   which includes the self-fence grace; and from the node-down decision to Start being called.
 *
 * The host is never the RGM leader (the group is switched away first), so these are node losses, not
 * leader losses. FERRY_BENCH_TRIALS (default 10) sets trials per case, FERRY_BENCH_TTLS (ms, default
 * 1000,2000,5000) the TTLs. Needs root. Times come from one clock: the wall clock of this host, which
 * every namespace shares (the methods journal with `date +%s%3N`, the RGM logs with Date.now()).
 */
export interface BenchRow {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
}

interface LoggedEvent { readonly seq: number; readonly atMs: number; readonly subject: string; readonly message: string }

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};

async function waitFor<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > deadline) throw new Error(`bench: timed out waiting for ${what}`);
    await sleep(20);
  }
}

async function statusFrom(lab: FerryLab, not: number): Promise<LabStatus | undefined> {
  for (let i = 0; i < lab.nodes.length; i++) {
    if (i === not || !lab.isFerrydRunning(i)) continue;
    const s = await lab.status(i);
    if (s) return s;
  }
  return undefined;
}

async function events(lab: FerryLab, not: number): Promise<LoggedEvent[]> {
  for (let i = 0; i < lab.nodes.length; i++) {
    if (i === not) continue;
    try {
      const r = await fetch(`${lab.endpoint(i)}/v1/events?limit=500`, { signal: AbortSignal.timeout(2000) });
      if (r.ok) return ((await r.json()) as { events: LoggedEvent[] }).events;
    } catch { /* next */ }
  }
  return [];
}

interface Trial { readonly failoverMs: number; readonly detectToStartMs: number; readonly downToStartMs: number; readonly hostHadEtcdLeader: boolean }

async function trial(lab: FerryLab, checker: OnlineChecker, kind: 'kill' | 'partition'): Promise<Trial> {
  let host = await waitFor('r1 on one node', () => (checker.onlineNodes('r1').length === 1 ? checker.onlineNodes('r1')[0] : undefined));
  const leader = (await statusFrom(lab, -1))?.leader?.node;
  if (leader === host) {
    const other = lab.nodes.find((n) => n !== host) as string;
    for (let attempt = 1; ; attempt++) {
      const r = await lab.ferry(lab.nodes.indexOf(other), ['rg', 'switch', 'g1', '-n', other]);
      if (r.code === 0) break;
      if (attempt === 5) throw new Error(`bench: rg switch g1 -n ${other}: ${r.stderr}`);
      process.stderr.write(`failover-etcd: rg switch refused (${r.stderr.trim()}); again\n`);
      await sleep(1000);
    }
    host = await waitFor('r1 switched', () => (checker.onlineNodes('r1')[0] === other ? other : undefined));
  }
  const i = lab.nodes.indexOf(host);
  const etcdLeader = (await statusFrom(lab, -1))?.etcd?.findIndex((m) => m.isLeader);
  const t0 = Date.now();
  if (kind === 'kill') await lab.killFerryd(i);
  else lab.cut(i);
  const started = await waitFor('r1 started elsewhere', () => {
    const j = lab.journal().filter((e) => e.resource === 'r1' && e.atMs >= t0 && e.node !== host);
    const begin = j.find((e) => e.what === 'start-begin');
    const end = j.find((e) => e.what === 'start-end');
    return begin && end ? { begin: begin.atMs, end: end.atMs } : undefined;
  });
  const log = (await events(lab, i)).filter((e) => e.atMs >= t0 && e.subject === `node ${host}`);
  const detected = log.find((e) => e.message.startsWith('membership lease gone'))?.atMs ?? Number.NaN;
  const down = log.find((e) => e.message.startsWith('left the cluster'))?.atMs ?? Number.NaN;
  if (kind === 'kill') await lab.startFerryd(i);
  else lab.heal(i);
  await waitFor(`${host} rejoined`, async () => (await statusFrom(lab, -1))?.nodes.find((n) => n.name === host)?.state === 'UP' || undefined);
  return { failoverMs: started.end - t0, detectToStartMs: started.begin - detected, downToStartMs: started.begin - down, hostHadEtcdLeader: etcdLeader === i };
}

export async function run(): Promise<BenchRow[]> {
  const missing = labMissing();
  if (missing !== undefined) {
    process.stderr.write(`failover-etcd: skipped (${missing})\n`);
    return [];
  }
  const trials = Math.max(1, Number(process.env['FERRY_BENCH_TRIALS'] ?? 10));
  const ttls = (process.env['FERRY_BENCH_TTLS'] ?? '1000,2000,5000').split(',').map(Number);
  const rows: BenchRow[] = [];
  for (const ttl of ttls) {
    const lab = await startFerryLab({ machines: 3, leaseTtlMs: ttl });
    const checker = new OnlineChecker(lab.stateDir).start();
    try {
      for (const args of [['rg', 'create', '-n', 'n1,n2,n3', 'g1'], ['rs', 'create', '-g', 'g1', '-t', 'ferrytest.mm', 'r1'], ['rg', 'manage', 'g1'], ['rg', 'online', 'g1']]) {
        const r = await lab.ferry(0, args);
        if (r.code !== 0) throw new Error(`ferry ${args.join(' ')}: ${r.stderr}`);
      }
      for (const kind of ['kill', 'partition'] as const) {
        const results: Trial[] = [];
        for (let t = 0; t < trials; t++) {
          results.push(await trial(lab, checker, kind));
          process.stderr.write(`failover-etcd: TTL ${ttl} ms ${kind} #${t + 1}: ${JSON.stringify(results.at(-1))}\n`);
        }
        const label = kind === 'kill' ? 'kill -9' : 'partition';
        const failover = results.map((r) => r.failoverMs);
        const detect = results.map((r) => r.detectToStartMs).filter(Number.isFinite);
        const down = results.map((r) => r.downToStartMs).filter(Number.isFinite);
        rows.push(
          { name: `TTL ${ttl / 1000} s, ${label} → online elsewhere, median`, value: median(failover), unit: 'ms' },
          { name: `TTL ${ttl / 1000} s, ${label} → online elsewhere, max`, value: Math.max(...failover), unit: 'ms' },
          { name: `TTL ${ttl / 1000} s, ${label}: loss detected → Start called, median (incl. grace)`, value: median(detect), unit: 'ms' },
          { name: `TTL ${ttl / 1000} s, ${label}: loss detected → Start called, max (incl. grace)`, value: Math.max(...detect), unit: 'ms' },
          { name: `TTL ${ttl / 1000} s, ${label}: node-down decided → Start called, median`, value: median(down), unit: 'ms' },
          { name: `TTL ${ttl / 1000} s, ${label}: trials`, value: results.length, unit: 'count' },
        );
      }
      rows.push({ name: `TTL ${ttl / 1000} s: moments a resource ran on two nodes (checker, every 10 ms)`, value: checker.overlaps.length, unit: 'count' });
    } finally {
      checker.stop();
      await lab.stop();
    }
  }
  return rows;
}
