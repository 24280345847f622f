#!/usr/bin/env node
/**
 * ferryd's watchdog, a process of its own so that it works when ferryd cannot: ferryd frozen
 * (SIGSTOP, a stuck event loop, swapped out) or dead (kill -9, a crash). Arguments: CLUSTER_ID NODE.
 * Reads lines on stdin from ferryd:
 *   arm <ms>   the machine's monotonic time (CLOCK_MONOTONIC, ms) by which the node must have fenced itself
 *   disarm     nothing runs that needs fencing (ferryd fenced itself, or stopped its resources)
 * When the armed time passes, or stdin closes while armed (ferryd died), it SIGKILLs every process of
 * the node (the processes carrying FERRY_CLUSTER=<id> and FERRY_NODE=<node>), as ferryd's own
 * self-fence would, and reports that on stderr. It exits when stdin closes.
 */
import { createInterface } from 'node:readline';
import { monotonicMs } from '../../control/self-fence.js';
import { killNodeProcessesNow } from './kill-node.js';

const [clusterId, node] = process.argv.slice(2);
if (clusterId === undefined || node === undefined) {
  process.stderr.write('usage: watchdog-main CLUSTER_ID NODE\n');
  process.exit(2);
}

process.stderr.on('error', () => undefined);
let deadlineMs: number | undefined;
const say = (line: string): void => {
  process.stderr.write(`${new Date().toISOString()} watchdog ${node}: ${line}\n`);
};

function fire(reason: string): Promise<void> {
  deadlineMs = undefined;
  const killed = killNodeProcessesNow(clusterId as string, node as string);
  say(`${reason}: killed ${killed} process(es) of node ${node}`);
  return Promise.resolve();
}

const timer = setInterval(() => {
  if (deadlineMs !== undefined && monotonicMs() >= deadlineMs) void fire(`ferryd did not fence node ${node} in time (it may be frozen)`);
}, 10);

createInterface({ input: process.stdin }).on('line', (line) => {
  const [verb, arg] = line.trim().split(/\s+/);
  if (verb === 'arm' && arg !== undefined && Number.isFinite(Number(arg))) deadlineMs = Number(arg);
  else if (verb === 'disarm') deadlineMs = undefined;
}).on('close', () => {
  clearInterval(timer);
  const done = deadlineMs !== undefined ? fire('ferryd exited without fencing') : Promise.resolve();
  void done.finally(() => process.exit(0));
});
