#!/usr/bin/env node
import { Command, CommanderError } from 'commander';
import { CliError, EXIT } from '../cli/errors.js';
import { startFerryd } from './ferryd/daemon.js';
import { DEFAULT_LEASE_TTL_MS, resolveFerrydOptions, type RawFerrydOptions } from './ferryd/options.js';
import { VERSION } from './version.js';

/**
 * `ferryd`: one machine of a Ferry cluster whose store is etcd. Runs until SIGTERM or SIGINT, then
 * leaves the cluster in order (its resources stopped, its lease revoked).
 */
const program = new Command('ferryd')
  .description('run one node of a Ferry cluster on etcd: membership lease with self-fencing, node agent, RGM leader election, HTTP API')
  .version(VERSION)
  .requiredOption('--node <name>', 'this node\'s name (added to the configuration if new)')
  .requiredOption('--etcd <urls>', 'client URLs of the etcd members, comma-separated (http://host:2379,…)')
  .option('--zones <list>', 'zones of this node, comma-separated')
  .option('--data <dir>', 'state directory of this node (agent socket, method logs)')
  .option('--listen <host:port>', 'address of the HTTP API', '127.0.0.1:7400')
  .option('--advertise <url>', 'URL other ferryds use to reach this API (default from --listen)')
  .option('--lease-ttl-ms <n>', `membership lease TTL in ms, whole seconds (default ${DEFAULT_LEASE_TTL_MS})`)
  .option('--renew-ms <n>', 'lease renewal interval in ms (default TTL/5)')
  .option('--grace-ms <n>', 'wait after a lease expired before a node is declared down, ms (default 100)')
  .option('--stop-deadline-ms <n>', 'how long Stop methods may run when the node fences itself, ms (default TTL/5)')
  .option('--tls-ca <file>', 'CA certificate (PEM) of the etcd members')
  .option('--tls-cert <file>', 'client certificate (PEM) for etcd')
  .option('--tls-key <file>', 'client key (PEM) for etcd')
  .option('--etcd-user <name>', 'etcd user')
  .option('--etcd-password <password>', 'etcd password (or FERRY_ETCD_PASSWORD)')
  .option('--etcd-prefix <prefix>', 'key prefix in etcd, to share one etcd between clusters', '')
  .option('--etcd-call-timeout-ms <n>', 'deadline of every etcd call, ms (default 2000)')
  .option('--etcd-keepalive-ms <n>', 'gRPC keep-alive ping interval, ms; not below etcd\'s --grpc-keepalive-min-time (default 5000)')
  .option('--fence-agent <command>', 'fencing agent (fence-agents conventions: key=value options on stdin)')
  .option('--fence-action <action>', 'off or reboot', 'off')
  .option('--fence-timeout-ms <n>', 'how long the fencing agent may take, ms (default 60000)')
  .option('--no-watchdog', 'do not start the watchdog process that kills the node\'s processes when ferryd dies or freezes')
  .exitOverride()
  .configureOutput({ writeErr: (s) => process.stderr.write(s) });

const log = (line: string): void => {
  process.stderr.write(`${new Date().toISOString()} ${line}\n`);
};

async function main(argv: readonly string[]): Promise<number> {
  try {
    program.parse(argv, { from: 'user' });
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode === 0 ? EXIT.ok : EXIT.usage;
    throw err;
  }
  let ferryd;
  try {
    const options = resolveFerrydOptions(program.opts<RawFerrydOptions>());
    ferryd = await startFerryd(options, log);
  } catch (err) {
    if (err instanceof CliError) {
      process.stderr.write(`ferryd: ${err.message}\n`);
      return err.exitCode;
    }
    process.stderr.write(`ferryd: ${(err as Error).stack ?? String(err)}\n`);
    return EXIT.failed;
  }
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  log('ferryd: leaving the cluster (stopping resources, revoking the lease)');
  await ferryd.close();
  return EXIT.ok;
}

process.exit(await main(process.argv.slice(2)));
