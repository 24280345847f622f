#!/usr/bin/env node
// hvshut: stop RMS (primecluster §5).
//   hvshut -l            the local SysNode (FERRY_NODE): its applications go offline there, or
//                        switch over where AutoSwitchOver includes ShutDown; then its agent stops
//   hvshut -s SysNode    the same for the named SysNode
//   hvshut -a            every SysNode: all applications go offline, then every agent stops
//   hvshut -L | -A       local / all, keeping applications running: refused while an application is
//                        online there (Ferry would take it over elsewhere, or not find it again)
//   hvshut -f            forced: the local agent stops at once, with the same refusal as -L
// Stopping agents needs the embedded cluster (ferry up); with ferryd, stop ferryd on the node.
import { getopt, UsageError } from '../agent/method-runner/getopt.js';
import { HvError, readCluster } from '../api/rms/hv-client.js';
import { runHv, say } from '../api/rms/hv-main.js';
import { hvRequest } from '../api/rms/hv-request.js';
import { busyOn, nodeAgent, nodesFor, nodeUp, pollCluster } from '../api/rms/rms-nodes.js';
import { sysNodeName } from '../api/rms/sysnode.js';

const USAGE = 'usage: hvshut -l | -s SysNode | -a | -L | -A | -f';
const waitMs = (): number => Number(process.env['FERRY_WAIT_S'] ?? 600) * 1000;

await runHv('hvshut', USAGE, async (argv) => {
  const { options, operands } = getopt(argv, 'ls:aLAf');
  if (operands.length > 0) throw new UsageError(`unexpected argument "${operands[0] ?? ''}"`);
  if (options.length !== 1) throw new UsageError('give exactly one of -l, -s SysNode, -a, -L, -A, -f');
  const flag = (options[0] as { flag: string; value?: string }).flag;
  const c = await readCluster();
  const all = flag === 'a' || flag === 'A';
  const keep = flag === 'L' || flag === 'A' || flag === 'f';
  const sysNode = flag === 's' ? (options[0] as { value?: string }).value : undefined;
  const wanted = nodesFor(c.config, { all, ...(sysNode !== undefined ? { sysNode } : {}) }, 'hvshut');
  const nodes = wanted.filter((n) => nodeUp(c, n));
  if (nodes.length === 0) throw new HvError(`RMS is not running on ${wanted.map(sysNodeName).join(', ')}`);
  const names = nodes.map(sysNodeName).join(', ');

  if (keep) {
    const busy = busyOn(c, nodes);
    if (busy.length > 0) {
      throw new HvError(`-${flag} keeps applications running, but ${busy.map((b) => `${b.group} is ${b.state} on ${sysNodeName(b.node)}`).join(', ')}: `
        + 'without RMS there Ferry would take it over on another node; use hvshut -l / -a (they go offline or switch over first)');
    }
  } else {
    for (const n of nodes) await hvRequest({ kind: 'shutdown', node: n }, 'accepted');
    say(`hvshut: shutting down RMS on ${names}; applications go offline there (or switch over with AutoSwitchOver=ShutDown)`);
    await pollCluster((x) => {
      const busy = busyOn(x, nodes);
      const stuck = busy.find((b) => b.state === 'Inconsistent');
      if (stuck) return `${stuck.group} failed to go offline on ${sysNodeName(stuck.node)} (Inconsistent): RMS stays up there; clear it with hvutil -c ${stuck.group}`;
      return busy.length === 0;
    }, waitMs(), 'applications going offline');
  }
  let manual = false;
  for (const n of nodes) if (!(await nodeAgent(n, 'stop'))) manual = true;
  if (manual) say(`hvshut: no application is online on ${names}; this cluster cannot stop its agents from here (stop ferryd on those machines)`);
  else say(`hvshut: RMS is shut down on ${names}`);
});
