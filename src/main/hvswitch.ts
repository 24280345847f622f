#!/usr/bin/env node
// hvswitch: switch a userApplication (primecluster §4.2, §4.4, §4.7).
//   hvswitch [-f] userApplication [SysNode]
// Without SysNode a priority switch: to the most preferred SysNode of its PriorityList that is
// Online (and where it is not Faulted). With SysNode a directed switch. Only Online SysNodes can be
// chosen. -f (forced) overrides the known faults of the target and, when the application failed to
// go offline somewhere, has that node killed before it starts elsewhere. Waits until it is done.
import { getopt, UsageError } from '../agent/method-runner/getopt.js';
import { HvError, readCluster } from '../api/rms/hv-client.js';
import { runHv, say } from '../api/rms/hv-main.js';
import { hvRequest } from '../api/rms/hv-request.js';
import { findApplication, nodeOfSysNode, priorityList, sysNodeName } from '../api/rms/sysnode.js';
import { parseNodeTarget } from '../model/index.js';

const USAGE = 'usage: hvswitch [-f] userApplication [SysNode]';

await runHv('hvswitch', USAGE, async (argv) => {
  const { options, operands } = getopt(argv, 'f');
  const forced = options.some((o) => o.flag === 'f');
  const [name, sysNode, extra] = operands;
  if (name === undefined) throw new UsageError('no userApplication given');
  if (extra !== undefined) throw new UsageError(`unexpected argument "${extra}"`);
  const c = await readCluster();
  const g = findApplication(c.config, name);
  const view = c.view.groups.find((x) => x.name === g.name);
  const list = priorityList(c.config, g);
  const online = (t: string): boolean => c.view.nodes.find((n) => n.name === parseNodeTarget(t).node)?.rms?.state === 'Online';
  const stateOn = (t: string): string | undefined => view?.perNode.find((p) => p.target === t)?.rms?.state;
  if (!g.managed) throw new HvError(`${g.name} is deactivated (Deact); activate it with hvutil -a ${g.name}`);
  if (view?.perNode.some((p) => p.rms?.state === 'Maintenance')) throw new HvError(`${g.name} is in maintenance mode; leave it with hvutil -m off ${g.name}`);

  let target: string;
  if (sysNode !== undefined) {
    const node = nodeOfSysNode(c.config, sysNode);
    const t = list.find((x) => parseNodeTarget(x).node === node);
    if (t === undefined) throw new HvError(`${sysNodeName(node)} is not in the PriorityList of ${g.name} (${list.map((x) => sysNodeName(parseNodeTarget(x).node)).join(', ')})`);
    target = t;
  } else {
    const t = list.find((x) => online(x) && (forced || stateOn(x) !== 'Faulted'));
    if (t === undefined) throw new HvError(`no SysNode of the PriorityList of ${g.name} is Online${forced ? '' : ' without a fault'}`);
    target = t;
  }
  const where = sysNodeName(parseNodeTarget(target).node);
  if (!online(target)) throw new HvError(`${forced ? 'Forcibly switch request denied: ' : ''}SysNode ${where} is not Online`);
  if (stateOn(target) === 'Online') { say(`hvswitch: ${g.name} is already Online on ${where}`); return; }
  if (!forced && stateOn(target) === 'Faulted') throw new HvError(`${g.name} is Faulted on ${where}; clear it with hvutil -c ${g.name}, or force the switch with -f`);
  if (!forced) {
    const stuck = view?.perNode.find((p) => p.rms?.state === 'Inconsistent');
    if (stuck) throw new HvError(`${g.name} failed to go offline on ${sysNodeName(parseNodeTarget(stuck.target).node)} (Inconsistent): it is not started elsewhere; make sure it is stopped there and use hvutil -c ${g.name}, or hvswitch -f to kill that node first`);
  } else {
    process.stderr.write(`hvswitch: forced switch of ${g.name} to ${where}: RMS safety checks are overridden\n`);
  }
  const reason = await hvRequest({ kind: 'switch', group: g.name, target, ...(forced ? { forced: true } : {}) });
  say(`hvswitch: ${g.name} is Online on ${where} (${reason})`);
});
