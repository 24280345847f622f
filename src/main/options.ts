import { homedir } from 'node:os';
import { join } from 'node:path';
import { usageError } from '../cli/errors.js';

/** `$FERRY_DATA`, else `$XDG_STATE_HOME/ferry`, else `~/.local/state/ferry`. */
export function defaultDataDir(): string {
  return process.env['FERRY_DATA'] ?? join(process.env['XDG_STATE_HOME'] ?? join(homedir(), '.local', 'state'), 'ferry');
}

export interface ListenAddress { readonly host: string; readonly port: number }

export function parseListen(text: string): ListenAddress {
  const m = /^(?:\[([^\]]+)\]|([^:]+)):(\d{1,5})$/.exec(text);
  const port = Number(m?.[3]);
  if (!m || port > 65535) throw usageError(`--listen ${text}: expected host:port, for example 127.0.0.1:7400`);
  return { host: m[1] ?? m[2] ?? '127.0.0.1', port };
}
