import { HV_EXIT, HvError, hvApi } from './hv-client.js';

export interface HvRequestBody {
  readonly kind: string;
  readonly group?: string;
  readonly node?: string;
  readonly target?: string;
  readonly [k: string]: unknown;
}

interface Reply { readonly accepted?: boolean; readonly done?: boolean; readonly failed?: boolean; readonly reason?: string }

/** How long a waiting command waits (FERRY_WAIT_S, default 600 s). */
const waitLimitMs = (): number => Number(process.env['FERRY_WAIT_S'] ?? 600) * 1000;

/**
 * Hands an operator request to the RGM (the requests of `ferry rg …`: online, offline, switch,
 * clear, shutdown, maintenance) and waits until it is refused (HvError with the RGM's reason),
 * accepted (`until: 'accepted'`) or carried out (`until: 'done'`, the default). Returns the RGM's
 * last word on it.
 */
export async function hvRequest(request: HvRequestBody, until: 'accepted' | 'done' = 'done'): Promise<string> {
  const { id } = await hvApi<{ id: string }>('POST', '/v1/requests', { request });
  const first = await hvApi<{ pending: boolean; reply?: Reply }>('GET', `/v1/replies/${id}?waitMs=15000`, undefined, 20_000);
  if (first.pending || first.reply === undefined) throw new HvError('the cluster did not answer the request within 15 s (no RGM leader?)', HV_EXIT.timeout);
  if (first.reply.accepted !== true) throw new HvError(first.reply.reason ?? 'refused');
  if (until === 'accepted') return first.reply.reason ?? 'accepted';
  const deadline = Date.now() + waitLimitMs();
  let reply = first.reply;
  while (reply.done !== true) {
    if (Date.now() > deadline) throw new HvError(`not done after ${waitLimitMs() / 1000} s (${reply.reason ?? 'in progress'})`, HV_EXIT.timeout);
    const r = await hvApi<{ pending: boolean; reply?: Reply }>('GET', `/v1/replies/${id}?waitMs=1000`, undefined, 10_000);
    if (r.reply) reply = r.reply;
    if (reply.done !== true) await new Promise((res) => setTimeout(res, 250));
  }
  if (reply.failed === true) throw new HvError(reply.reason ?? 'failed');
  return reply.reason ?? 'done';
}
