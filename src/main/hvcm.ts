#!/usr/bin/env node
// hvcm: start RMS (primecluster §5).
//   hvcm                 the local SysNode (FERRY_NODE)
//   hvcm -s SysNode      the named SysNode
//   hvcm -a              every SysNode
// Starts the node's agent in the embedded cluster (ferry up); with ferryd, start ferryd on the node.
// Applications with AutoStartUp=yes then come online as their PartialCluster rule allows.
import { getopt, UsageError } from '../agent/method-runner/getopt.js';
import { HvError, readCluster } from '../api/rms/hv-client.js';
import { runHv, say } from '../api/rms/hv-main.js';
import { nodeAgent, nodesFor, nodeUp, pollCluster } from '../api/rms/rms-nodes.js';
import { sysNodeName } from '../api/rms/sysnode.js';

const USAGE = 'usage: hvcm [-a | -s SysNode]';

await runHv('hvcm', USAGE, async (argv) => {
  const { options, operands } = getopt(argv, 'as:c:h:l:');
  if (operands.length > 0) throw new UsageError(`unexpected argument "${operands[0] ?? ''}"`);
  const unsupported = options.find((o) => ['c', 'h', 'l'].includes(o.flag));
  if (unsupported) throw new UsageError(`-${unsupported.flag} is not supported: Ferry has one configuration, kept in its store`);
  if (options.length > 1) throw new UsageError('give at most one of -a, -s SysNode');
  const all = options.some((o) => o.flag === 'a');
  const sysNode = options.find((o) => o.flag === 's')?.value;
  const c = await readCluster();
  const nodes = nodesFor(c.config, { all, ...(sysNode !== undefined ? { sysNode } : {}) }, 'hvcm');
  const down = nodes.filter((n) => !nodeUp(c, n));
  for (const n of nodes.filter((x) => !down.includes(x))) say(`hvcm: RMS is already running on ${sysNodeName(n)}`);
  if (down.length === 0) return;
  for (const n of down) {
    if (!(await nodeAgent(n, 'start'))) throw new HvError(`this cluster cannot start agents from here: start ferryd on ${sysNodeName(n)}`);
  }
  await pollCluster((x) => down.every((n) => nodeUp(x, n)), 30_000, 'RMS starting');
  say(`hvcm: RMS is running on ${down.map(sysNodeName).join(', ')}`);
});
