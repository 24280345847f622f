// Pacemaker as a benchmark peer (Debian's pacemaker 2.1 + corosync 3, one node on 127.0.0.1, run by
// bench/peers/pacemaker/run-peer.sh), measured the way bench/rgm.bench.ts measures Ferry, so a run
// can print Ferry's figures beside Pacemaker's:
//   - 100 ocf:pacemaker:Dummy resources (monitored every 10 s) submitted in one `cibadmin --create`
//     until crm_mon shows all 100 Started; 3 rounds, median and max (s). Also the stop of all 100.
//   - one Dummy's restart in place after a monitor failure injected with `crm_resource --fail`,
//     until crm_mon shows it Started again by a new start operation; median and max of 5 (ms).
// Pacemaker needs root, the packages, and no other cluster stack on the machine. When it cannot
// run, every row has value NaN and unit 'unavailable: <reason>'; run() never throws.
import { loadavg } from 'node:os';
import { pathToFileURL } from 'node:url';
import { crmMonXml, deletePrimitives, dummyResourcesXml, pcmk, peer, setClusterProperty } from './peers/pacemaker/peer.js';
import { countActive, countStarted, parseOperations, parseResources } from './peers/pacemaker/crm-mon-xml.js';

export interface BenchRow { readonly name: string; readonly value: number; readonly unit: string }

const RESOURCES = Number(process.env['FERRY_BENCH_PCMK_RESOURCES'] ?? 100);
const ROUNDS = Number(process.env['FERRY_BENCH_PCMK_ROUNDS'] ?? 3);
const FAIL_TRIALS = Number(process.env['FERRY_BENCH_PCMK_FAIL_TRIALS'] ?? 5);
/**
 * Pacemaker's controller throttles to fewer parallel actions when the machine's load passes its
 * `load-threshold` (default 80% of the CPUs). Unset: Pacemaker as shipped. Set (e.g. "10000%"):
 * the property is set for the run and named in every row.
 */
const LOAD_THRESHOLD = process.env['FERRY_BENCH_PCMK_LOAD_THRESHOLD'];
const VARIANT = LOAD_THRESHOLD === undefined ? '' : ` (load-threshold=${LOAD_THRESHOLD})`;
const MONITOR_INTERVAL_S = 10;
const WAIT_LIMIT_MS = 300_000;
/** Pause between crm_mon polls; each poll itself takes tens of ms, so times are ± ~0.2 s. */
const POLL_PAUSE_MS = 100;
const PREFIX = 'ferry-bench-';
const MANY = `${PREFIX}dummy-`;
const ONE = `${PREFIX}failing`;

/** The row names, so that "unavailable" rows line up with measured ones. */
export const NAMES = {
  startMedian: `Pacemaker${VARIANT}: ${RESOURCES} Dummy resources submitted → all Started, median of ${ROUNDS}`,
  startMax: `Pacemaker${VARIANT}: ${RESOURCES} Dummy resources submitted → all Started, max of ${ROUNDS}`,
  stopMedian: `Pacemaker${VARIANT}: ${RESOURCES} Dummy resources stop-all → none active, median of ${ROUNDS}`,
  restartMedian: `Pacemaker${VARIANT}: monitor failure (crm_resource --fail) → Dummy Started again, median of ${FAIL_TRIALS}`,
  restartMax: `Pacemaker${VARIANT}: monitor failure (crm_resource --fail) → Dummy Started again, max of ${FAIL_TRIALS}`,
  load: 'machine 1-min load average when the Pacemaker bench began',
};

export async function run(): Promise<BenchRow[]> {
  const load = { name: NAMES.load, value: loadavg()[0] ?? Number.NaN, unit: 'load' };
  const wasRunning = (await peer('status')).ok;
  const up = wasRunning ? { ok: true, reason: '' } : await peer('start');
  if (!up.ok) return [...unavailable(up.reason), load];
  try {
    const foreign = parseResources(await crmMonXml()).filter((r) => !r.id.startsWith(PREFIX));
    if (foreign.length > 0) return [...unavailable(`peer already has other resources (${foreign[0]?.id ?? ''})`), load];
    await setClusterProperty('load-threshold', LOAD_THRESHOLD ?? '80%');
    await removeOurs();
    const starts: number[] = [];
    const stops: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const { startMs, stopMs } = await startStopMany();
      starts.push(startMs / 1000);
      stops.push(stopMs / 1000);
      process.stderr.write(`pacemaker: round ${round + 1}: ${RESOURCES} started in ${(startMs / 1000).toFixed(2)} s, stopped in ${(stopMs / 1000).toFixed(2)} s\n`);
    }
    const restarts = await restartsAfterFailure();
    return [
      { name: NAMES.startMedian, value: median(starts), unit: 's' },
      { name: NAMES.startMax, value: Math.max(...starts), unit: 's' },
      { name: NAMES.stopMedian, value: median(stops), unit: 's' },
      { name: NAMES.restartMedian, value: median(restarts), unit: 'ms' },
      { name: NAMES.restartMax, value: Math.max(...restarts), unit: 'ms' },
      load,
    ];
  } catch (e) {
    return [...unavailable(`measurement failed: ${e instanceof Error ? e.message : String(e)}`), load];
  } finally {
    await removeOurs().catch(() => undefined);
    // A peer someone else started is left running, as found.
    if (!wasRunning) {
      const down = await peer('stop');
      if (!down.ok) process.stderr.write(`pacemaker: stopping the peer failed: ${down.reason}\n`);
    }
  }
}

