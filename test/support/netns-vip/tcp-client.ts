// The client of the failover tests: connects to HOST:PORT every INTERVAL_MS (each attempt may take
// at most TIMEOUT_MS) and prints one JSON line per attempt:
//   {"atMs":…,"ok":true,"node":"n2"}   or   {"atMs":…,"ok":false,"error":"ECONNREFUSED"}
//   node tcp-client.js HOST PORT INTERVAL_MS TIMEOUT_MS
// INTERVAL_MS 0: one attempt, then exit (status 0 when it was answered).
import { connect } from 'node:net';

const [host = '', portText = '', intervalText = '100', timeoutText = '300'] = process.argv.slice(2);
const port = Number(portText);
const intervalMs = Number(intervalText);
const timeoutMs = Number(timeoutText);

function attempt(): Promise<{ ok: boolean; node?: string; error?: string }> {
  return new Promise((resolve) => {
    let data = '';
    const socket = connect({ host, port });
    const timer = setTimeout(() => { socket.destroy(); resolve({ ok: false, error: 'timeout' }); }, timeoutMs);
    socket.on('data', (d: Buffer) => { data += d.toString(); });
    socket.on('end', () => {
      clearTimeout(timer);
      const node = data.trim();
      resolve(node ? { ok: true, node } : { ok: false, error: 'empty answer' });
    });
    socket.on('error', (err: NodeJS.ErrnoException) => { clearTimeout(timer); resolve({ ok: false, error: err.code ?? err.message }); });
  });
}

for (;;) {
  const atMs = Date.now();
  const r = await attempt();
  process.stdout.write(`${JSON.stringify({ atMs, ...r })}\n`);
  if (intervalMs <= 0) process.exit(r.ok ? 0 : 1);
  const left = intervalMs - (Date.now() - atMs);
  if (left > 0) await new Promise((res) => setTimeout(res, left));
}
