#!/usr/bin/env node
// hvutil: operator actions on userApplications (primecluster §4.8, §5).
//   hvutil -f userApplication              offline (HV_OFFLINE_REASON=STOP)
//   hvutil -c userApplication              clear a fault: offline processing runs again there
//   hvutil -d userApplication              deactivate (Deact; it must be offline)
//   hvutil -a userApplication              activate again
//   hvutil -m on|off|forceoff userApplication   maintenance mode of one application
//   hvutil -M on|off|forceoff              maintenance mode of every application
// `-m off` is refused while a resource is not back in the state it had when maintenance began.
import { getopt, UsageError } from '../agent/method-runner/getopt.js';
import { HvError, hvApi, readCluster } from '../api/rms/hv-client.js';
import { runHv, say } from '../api/rms/hv-main.js';
import { hvRequest } from '../api/rms/hv-request.js';
import { findApplication } from '../api/rms/sysnode.js';

const USAGE = `usage: hvutil -f userApplication | -c userApplication | -d userApplication | -a userApplication
       hvutil -m on|off|forceoff userApplication | -M on|off|forceoff`;

const MODES = ['on', 'off', 'forceoff'] as const;
type Mode = (typeof MODES)[number];
const mode = (text: string | undefined, flag: string): Mode => {
  if (!MODES.includes(text as Mode)) throw new UsageError(`-${flag} needs on, off or forceoff, not "${text ?? ''}"`);
  return text as Mode;
};

await runHv('hvutil', USAGE, async (argv) => {
  const { options, operands } = getopt(argv, 'f:c:d:a:m:M:u:');
  if (options.length !== 1) throw new UsageError(options.length === 0 ? 'give one of -f, -c, -d, -a, -m, -M' : 'give only one of -f, -c, -d, -a, -m, -M');
  const opt = options[0] as { flag: string; value?: string };
  const value = opt.value ?? '';
  if (opt.flag === 'u') throw new HvError('-u (clear a SysNode Wait by faking its elimination) is not supported: Ferry declares a node down only when its lease ran out or it was fenced');
  if (opt.flag === 'M') {
    if (operands.length > 0) throw new UsageError(`unexpected argument "${operands[0] ?? ''}"`);
    const m = mode(value, 'M');
    const c = await readCluster();
    const failures: string[] = [];
    for (const g of c.config.groups.filter((x) => x.flavor === 'userApplication')) {
      try {
        await hvRequest({ kind: 'maintenance', group: g.name, mode: m }, 'accepted');
        say(`hvutil: ${g.name}: maintenance mode ${m}`);
      } catch (err) {
        failures.push(`${g.name}: ${(err as Error).message}`);
      }
    }
    if (failures.length > 0) throw new HvError(failures.join('; '));
    return;
  }
  const name = opt.flag === 'm' ? operands[0] : value;
  if (opt.flag === 'm' && operands.length !== 1) throw new UsageError('-m on|off|forceoff needs one userApplication');
  if (opt.flag !== 'm' && operands.length > 0) throw new UsageError(`unexpected argument "${operands[0] ?? ''}"`);
  if (name === undefined || name === '') throw new UsageError('no userApplication given');
  const c = await readCluster();
  const g = findApplication(c.config, name);
  switch (opt.flag) {
    case 'f': say(`hvutil: ${g.name}: ${await hvRequest({ kind: 'offline', group: g.name })}`); return;
    case 'c': say(`hvutil: ${g.name}: ${await hvRequest({ kind: 'clear', group: g.name })}`); return;
    case 'd': case 'a': {
      const kind = opt.flag === 'd' ? 'unmanage-group' : 'manage-group';
      await hvApi('POST', '/v1/changes', { changes: [{ kind, name: g.name }] });
      say(`hvutil: ${g.name} is ${opt.flag === 'd' ? 'deactivated (Deact)' : 'activated'}`);
      return;
    }
    case 'm': {
      const m = mode(value, 'm');
      await hvRequest({ kind: 'maintenance', group: g.name, mode: m }, 'accepted');
      say(`hvutil: ${g.name}: maintenance mode ${m}`);
      return;
    }
    default: throw new UsageError(`unknown option -${opt.flag}`);
  }
});
