import { execFile } from 'node:child_process';
import { callEndpoint, EndpointCallError } from '../../agent/endpoint/client.js';
import { formatValue, resourceValue } from '../../model/index.js';
import type { SchaAnswer } from '../../api/scha/wire.js';
import type { SchaDescription } from '../../api/scha/describe.js';
import { CMDLINE_PROPERTIES } from './settings.js';

type Props = Record<string, string | undefined>;

/**
 * The one place the Cmdline methods read their resource's properties, as the text
 * `scha_resource_get -O Extension -R resource -G group NAME` prints for each. It asks the node's
 * agent once (the scha `describe` route that scha_resource_get and the DSDL use); when that route
 * is not there it runs scha_resource_get per property. A property the resource's type lacks comes
 * back undefined (the RTR default applies). Throws when neither can answer.
 */
export async function readCmdlineProperties(resource: string, group: string, env: NodeJS.ProcessEnv = process.env): Promise<Props> {
  const socket = env['FERRY_AGENT_SOCKET'];
  if (socket !== undefined) {
    try {
      const a = (await callEndpoint(socket, 'scha.describe', { resource, group }, { timeoutMs: 30_000 })) as SchaAnswer<SchaDescription>;
      if (!a.ok) throw new Error(`scha.describe: ${a.message}`);
      const d = a.value;
      return Object.fromEntries(CMDLINE_PROPERTIES.map((name) => {
        const v = resourceValue(d.type, d.resource, name, d.node as never);
        return [name, v === undefined ? undefined : formatValue(v)];
      }));
    } catch (err) {
      if (!(err instanceof EndpointCallError && err.code === 'unknown-route')) throw err;
    }
  }
  const entries = await Promise.all(CMDLINE_PROPERTIES.map(async (name) => [name, await viaCommand(resource, group, name)] as const));
  return Object.fromEntries(entries);
}

function viaCommand(resource: string, group: string, name: string): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    execFile('scha_resource_get', ['-O', 'Extension', '-R', resource, '-G', group, name], { env: process.env, timeout: 30_000 }, (err, stdout, stderr) => {
      if (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return reject(new Error('scha_resource_get is not available on PATH'));
        if (/SCHA_ERR_PROP/i.test(stderr)) return resolve(undefined);
        return reject(new Error(`scha_resource_get -O Extension ${name} failed: ${(stderr || err.message).trim()}`));
      }
      const lines = stdout.split('\n');
      resolve(lines[1] ?? '');
    });
  });
}
