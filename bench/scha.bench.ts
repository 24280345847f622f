/**
 * scha_* command latency (not a test): an agent's probe calls scha_* in a loop, so one call must
 * cost little more than starting Node at all. Serves the scha routes of one node on a Unix socket
 * in this process (memory store, the unit-test fixture cluster), then times, interleaved so that
 * both see the same machine load:
 *   - `node -e 0` (the floor: starting Node),
 *   - `bin/scha_resource_get -O RESOURCE_STATE` and `bin/scha_resourcegroup_get -O RG_STATE`,
 * and the route alone, called in-process over the socket. `run()` returns rows; run directly
 * (`node dist/bench/scha.bench.js`) it prints them.
 */
import { spawn } from 'node:child_process';
import { accessSync, constants, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { callEndpoint } from '../src/agent/endpoint/client.js';
import { serveEndpoint } from '../src/agent/endpoint/index.js';
import { fixtureStore } from '../src/api/scha/fixture.test-support.js';
import { schaRoutes } from '../src/api/scha/index.js';

export interface BenchRow {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
}

const PROCESS_SAMPLES = 40;
const ROUTE_SAMPLES = 300;

function timeProcess(command: string, args: readonly string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((res, rej) => {
    const t0 = performance.now();
    const child = spawn(command, args, { env, stdio: 'ignore' });
    child.on('error', rej);
    child.on('close', (code) => (code === 0 ? res(performance.now() - t0) : rej(new Error(`${command} ${args.join(' ')} exited ${String(code)}`))));
  });
}

const quantile = (xs: readonly number[], q: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? Number.NaN;
};

export async function run(): Promise<BenchRow[]> {
  const dir = mkdtempSync(join(tmpdir(), 'ferry-scha-bench-'));
  const socket = join(dir, 'agent.sock');
  const { store, keys } = await fixtureStore();
  const endpoint = await serveEndpoint(socket, schaRoutes({ store, keys, node: 'n1', report: async () => undefined }));
  const env = { PATH: `${resolve('bin')}:/usr/bin:/bin`, FERRY_AGENT_SOCKET: socket };
  // What a method runs: bin/<name> (a symlink to the .cjs with a node shebang). A build by plain
  // `tsc` (npm run bench) does not set the x bit that `npm run build` sets: then run it with node.
  const command = (name: string): [string, string[]] => {
    const path = resolve('bin', name);
    try {
      accessSync(path, constants.X_OK);
      return [path, []];
    } catch {
      return [process.execPath, [path]];
    }
  };
  const time = (name: string, args: readonly string[]): Promise<number> => {
    const [cmd, pre] = command(name);
    return timeProcess(cmd, [...pre, ...args], env);
  };
  try {
    const node: number[] = [];
    const rsGet: number[] = [];
    const rgGet: number[] = [];
    // Warm the file cache once, then interleave the three so load changes hit all alike.
    await time('scha_resource_get', ['-O', 'RESOURCE_STATE', '-R', 'r1', '-G', 'rg1']);
    for (let i = 0; i < PROCESS_SAMPLES; i++) {
      node.push(await timeProcess(process.execPath, ['-e', '0'], env));
      rsGet.push(await time('scha_resource_get', ['-O', 'RESOURCE_STATE', '-R', 'r1', '-G', 'rg1']));
      rgGet.push(await time('scha_resourcegroup_get', ['-O', 'RG_STATE', '-G', 'rg1']));
    }
    const route: number[] = [];
    const body = { object: 'resource', optag: 'RESOURCE_STATE', resource: 'r1', group: 'rg1', args: [] };
    for (let i = 0; i < ROUTE_SAMPLES; i++) {
      const t0 = performance.now();
      await callEndpoint(socket, 'scha.get', body);
      route.push(performance.now() - t0);
    }
    const p50 = (xs: number[]): number => quantile(xs, 0.5);
    const min = (xs: number[]): number => Math.min(...xs);
    // The minimum is the cost on an idle machine; the median includes whatever else the machine does.
    return [
      { name: 'node -e 0 (p50)', value: p50(node), unit: 'ms' },
      { name: 'node -e 0 (min)', value: min(node), unit: 'ms' },
      { name: 'scha_resource_get -O RESOURCE_STATE (p50)', value: p50(rsGet), unit: 'ms' },
      { name: 'scha_resource_get -O RESOURCE_STATE (min)', value: min(rsGet), unit: 'ms' },
      { name: 'scha_resource_get / node -e 0 (p50)', value: p50(rsGet) / p50(node), unit: 'ratio' },
      { name: 'scha_resource_get / node -e 0 (min)', value: min(rsGet) / min(node), unit: 'ratio' },
      { name: 'scha_resourcegroup_get -O RG_STATE (p50)', value: p50(rgGet), unit: 'ms' },
      { name: 'scha_resourcegroup_get / node -e 0 (p50)', value: p50(rgGet) / p50(node), unit: 'ratio' },
      { name: 'scha.get route over the socket (p50)', value: p50(route), unit: 'ms' },
      { name: 'scha.get route over the socket (p99)', value: quantile(route, 0.99), unit: 'ms' },
    ];
  } finally {
    await endpoint.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  for (const r of await run()) console.log(`${r.name.padEnd(46)} ${r.value.toFixed(2).padStart(9)} ${r.unit}`);
}
