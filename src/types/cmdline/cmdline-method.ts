#!/usr/bin/env node
// The Cmdline resource type's methods (see cmdline.rtr), one program for all of them:
//   cmdline-method.js start|stop|monitor_start|monitor_stop -R resource -T type -G group [-Z zone]
//   cmdline-method.js validate -c|-u -R resource -T type -G group [-x Prop=value]...
//   cmdline-method.js check-loop -R resource -T type -G group -k token   (run by PMF)
// Exit status: 0 success, 1 failure (the RGM makes the resource Faulted), 2 bad usage.
import { getopt, UsageError } from '../../agent/method-runner/getopt.js';
import { checkerLoop } from './checker.js';
import { DetectorState } from './detector-state.js';
import { monitorStart, monitorStop, start, stop, validate } from './methods.js';
import type { CmdlineContext } from './probe.js';
import { readCmdlineProperties } from './props.js';
import { cmdlineSettings } from './settings.js';

const env = process.env;
const node = env['FERRY_NODE'] ?? 'localhost';

async function main(argv: readonly string[]): Promise<number> {
  const [method, ...rest] = argv;
  const { options } = getopt(rest, 'cuR:T:G:Z:r:x:g:X:k:');
  const value = (f: string): string | undefined => options.filter((o) => o.flag === f).at(-1)?.value;
  const resource = value('R');
  const group = value('G');
  const type = value('T');
  if (resource === undefined || group === undefined || type === undefined) throw new UsageError('-R resource, -T type and -G group are required');
  const log = (line: string): void => { process.stdout.write(`${new Date().toISOString()} ${node} ${resource}: ${line}\n`); };
  if (method === 'validate') {
    const props: Record<string, string> = {};
    for (const o of options.filter((x) => x.flag === 'x')) {
      const eq = (o.value ?? '').indexOf('=');
      if (eq > 0) props[(o.value ?? '').slice(0, eq)] = (o.value ?? '').slice(eq + 1);
    }
    return validate(props, (l) => process.stderr.write(`${l}\n`));
  }
  const zone = value('Z') ?? (env['FERRY_ZONE'] !== undefined && env['FERRY_ZONE'] !== 'global' ? env['FERRY_ZONE'] : undefined);
  const target = zone === undefined ? node : `${node}:${zone}`;
  const settings = cmdlineSettings(await readCmdlineProperties(resource, group));
  const ctx: CmdlineContext = { id: { resource, group, type, node, target }, settings, env, state: new DetectorState(env, resource), log };
  switch (method) {
    case 'start': return start(ctx);
    case 'stop': return stop(ctx);
    case 'monitor_start': return monitorStart(ctx);
    case 'monitor_stop': return monitorStop(ctx);
    case 'check-loop': {
      const token = value('k');
      if (token === undefined) throw new UsageError('check-loop needs -k token');
      return checkerLoop(ctx, token, async () => cmdlineSettings(await readCmdlineProperties(resource, group)));
    }
    default: throw new UsageError(`unknown method "${method ?? ''}" (start, stop, validate, monitor_start, monitor_stop, check-loop)`);
  }
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (err) {
  process.stderr.write(`cmdline: ${(err as Error).message}\n`);
  process.exitCode = err instanceof UsageError ? 2 : 1;
}
