// The "data service" of the ferry.echo sample: a line-oriented TCP echo server on 127.0.0.1.
//
//   node echo-server.js PORT
//
// Every line is echoed back. Two control lines let a test (or a curious operator) make it sick:
// "MODE slow" answers after 30 s (a probe times out: partial failure), "MODE wrong" answers with
// garbage (complete failure), "MODE ok" heals it. Each answers "MODE <mode>".
import { createServer } from 'node:net';

const MODES = ['ok', 'slow', 'wrong'] as const;
type Mode = (typeof MODES)[number];

const port = Number(process.argv[2]);
if (!Number.isInteger(port) || port < 1 || port > 65535) {
  process.stderr.write('usage: echo-server PORT\n');
  process.exit(2);
}

let mode: Mode = 'ok';
const server = createServer((socket) => {
  socket.setEncoding('utf8');
  let pending = '';
  socket.on('error', () => socket.destroy());
  socket.on('data', (chunk: string) => {
    pending += chunk;
    for (let nl = pending.indexOf('\n'); nl >= 0; nl = pending.indexOf('\n')) {
      const line = pending.slice(0, nl);
      pending = pending.slice(nl + 1);
      const m = /^MODE (\w+)$/.exec(line);
      if (m && (MODES as readonly string[]).includes(m[1] ?? '')) {
        mode = m[1] as Mode;
        socket.write(`MODE ${mode}\n`);
      } else if (mode === 'slow') {
        setTimeout(() => { if (!socket.destroyed) socket.write(`${line}\n`); }, 30_000).unref();
      } else {
        socket.write(mode === 'wrong' ? 'garbage\n' : `${line}\n`);
      }
    }
  });
});
server.listen(port, '127.0.0.1', () => process.stderr.write(`echo server listening on 127.0.0.1:${port}\n`));
server.on('error', (err) => {
  process.stderr.write(`echo server: ${err.message}\n`);
  process.exit(1);
});
for (const sig of ['SIGTERM', 'SIGINT'] as const) process.on(sig, () => server.close(() => process.exit(0)));
