import { connect, type Socket } from 'node:net';
import { PROBE_COMPLETE_FAILURE, PROBE_SUCCESS } from './fm-history.js';

/** A probe step that did not finish in time or failed; `step` says which. */
export class ProbeError extends Error {
  override readonly name = 'ProbeError';
  constructor(readonly step: 'connect' | 'read' | 'write', readonly timedOut: boolean, message: string) {
    super(message);
  }
}

/**
 * One TCP connection of a probe (scds_fm_tcp_connect/read/write/disconnect): every step has its own
 * timeout in ms, and data that arrives between reads is kept for the next read.
 */
export class TcpConnection {
  private buffered = '';
  private ended = false;
  private waiter: (() => void) | undefined;

  constructor(private readonly socket: Socket) {
    socket.setEncoding('utf8');
    socket.on('data', (d: string) => { this.buffered += d; this.waiter?.(); });
    socket.on('end', () => { this.ended = true; this.waiter?.(); });
    socket.on('error', () => { this.ended = true; this.waiter?.(); });
  }

  /** Writes `data`; rejects with ProbeError when it cannot be handed to the kernel within `timeoutMs`. */
  write(data: string, timeoutMs: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new ProbeError('write', true, `write did not complete within ${timeoutMs} ms`)), timeoutMs);
      this.socket.write(data, (err) => {
        clearTimeout(timer);
        if (err) reject(new ProbeError('write', false, `write failed: ${err.message}`));
        else resolve();
      });
    });
  }

  /**
   * Reads until `until` matches the data received so far (a string or pattern; default: any data),
   * or the peer closes. Resolves with everything read; rejects with ProbeError on timeout.
   */
  async read(timeoutMs: number, until?: string | RegExp): Promise<string> {
    const done = (): boolean => (until === undefined ? this.buffered.length > 0 : typeof until === 'string' ? this.buffered.includes(until) : until.test(this.buffered));
    const deadline = Date.now() + timeoutMs;
    while (!done() && !this.ended) {
      const left = deadline - Date.now();
      if (left <= 0) throw new ProbeError('read', true, `no${until === undefined ? '' : ' complete'} answer within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiter = () => { clearTimeout(timer); resolve(); };
      });
      this.waiter = undefined;
    }
    const out = this.buffered;
    this.buffered = '';
    return out;
  }

  close(): void {
    this.socket.destroy();
  }
}

/** Connects within `timeoutMs` (scds_fm_tcp_connect); rejects with ProbeError('connect'). */
export function tcpConnect(host: string, port: number, timeoutMs: number): Promise<TcpConnection> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new ProbeError('connect', true, `connect to ${host}:${port} did not complete within ${timeoutMs} ms`));
    }, timeoutMs);
    socket.once('connect', () => { clearTimeout(timer); resolve(new TcpConnection(socket)); });
    socket.once('error', (err) => { clearTimeout(timer); reject(new ProbeError('connect', false, `connect to ${host}:${port}: ${err.message}`)); });
  });
}

/**
 * scds_simple_probe: can a TCP connection be made (and closed) within `timeoutMs`? 0 when it can,
 * PROBE_COMPLETE_FAILURE when it is refused, half of that when it times out (the service may be busy).
 */
export async function simpleProbe(host: string, port: number, timeoutMs: number): Promise<number> {
  try {
    (await tcpConnect(host, port, timeoutMs)).close();
    return PROBE_SUCCESS;
  } catch (err) {
    return err instanceof ProbeError && err.timedOut ? PROBE_COMPLETE_FAILURE / 2 : PROBE_COMPLETE_FAILURE;
  }
}
