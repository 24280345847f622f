import { isSchaErrorCode, SchaError } from '../scha/errors.js';
import type { SchaAnswer } from '../scha/wire.js';

/**
 * How the library reaches the node agent's endpoint: `call(route, body)` resolves with the route's
 * result or rejects (transport failure, or a route's refusal carrying a string `code`). The
 * composition root binds it to the Unix-socket client (src/main/dsdl.ts); tests may bind it to the
 * routes directly.
 */
export type DsdlTransport = (route: string, body: unknown, options?: { readonly timeoutMs?: number }) => Promise<unknown>;

/** Calls a scha route and unwraps its answer; refusals become SchaError with the scha_err_t code. */
export async function callScha<T>(call: DsdlTransport, route: string, body: unknown, timeoutMs?: number): Promise<T> {
  let result: unknown;
  try {
    result = await call(route, body, timeoutMs === undefined ? undefined : { timeoutMs });
  } catch (err) {
    const kind = (err as { kind?: unknown }).kind;
    throw new SchaError(kind === 'unreachable' ? 'SCHA_ERR_RECONF' : 'SCHA_ERR_INTERNAL', (err as Error).message);
  }
  const a = result as SchaAnswer<T> | undefined;
  if (a?.ok === true) return a.value;
  if (a?.ok === false) throw new SchaError(isSchaErrorCode(a.error) ? a.error : 'SCHA_ERR_INTERNAL', a.message);
  throw new SchaError('SCHA_ERR_INTERNAL', `${route}: unexpected answer from the agent`);
}

/** The string code of a route's refusal (`no-such-tag`), if the error carries one. */
export const errorCode = (err: unknown): string | undefined => {
  const code = (err as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
};
