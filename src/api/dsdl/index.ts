// A TypeScript agent library in the spirit of Sun Cluster's DSDL (libdsdev, spec §6): a data
// service's methods call initialize(argv) and get typed properties, live state, scha_control, PMF,
// the fault-monitor loop (fmSleep / fmAction), TCP probes, a storage check and logging. It reaches
// the node agent through an injected transport; src/main/dsdl.ts binds the agent socket.
import type { SchaDescription } from '../scha/describe.js';
import { SCHA_ROUTES } from '../scha/wire.js';
import { parseMethodArgv } from './argv.js';
import { Dsdl, type DsdlOptions } from './handle.js';
import { callScha } from './transport.js';

export { Dsdl, isStorageType, type DsdlOptions, type FmOutcome, type HaspStatus } from './handle.js';
export { MethodArgvError, parseMethodArgv, type MethodArgs, type ValidateArgs } from './argv.js';
export { decideFmAction, ProbeHistory, PROBE_COMPLETE_FAILURE, PROBE_IMMEDIATE_FAILOVER, PROBE_SUCCESS, type FailoverMode, type FmDecision, type FmPolicy } from './fm-history.js';
export { ProbeError, simpleProbe, tcpConnect, TcpConnection } from './probes.js';
export { PmfClient, type PmfKind, type PmfStartOptions, type PmfTagState } from './pmf.js';
export type { GroupProperties, ResourceProperties, TypedGetters } from './properties.js';
export { SyslogWriter, type SyslogPriority } from './syslog.js';
export { timerun, type TimerunResult } from './timerun.js';
export { callScha, type DsdlTransport } from './transport.js';
export { SchaError, type SchaErrorCode } from '../scha/errors.js';

/**
 * scds_initialize: parses the RGM's argument vector (`-R -T -G [-Z]`, and Validate's
 * `-c|-u -r -x -g -X`), reads the resource, its group and type once through the node agent, and
 * returns the handle. Validate's proposed values are laid over the configured ones; a resource
 * being created (Validate -c) is described from its type's defaults. Rejects with MethodArgvError
 * (bad arguments) or SchaError (unknown resource, agent unreachable).
 */
export async function initializeWith(argv: readonly string[], o: DsdlOptions): Promise<Dsdl> {
  const args = parseMethodArgv(argv);
  const description = await callScha<SchaDescription>(o.call, SCHA_ROUTES.describe, {
    resource: args.resource, group: args.group, ...(args.zone === undefined ? {} : { zone: args.zone }),
    // Only Validate -c runs before its resource exists; anyone else naming a missing resource is wrong.
    ...(args.validate?.mode === 'create' ? { type: args.type } : {}),
  });
  return new Dsdl(args, description, o);
}
