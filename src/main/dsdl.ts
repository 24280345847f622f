// The DSDL library bound to the node agent's Unix socket: what a TypeScript data service imports.
//
//   import { initialize } from 'ferry/dist/src/main/dsdl.js';   // or a relative path in this repo
//   const ds = await initialize();                               // parses process.argv
//
// The socket is FERRY_AGENT_SOCKET (set for every method and every process PMF starts), else
// <data>/nodes/$FERRY_NODE/agent.sock, as for the scha_* commands.
import { basename } from 'node:path';
import { callEndpoint } from '../agent/endpoint/client.js';
import { initializeWith, SchaError, type Dsdl, type DsdlOptions } from '../api/dsdl/index.js';
import cli from './scha-cli.cjs';

export * from '../api/dsdl/index.js';

export interface InitializeOptions extends Partial<Omit<DsdlOptions, 'call'>> {
  /** The agent socket, default from the environment. */
  readonly socket?: string;
}

/** scds_initialize for a method or monitor process; `argv` defaults to process.argv after the script. */
export function initialize(argv: readonly string[] = process.argv.slice(2), o: InitializeOptions = {}): Promise<Dsdl> {
  const socket = o.socket ?? cli.agentSocket(process.env);
  if (socket === undefined) {
    return Promise.reject(new SchaError('SCHA_ERR_ACCESS', 'not called from a method: FERRY_AGENT_SOCKET is not set'));
  }
  const debug = Number(process.env['FERRY_DEBUG_LEVEL'] ?? 0);
  return initializeWith(argv, {
    call: (route, body, options) => callEndpoint(socket, route, body, options),
    methodName: o.methodName ?? process.env['FERRY_METHOD'] ?? basename(process.argv[1] ?? 'method'),
    debugLevel: o.debugLevel ?? (Number.isFinite(debug) ? debug : 0),
    ...(o.writeLog === undefined ? {} : { writeLog: o.writeLog }),
    ...(o.clock === undefined ? {} : { clock: o.clock }),
    ...(o.sleep === undefined ? {} : { sleep: o.sleep }),
  });
}
