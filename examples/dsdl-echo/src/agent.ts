// The ferry.echo agent: every callback method and the fault monitor, written with Ferry's DSDL
// library. bin/echo-method runs this file as `agent.js <method-name> -R res -T type -G group`.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { initialize, MethodArgvError, SchaError, simpleProbe, type Dsdl } from '../../../src/main/dsdl.js';
import { probeEcho } from './probe.js';

const here = dirname(fileURLToPath(import.meta.url));
const SERVER = join(here, 'echo-server.js');
const AGENT = join(here, 'agent.js');

/** Start: run the server under PMF (restarted by PMF up to Retry_count times), wait until it answers. */
async function start(ds: Dsdl): Promise<number> {
  const hasp = await ds.haspCheck();
  if (hasp === 'NOT_ONLINE' || hasp === 'ONLINE_NOT_LOCAL') {
    ds.log.log('err', `the storage this resource depends on is ${hasp}; not starting`);
    return 1;
  }
  const port = ds.ext.int('Port');
  if ((await ds.pmf.status('svc')) === undefined) {
    await ds.pmf.start('svc', [process.execPath, SERVER, String(port)], { retries: ds.rs.retryCount(), periodMs: ds.rs.retryIntervalS() * 1000 });
  }
  const waitS = Math.max(1, Math.floor((ds.rs.timeoutS('Start') ?? 30) * 0.8));
  if (!(await ds.svcWait(waitS, () => simpleProbe('127.0.0.1', port, 1000)))) {
    ds.log.log('err', `the echo server did not answer on port ${port} within ${waitS} s`);
    return 1;
  }
  ds.log.log('info', `echo server answers on 127.0.0.1:${port}`);
  return 0;
}

/** Stop: SIGTERM, then SIGKILL after 80 % of Stop_timeout; idempotent. */
async function stop(ds: Dsdl): Promise<number> {
  const gone = await ds.pmf.stop('svc', { signal: 'SIGTERM', timeoutMs: (ds.rs.timeoutS('Stop') ?? 30) * 800 });
  ds.log.log(gone ? 'info' : 'err', gone ? 'echo server stopped' : 'echo server did not go away');
  return gone ? 0 : 1;
}

/** Validate: the proposed Port must not be another echo resource's port (the RTR checks the range). */
async function validate(ds: Dsdl): Promise<number> {
  const port = ds.ext.int('Port');
  const others = await ds.query('type', 'RESOURCE_LIST');
  for (const other of others.kind === 'array' ? others.values : []) {
    if (other === ds.resourceName) continue;
    const v = await ds.query('resource', 'EXTENSION', { resource: other, args: ['Port'] });
    if (v.kind === 'extension' && v.value?.kind === 'int' && v.value.value === port) {
      ds.log.log('err', `Port ${port} is already used by ${other}`);
      process.stderr.write(`Port ${port} is already used by echo resource ${other}\n`);
      return 1;
    }
  }
  if (!existsSync(SERVER)) {
    ds.log.log('err', `${SERVER} is missing (run npm run build)`);
    return 1;
  }
  return 0;
}

async function monitorStart(ds: Dsdl): Promise<number> {
  if ((await ds.pmf.status('mon')) !== undefined) return 0;
  await ds.pmf.start('mon', [process.execPath, AGENT, 'echo_probe', '-R', ds.resourceName, '-T', ds.resourceTypeName, '-G', ds.resourceGroupName], { retries: -1 });
  return 0;
}

async function monitorStop(ds: Dsdl): Promise<number> {
  return (await ds.pmf.stop('mon', { signal: 'SIGKILL', timeoutMs: 5000 })) ? 0 : 1;
}

/** Monitor_check: this node can host the service if the server program is installed here. */
async function monitorCheck(ds: Dsdl): Promise<number> {
  const ok = existsSync(SERVER) && existsSync(process.execPath);
  if (!ok) ds.log.log('err', `cannot host the echo service on ${ds.nodeName}: ${SERVER} missing`);
  return ok ? 0 : 1;
}

/** The fault monitor (runs under PMF until Monitor_stop): sleep, probe, act — scds_fm_* style. */
async function probeLoop(ds: Dsdl): Promise<number> {
  for (let round = 1; ; round++) {
    await ds.fmSleep();
    const started = Date.now();
    const status = await probeEcho(ds.ext.int('Port'), ds.ext.int('Probe_timeout') * 1000, round);
    await ds.fmAction(status, Date.now() - started);
  }
}

const METHODS: Readonly<Record<string, (ds: Dsdl) => Promise<number>>> = {
  echo_start: start,
  echo_stop: stop,
  echo_validate: validate,
  echo_update: async (ds) => { ds.log.log('info', 'properties changed; the probe reads them each round'); return 0; },
  echo_monitor_start: monitorStart,
  echo_monitor_stop: monitorStop,
  echo_monitor_check: monitorCheck,
  echo_probe: probeLoop,
};

async function main(): Promise<number> {
  const [method = '', ...argv] = process.argv.slice(2);
  const run = METHODS[method];
  if (run === undefined) {
    process.stderr.write(`ferry.echo: unknown method "${method}" (one of ${Object.keys(METHODS).join(', ')})\n`);
    return 1;
  }
  try {
    return await run(await initialize(argv, { methodName: method }));
  } catch (err) {
    if (err instanceof MethodArgvError || err instanceof SchaError) {
      process.stderr.write(`${method}: ${err.message}\n`);
      return 1;
    }
    throw err;
  }
}

process.exitCode = await main();
