// Driving the Pacemaker benchmark peer from Node: run-peer.sh for its life cycle, and Pacemaker's
// own command-line tools (cibadmin, crm_mon, crm_resource, crm_attribute) for everything else.
// Only bench/pacemaker.bench.ts uses this; nothing in src/ may depend on it.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The life-cycle script beside this file's source (compiled file: dist/bench/peers/pacemaker/peer.js). */
export const PEER_SCRIPT = fileURLToPath(new URL('../../../../bench/peers/pacemaker/run-peer.sh', import.meta.url));

export interface CommandResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a command to its end; never rejects for a non-zero exit (the caller reads `code`). */
export function runCommand(file: string, args: readonly string[], input?: string, timeoutMs = 600_000): Promise<CommandResult> {
  return new Promise((resolve) => {
    const child = execFile(file, [...args], { timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 127;
      resolve({ code, stdout: String(stdout), stderr: String(stderr) + (error !== null && typeof error.code !== 'number' ? error.message : '') });
    });
    if (input !== undefined) child.stdin?.end(input);
  });
}

/** Runs a Pacemaker tool and returns its stdout; throws with the tool's own message when it fails. */
export async function pcmk(file: string, args: readonly string[], input?: string): Promise<string> {
  const r = await runCommand(file, args, input, 120_000);
  if (r.code !== 0) throw new Error(`${file} ${args.join(' ')} exited ${r.code}: ${(r.stderr || r.stdout).trim().slice(0, 400)}`);
  return r.stdout;
}

export type PeerAction = 'start' | 'stop' | 'status';

/** run-peer.sh's verdict: `ok`, or the reason it could not (its last stderr line that says so). */
export async function peer(action: PeerAction): Promise<{ ok: boolean; reason: string }> {
  const r = await runCommand('bash', [PEER_SCRIPT, action]);
  if (r.code === 0) return { ok: true, reason: '' };
  const lines = `${r.stderr}\n${r.stdout}`.split('\n').map((l) => l.trim()).filter((l) => l !== '');
  const said = lines.find((l) => /cannot:|failed:/.test(l)) ?? lines.at(-1) ?? `exit ${r.code}`;
  return { ok: false, reason: said.replace(/^run-peer: /, '') };
}

/** Sets one cluster property (crm_config). */
export async function setClusterProperty(name: string, value: string): Promise<void> {
  await pcmk('crm_attribute', ['--type', 'crm_config', '--name', name, '--update', value]);
}

/**
 * A `<resources>` fragment of ocf:pacemaker:Dummy primitives with target-role Started and a
 * recurring monitor every `monitorIntervalS` seconds, for one `cibadmin --create -o resources`.
 */
export function dummyResourcesXml(ids: readonly string[], monitorIntervalS: number): string {
  for (const id of ids) if (!/^[A-Za-z][A-Za-z0-9_.-]*$/.test(id)) throw new Error(`not a valid CIB id: ${JSON.stringify(id)}`);
  if (!(Number.isInteger(monitorIntervalS) && monitorIntervalS > 0)) throw new Error(`monitor interval must be a positive whole number of seconds, got ${monitorIntervalS}`);
  const one = (id: string): string =>
    `<primitive id="${id}" class="ocf" provider="pacemaker" type="Dummy">` +
    `<meta_attributes id="${id}-meta"><nvpair id="${id}-target-role" name="target-role" value="Started"/></meta_attributes>` +
    `<operations><op id="${id}-monitor" name="monitor" interval="${monitorIntervalS}s" timeout="20s"/></operations>` +
    '</primitive>';
  return `<resources>${ids.map(one).join('')}</resources>`;
}

/** Deletes every primitive whose id starts with `prefix` in one CIB update. */
export async function deletePrimitives(prefix: string): Promise<void> {
  if (!/^[A-Za-z0-9_.-]+$/.test(prefix)) throw new Error(`unsafe id prefix: ${JSON.stringify(prefix)}`);
  // --force: cibadmin refuses --delete-all without it ("considered dangerous").
  await pcmk('cibadmin', ['--delete-all', '--force', '--xpath', `//resources/primitive[starts-with(@id,'${prefix}')]`]);
}

/** `crm_mon -1 -r -o --output-as=xml`: resources (also inactive ones) and their operation history. */
export function crmMonXml(): Promise<string> {
  return pcmk('crm_mon', ['-1', '-r', '-o', '--output-as=xml']);
}
