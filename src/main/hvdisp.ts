#!/usr/bin/env node
// hvdisp: RMS object states (primecluster §5), from the cluster at FERRY_ENDPOINT.
//   hvdisp [-a] [-T type] [object]
// -a adds the instances on the other SysNodes; -T keeps one type (SysNode, userApplication, andOp,
// gResource, or a resource type such as Cmdline). Prints "hvdisp: RMS is not running" (exit 3) when
// the cluster does not answer.
import { getopt, UsageError } from '../agent/method-runner/getopt.js';
import { endpoint, readCluster } from '../api/rms/hv-client.js';
import { hvdispRows, renderHvdisp, selectRows } from '../api/rms/hvdisp-format.js';
import { runHv, say } from '../api/rms/hv-main.js';
import { localNode } from '../api/rms/sysnode.js';

const USAGE = 'usage: hvdisp [-a] [-T type] [object]';

await runHv('hvdisp', USAGE, async (argv) => {
  const { options, operands } = getopt(argv, 'aT:');
  if (operands.length > 1) throw new UsageError('give at most one object');
  const all = options.some((o) => o.flag === 'a');
  const type = options.filter((o) => o.flag === 'T').at(-1)?.value;
  const c = await readCluster();
  const local = localNode(c.config) ?? '';
  const rows = selectRows(c, hvdispRows(c, local, all), { ...(type !== undefined ? { type } : {}), ...(operands[0] !== undefined ? { object: operands[0] } : {}) });
  say(renderHvdisp(rows, { local, configuration: `${c.config.clusterName} (generation ${c.config.generation}) at ${endpoint()}` }));
});
