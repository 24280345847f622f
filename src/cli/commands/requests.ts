import type { Command } from 'commander';
import type { ClusterView } from '../../api/view/cluster-view.js';
import { api } from '../client.js';
import { CliError, EXIT } from '../errors.js';
import { emit } from '../output.js';
import { outFor } from '../context.js';
import { completion, type RequestSpec } from './completion.js';

interface Reply { readonly accepted: boolean; readonly reason?: string; readonly error?: string }

/** How long a waiting command waits before giving up (FERRY_WAIT_S overrides). */
const waitLimitMs = (): number => Number(process.env['FERRY_WAIT_S'] ?? 600) * 1000;

/**
 * Sends an admin request to the RGM and, unless --no-wait, waits until the cluster reaches the
 * state the request asked for, printing one progress line on stderr each time something moves.
 * Exits non-zero with the reason if the RGM refuses the request or the operation fails.
 */
export async function sendRequest(cmd: Command, request: RequestSpec, wait: boolean): Promise<void> {
  const out = outFor(cmd);
  const { id } = await api<{ id: string }>('POST', '/v1/requests', { request });
  const first = await api<{ pending: boolean; reply?: Reply }>('GET', `/v1/replies/${id}?waitMs=15000`, undefined, 20_000);
  if (first.pending) throw new CliError(`${describe(request)}: the RGM did not answer within 15 s (is a leader running?)`, EXIT.timeout);
  if (!first.reply?.accepted) throw new CliError(`${describe(request)}: refused: ${first.reply?.reason ?? 'no reason given'}`);
  if (!wait) {
    emit(out, { id, accepted: true, reason: first.reply.reason ?? '' }, () => `${describe(request)}: accepted (${first.reply?.reason ?? ''})`);
    return;
  }
  const started = Date.now();
  let last = '';
  for (;;) {
    const [r, view] = await Promise.all([
      api<{ pending: boolean; reply?: Reply & { done?: boolean; failed?: boolean } }>('GET', `/v1/replies/${id}?waitMs=500`, undefined, 5_000),
      api<ClusterView>('GET', '/v1/status'),
    ]);
    const progress = completion(view, request).progress;
    if (progress !== last) {
      last = progress;
      if (!out.json) process.stderr.write(`  ${((Date.now() - started) / 1000).toFixed(1)}s  ${progress}\n`);
    }
    if (r.reply?.done) {
      if (r.reply.failed) throw new CliError(`${describe(request)}: failed: ${r.reply.reason ?? progress}`);
      emit(out, { id, done: true, elapsedMs: Date.now() - started, result: r.reply.reason ?? '' }, () => `${describe(request)}: done in ${((Date.now() - started) / 1000).toFixed(1)}s (${r.reply?.reason ?? progress})`);
      return;
    }
    if (Date.now() - started > waitLimitMs()) throw new CliError(`${describe(request)}: still not done after ${waitLimitMs() / 1000}s (${progress})`, EXIT.timeout);
  }
}

export function describe(r: RequestSpec): string {
  const what = r.group ?? r.resource ?? r.node ?? '';
  return `${r.kind} ${what}${r.target ? ` on ${r.target}` : ''}`.trim();
}
