// A tiny TCP service for the failover tests: answers every connection with the name of the virtual
// node it runs on (FERRY_NODE) and closes it. Listens on every address, IPv4 and IPv6.
//   node tcp-service.js PORT
import { createServer } from 'node:net';

const port = Number(process.argv[2]);
if (!Number.isInteger(port) || port < 1 || port > 65535) {
  process.stderr.write('usage: tcp-service PORT\n');
  process.exit(2);
}
const node = process.env['FERRY_NODE'] ?? 'unknown';
createServer((socket) => {
  socket.on('error', () => socket.destroy());
  socket.end(`${node}\n`);
}).listen({ port, host: '::', ipv6Only: false });