function unavailable(reason: string): BenchRow[] {
  const unit = `unavailable: ${reason.replace(/\s+/g, ' ').slice(0, 200)}`;
  return [NAMES.startMedian, NAMES.startMax, NAMES.stopMedian, NAMES.restartMedian, NAMES.restartMax].map((name) => ({ name, value: Number.NaN, unit }));
}

/** One round: submit all resources in one CIB update, wait until all Started; then stop them all. */
async function startStopMany(): Promise<{ startMs: number; stopMs: number }> {
  const ids = Array.from({ length: RESOURCES }, (_, i) => `${MANY}${String(i + 1).padStart(3, '0')}`);
  const xml = dummyResourcesXml(ids, MONITOR_INTERVAL_S);
  const t0 = performance.now();
  await pcmk('cibadmin', ['--create', '-o', 'resources', '--xml-pipe'], xml);
  await until(`${RESOURCES} Started`, async () => countStarted(parseResources(await crmMonXml()), MANY) === RESOURCES);
  const startMs = performance.now() - t0;
  const t1 = performance.now();
  await setClusterProperty('stop-all-resources', 'true');
  await until('none active', async () => countActive(parseResources(await crmMonXml()), MANY) === 0);
  const stopMs = performance.now() - t1;
  await removeOurs();
  return { startMs, stopMs };
}

/** Restart in place after an injected monitor failure, FAIL_TRIALS times on one resource (ms). */
async function restartsAfterFailure(): Promise<number[]> {
  const node = (await pcmk('crm_node', ['--name'])).trim();
  await pcmk('cibadmin', ['--create', '-o', 'resources', '--xml-pipe'], dummyResourcesXml([ONE], MONITOR_INTERVAL_S));
  await until(`${ONE} Started`, async () => countStarted(parseResources(await crmMonXml()), ONE) === 1);
  const out: number[] = [];
  for (let i = 0; i < FAIL_TRIALS; i++) {
    const before = lastStartCall(await crmMonXml());
    const t0 = performance.now();
    await pcmk('crm_resource', ['--fail', '--resource', ONE, '--node', node]);
    // Started again *by a new start*: crm_mon shows Started both before and after the recovery.
    await until(`${ONE} restarted`, async () => {
      const xml = await crmMonXml();
      return countStarted(parseResources(xml), ONE) === 1 && lastStartCall(xml) > before;
    });
    out.push(performance.now() - t0);
  }
  return out;
}

function lastStartCall(xml: string): number {
  return Math.max(-1, ...parseOperations(xml, ONE).filter((op) => op.task === 'start' && op.rc === 0).map((op) => op.call));
}

/** Stops and deletes every ferry-bench resource, then waits until Pacemaker has dropped their history. */
async function removeOurs(): Promise<void> {
  const mine = (xml: string): boolean => parseResources(xml).some((r) => r.id.startsWith(PREFIX)) || /<resource_history id="ferry-bench-/.test(xml);
  if (!mine(await crmMonXml())) return;
  await setClusterProperty('stop-all-resources', 'true');
  await until('ours stopped', async () => countActive(parseResources(await crmMonXml()), PREFIX) === 0);
  await deletePrimitives(PREFIX);
  await setClusterProperty('stop-all-resources', 'false');
  // The scheduler deletes the history of stopped orphans by itself; a later round must start fresh.
  await until('history of ours gone', async () => !mine(await crmMonXml()));
}

async function until(what: string, done: () => Promise<boolean>): Promise<void> {
  const limit = performance.now() + WAIT_LIMIT_MS;
  while (!(await done())) {
    if (performance.now() > limit) throw new Error(`timed out after ${WAIT_LIMIT_MS / 1000} s waiting for ${what}`);
    await new Promise((r) => setTimeout(r, POLL_PAUSE_MS));
  }
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  if (s.length === 0) return Number.NaN;
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[mid] ?? Number.NaN) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const rows = await run();
  const width = Math.max(...rows.map((r) => r.name.length));
  for (const r of rows) console.log(`${r.name.padEnd(width)}  ${(Number.isNaN(r.value) ? 'n/a' : r.value.toFixed(2)).padStart(9)} ${r.unit}`);
}
