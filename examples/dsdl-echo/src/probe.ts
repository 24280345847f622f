import { PROBE_COMPLETE_FAILURE, PROBE_SUCCESS, ProbeError, tcpConnect } from '../../../src/main/dsdl.js';

/** A slow answer (the read timed out) is a partial failure: four in a row within Retry_interval add up to a restart. */
export const SLOW_ANSWER = 25;

/**
 * One probe of the echo server: connect, send a line, expect it back — each step within
 * `timeoutMs`. 0 healthy; 25 when the answer is late; 100 when the server refuses the connection
 * or answers wrongly.
 */
export async function probeEcho(port: number, timeoutMs: number, round: number): Promise<number> {
  let conn;
  try {
    conn = await tcpConnect('127.0.0.1', port, timeoutMs);
  } catch {
    return PROBE_COMPLETE_FAILURE;
  }
  try {
    const line = `ping ${round}`;
    await conn.write(`${line}\n`, timeoutMs);
    const answer = await conn.read(timeoutMs, '\n');
    return answer === `${line}\n` ? PROBE_SUCCESS : PROBE_COMPLETE_FAILURE;
  } catch (err) {
    return err instanceof ProbeError && err.timedOut ? SLOW_ANSWER : PROBE_COMPLETE_FAILURE;
  } finally {
    conn.close();
  }
}
