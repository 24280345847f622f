import type { ClusterView } from '../api/view/cluster-view.js';

const esc = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const STATE_CLASS: Readonly<Record<string, string>> = {
  ONLINE: 'ok', OFFLINE: 'off', UNMANAGED: 'off', PENDING_ONLINE: 'busy', PENDING_OFFLINE: 'busy', STARTING: 'busy', STOPPING: 'busy',
  ERROR_STOP_FAILED: 'bad', STOP_FAILED: 'bad', START_FAILED: 'bad', MONITOR_FAILED: 'bad', ONLINE_FAULTED: 'warn', PENDING_ONLINE_BLOCKED: 'warn',
  ONLINE_NOT_MONITORED: 'warn', UP: 'ok', DOWN: 'bad',
};

const cell = (state: string): string => `<td class="${STATE_CLASS[state] ?? ''}">${esc(state)}</td>`;

/**
 * The web status page: the same view-model as `ferry status`, as one self-refreshing HTML page
 * with the latest events that say why things moved. No scripts; the browser reloads every 2 s.
 */
export function renderStatusPage(v: ClusterView, events: readonly { seq: number; atMs: number; kind: string; subject: string; message: string }[]): string {
  const nodes = v.nodes.map((n) => `<tr><td>${esc(n.name)}</td>${cell(n.state)}<td>${esc(n.zones.join(', '))}</td></tr>`).join('');
  const groups = v.groups.map((g) => g.perNode.map((p, i) => `<tr>${i === 0 ? `<td rowspan="${g.perNode.length}">${esc(g.name)}<br><small>${esc(g.flavor)}, ${esc(g.mode)}${g.suspended ? ', suspended' : ''}</small></td>` : ''}<td>${esc(p.target)}</td>${cell(p.state)}</tr>`).join('')).join('');
  const resources = v.resources.map((r) => r.perNode.map((p, i) => `<tr>${i === 0 ? `<td rowspan="${r.perNode.length}">${esc(r.name)}<br><small>${esc(r.type)}${r.enabled ? '' : ', disabled'}${r.monitored ? '' : ', unmonitored'}</small></td>` : ''}<td>${esc(p.target)}</td>${cell(p.state)}<td>${esc(p.status === 'OK' ? 'ONLINE' : p.status)}${p.message ? ` – ${esc(p.message)}` : ''}</td></tr>`).join('')).join('');
  const log = events.slice().reverse().map((e) => `<tr><td>${new Date(e.atMs).toISOString().slice(11, 23)}</td><td>${esc(e.kind)}</td><td>${esc(e.subject)}</td><td>${esc(e.message)}</td></tr>`).join('');
  return `<!doctype html><html><head><meta charset="utf-8"><meta http-equiv="refresh" content="2"><title>Ferry – ${esc(v.clusterName)}</title>
<style>body{font:14px system-ui,sans-serif;margin:1.5em}table{border-collapse:collapse;margin-bottom:1.5em}td,th{border:1px solid #ccc;padding:3px 8px;text-align:left;vertical-align:top}
.ok{background:#d7f5d7}.off{color:#777}.busy{background:#fff3c4}.warn{background:#ffe0b3}.bad{background:#ffc9c9}small{color:#555}</style></head><body>
<h1>Cluster ${esc(v.clusterName)}</h1><p>Configuration generation ${v.generation}${v.leader ? ` · RGM leader ${esc(v.leader.node)} (epoch ${v.leader.epoch})` : ''}</p>
<h2>Nodes</h2><table><tr><th>Node</th><th>State</th><th>Zones</th></tr>${nodes}</table>
<h2>Resource groups</h2><table><tr><th>Group</th><th>Node</th><th>State</th></tr>${groups}</table>
<h2>Resources</h2><table><tr><th>Resource</th><th>Node</th><th>State</th><th>Status</th></tr>${resources}</table>
<h2>Recent events</h2><table><tr><th>Time (UTC)</th><th>Kind</th><th>About</th><th>What and why</th></tr>${log}</table>
</body></html>`;
}
