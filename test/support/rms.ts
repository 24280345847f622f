// Helpers for the RMS end-to-end tests: the hv* commands, the stand-ins of examples/oracle-vm/standin
// (ldm, virsh, device) with their per-node state, and RMS states read from the cluster's view.
import { spawn } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readlinkSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { ClusterView } from '../../src/api/view/cluster-view.js';
import type { CommandResult, RunningCluster } from './ferry-process.js';
import { fetchView } from './status-wait.js';

export const EXAMPLE_DIR = resolve('examples/oracle-vm');
export const STANDIN = join(EXAMPLE_DIR, 'standin');
export const LDM_PATH = '/opt/SUNWldm/bin/ldm';

/** Runs bin/<command> (hvdisp, hvswitch, …) against the cluster, as a separate process. */
export function hv(cluster: RunningCluster, command: string, args: readonly string[], env: Record<string, string> = {}): Promise<CommandResult> {
  return run(resolve('bin', command), args, { FERRY_ENDPOINT: cluster.endpoint, ...env });
}

export function run(program: string, args: readonly string[], env: Record<string, string>, timeoutMs = 120_000): Promise<CommandResult> {
  return new Promise((done, fail) => {
    const { FERRY_NODE: _n, ...base } = process.env;
    const child = spawn(program, [...args], { env: { ...base, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    const timer = setTimeout(() => { child.kill('SIGKILL'); fail(new Error(`${program} ${args.join(' ')} did not finish`)); }, timeoutMs);
    child.on('error', fail);
    child.on('close', (code) => { clearTimeout(timer); done({ code: code ?? -1, stdout, stderr }); });
  });
}

/** The cluster's id (FERRY_CLUSTER of every process it starts), which selects the stand-ins' state. */
export const clusterIdOf = (c: RunningCluster): string => readFileSync(join(c.dataDir, 'cluster-id'), 'utf8').trim();

/** The stand-ins' state of one cluster: per-node directories and the shared events.log. */
export class StandinState {
  constructor(readonly root: string, readonly clusterId: string) {}

  static of(c: RunningCluster): StandinState {
    return new StandinState('/tmp/ferry-standin', clusterIdOf(c));
  }

  dir(node: string): string {
    const d = join(this.root, this.clusterId, node);
    mkdirSync(d, { recursive: true });
    return d;
  }

  /** What `ldm list-domain DOM` says on `node`: active, bound or inactive. */
  async ldmState(node: string, dom: string): Promise<string> {
    const r = await run(join(STANDIN, 'ldm'), ['list-domain', dom], { FERRY_CLUSTER: this.clusterId, FERRY_NODE: node });
    return r.stdout.trim().split('\n').at(-1)?.split(/\s+/)[1] ?? '';
  }

  async virshState(node: string, dom: string): Promise<string> {
    const r = await run(join(STANDIN, 'virsh'), ['domstate', dom], { FERRY_CLUSTER: this.clusterId, FERRY_NODE: node });
    return r.stdout.trim();
  }

  /** Runs the ldm stand-in as an operator would on `node` (e.g. to start a guest by hand). */
  ldm(node: string, args: readonly string[]): Promise<CommandResult> {
    return run(join(STANDIN, 'ldm'), args, { FERRY_CLUSTER: this.clusterId, FERRY_NODE: node });
  }

  /** Kills the guest's process on `node`, as if the guest crashed. */
  crashGuest(node: string, dom: string): void {
    const pid = Number(readFileSync(join(this.dir(node), `${dom}.pid`), 'utf8').trim());
    process.kill(pid, 'SIGKILL');
  }

  inject(node: string, what: string, on: boolean): void {
    const f = join(this.dir(node), what);
    if (on) writeFileSync(f, '');
    else rmSync(f, { force: true });
  }

  events(): string[] {
    const f = join(this.root, this.clusterId, 'events.log');
    return existsSync(f) ? readFileSync(f, 'utf8').trim().split('\n').filter(Boolean) : [];
  }

  remove(): void {
    rmSync(join(this.root, this.clusterId), { recursive: true, force: true });
  }
}

/**
 * Makes /opt/SUNWldm/bin/ldm the stand-in (the seed's scripts call that path), unless something
 * else is there. Returns a function that undoes it, or a reason the test must be skipped.
 */
export function installLdmStandin(): (() => void) | string {
  if (existsSync(LDM_PATH) || isSymlink(LDM_PATH)) {
    if (isSymlink(LDM_PATH) && readlinkSync(LDM_PATH) === join(STANDIN, 'ldm')) return () => undefined;
    return `${LDM_PATH} exists (a real ldm?): not replaced by the stand-in`;
  }
  try {
    mkdirSync(dirname(LDM_PATH), { recursive: true });
    symlinkSync(join(STANDIN, 'ldm'), LDM_PATH);
  } catch (err) {
    return `cannot install the ldm stand-in at ${LDM_PATH}: ${(err as Error).message}`;
  }
  return () => rmSync(LDM_PATH, { force: true });
}

function isSymlink(p: string): boolean {
  try { return lstatSync(p).isSymbolicLink(); } catch { return false; }
}

/** Writes a cluster file made from a template, with @EXAMPLE@ replaced, into a fresh directory. */
export function renderConfig(template: string, edit: (text: string) => string = (t) => t): string {
  const dir = mkdtempSync(join(tmpdir(), 'ferry-rms-'));
  const file = join(dir, 'cluster.yaml');
  writeFileSync(file, edit(template.replaceAll('@EXAMPLE@', EXAMPLE_DIR)));
  return file;
}

/** RMS state and StateDetails of an application (group) on a target, from the cluster's view. */
export function appState(v: ClusterView, group: string, target: string): string {
  const p = v.groups.find((g) => g.name === group)?.perNode.find((x) => x.target === target);
  return p?.rms ? `${p.rms.state}${p.rms.details ? ` (${p.rms.details})` : ''}` : 'none';
}

export async function rmsStates(c: RunningCluster, group: string): Promise<Record<string, string>> {
  const v = await fetchView(c.endpoint);
  const g = v.groups.find((x) => x.name === group);
  return Object.fromEntries((g?.perNode ?? []).map((p) => [p.target, appState(v, group, p.target)]));
}

/** The rows of an hvdisp table (lines after the dashed rule), split on blanks like scripts do. */
export function hvdispRows(text: string): string[][] {
  const lines = text.split('\n');
  const rule = lines.findIndex((l) => /^-{20,}$/.test(l));
  return lines.slice(rule + 1).filter((l) => l.trim() !== '').map((l) => l.trim().split(/\s+/));
}
