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
  await sendRequests(cmd, [request], wait);
}

type Answer = { pending: boolean; reply?: Reply & { done?: boolean; failed?: boolean } };

/**
 * Several requests at once (`ferry rg online g1 g2 …` or `+`): all are sent before any is waited
 * for, so the RGM works on them together. One progress line covers them all; the command fails
 * (after every request has finished) if any was refused or failed, naming each.
 */
export async function sendRequests(cmd: Command, requests: readonly RequestSpec[], wait: boolean): Promise<void> {
  const out = outFor(cmd);
  const ids = await Promise.all(requests.map(async (request) => (await api<{ id: string }>('POST', '/v1/requests', { request })).id));
  const firsts = await Promise.all(ids.map((id) => api<Answer>('GET', `/v1/replies/${id}?waitMs=15000`, undefined, 20_000)));
  const problems: string[] = [];
  const open: { id: string; request: RequestSpec }[] = [];
  firsts.forEach((first, i) => {
    const request = requests[i] as RequestSpec;
    if (first.pending) problems.push(`${describe(request)}: the RGM did not answer within 15 s (is a leader running?)`);
    else if (!first.reply?.accepted) problems.push(`${describe(request)}: refused: ${first.reply?.reason ?? 'no reason given'}`);
    else open.push({ id: ids[i] as string, request });
  });
  if (open.length === 0) throw new CliError(problems.join('\n'), firsts.some((f) => f.pending) ? EXIT.timeout : EXIT.failed);
  if (!wait) {
    const accepted = open.map(({ id, request }) => ({ id, accepted: true, request: describe(request), reason: firsts[ids.indexOf(id)]?.reply?.reason ?? '' }));
    emit(out, accepted.length === 1 && requests.length === 1 ? accepted[0] : accepted, () => accepted.map((a) => `${a.request}: accepted (${a.reason})`).join('\n'));
    if (problems.length > 0) throw new CliError(problems.join('\n'));
    return;
  }
  const started = Date.now();
  let last = '';
  const results: { id: string; request: string; done: true; elapsedMs: number; result: string }[] = [];
  while (open.length > 0) {
    const [answers, view] = await Promise.all([
      Promise.all(open.map(({ id }) => api<Answer>('GET', `/v1/replies/${id}?waitMs=${open.length === 1 ? 500 : 0}`, undefined, 5_000))),
      api<ClusterView>('GET', '/v1/status'),
    ]);
    const progress = open.map(({ request }) => completion(view, request).progress).filter((p) => !p.endsWith('OFFLINE') || open.length === 1);
    const line = requests.length === 1 ? (progress[0] ?? '') : `${requests.length - open.length}/${requests.length} done${progress.length > 0 ? `; ${progress.slice(0, 3).join(', ')}${progress.length > 3 ? ', …' : ''}` : ''}`;
    if (line !== last) {
      last = line;
      if (!out.json) process.stderr.write(`  ${((Date.now() - started) / 1000).toFixed(1)}s  ${line}\n`);
    }
    for (let i = open.length - 1; i >= 0; i--) {
      const r = answers[i]?.reply;
      const { id, request } = open[i] as { id: string; request: RequestSpec };
      if (!r?.done) continue;
      open.splice(i, 1);
      if (r.failed) problems.push(`${describe(request)}: failed: ${r.reason ?? completion(view, request).progress}`);
      else results.push({ id, request: describe(request), done: true, elapsedMs: Date.now() - started, result: r.reason ?? '' });
    }
    if (open.length > 0 && Date.now() - started > waitLimitMs()) {
      throw new CliError([...problems, ...open.map(({ request }) => `${describe(request)}: still not done after ${waitLimitMs() / 1000}s (${completion(view, request).progress})`)].join('\n'), EXIT.timeout);
    }
    if (open.length > 1) await new Promise((r) => setTimeout(r, 200));
  }
  if (problems.length > 0) throw new CliError(problems.join('\n'));
  const single = requests.length === 1 ? results[0] : undefined;
  emit(out, single ?? results, () => results.map((r) => `${r.request}: done in ${(r.elapsedMs / 1000).toFixed(1)}s (${r.result})`).join('\n'));
}

export function describe(r: RequestSpec): string {
  const what = r.group ?? r.resource ?? r.node ?? '';
  return `${r.kind} ${what}${r.target ? ` on ${r.target}` : ''}`.trim();
}
