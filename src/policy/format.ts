import { DEFAULT_METHOD_TIMEOUT_S } from '../model/index.js';
import type { Action, Reason } from './actions.js';
import type { TranscriptEntry } from './simulate.js';

/**
 * One line per action, as the event log, `ferry explain` and the golden scenarios print it:
 * `a3 Start app1 on n1 (rg1) — why`. Method timeouts are shown when not the 3600 s default.
 */
export function formatAction(a: Action): string {
  switch (a.kind) {
    case 'run-method': {
      const extra = [a.timeoutS !== DEFAULT_METHOD_TIMEOUT_S ? `timeout ${a.timeoutS}s` : '', a.args ? a.args.join(' ') : ''].filter((x) => x !== '').join(', ');
      return `${a.id} ${a.method} ${a.resource} on ${a.target} (${a.group}${extra ? `; ${extra}` : ''}) — ${a.reason}`;
    }
    case 'run-script':
      return `${a.id} ${a.script} ${a.group} on ${a.target} (${a.command}) — ${a.reason}`;
    case 'fence-node':
      return `${a.id} fence ${a.node} — ${a.reason}`;
    case 'reply':
      return `${a.id} reply ${a.requestId} ${a.accepted ? 'accepted' : `refused ${a.error ?? ''}`.trimEnd()} — ${a.reason}`;
    case 'recover':
      return `${a.id} recover ${a.group}${a.effects.length > 0 ? ` [${a.effects.map((e) => e.kind).join(', ')}]` : ''} — ${a.reason}`;
  }
}

export const formatReason = (r: Reason): string => `· ${r.subject}: ${r.message}`;

/** A simulation transcript as text, one line per event, action, result and note. */
export function formatTranscript(entries: readonly TranscriptEntry[]): string {
  const lines: string[] = [];
  for (const e of entries) {
    const at = `[t=${Math.round(e.atMs / 1000)}s]`;
    switch (e.kind) {
      case 'event': lines.push(`${at} ${e.text}`); break;
      case 'decision':
        for (const a of e.actions) lines.push(`${at}   ${formatAction(a)}`);
        for (const r of e.reasons) lines.push(`${at}   ${formatReason(r)}`);
        break;
      case 'result': lines.push(`${at}     ${e.actionId} → ${e.text}`); break;
      case 'note': lines.push(`${at} ${e.text}`); break;
    }
  }
  return lines.join('\n');
}
