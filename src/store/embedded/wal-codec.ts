import { crc32 } from 'node:zlib';

/**
 * WAL record framing: a 4-byte big-endian payload length, the 4-byte big-endian CRC-32 of the
 * payload, then the payload (UTF-8 JSON of one entry). A crash can leave the last record cut short
 * or half-written; the length and CRC let the reader find where the intact records end.
 */
export const RECORD_HEADER_BYTES = 8;
/** A record claiming to be longer than this is treated as damage, not as a record. */
export const MAX_RECORD_BYTES = 512 * 1024 * 1024;

export function encodeRecord(payload: unknown): Buffer {
  const body = Buffer.from(JSON.stringify(payload), 'utf8');
  const record = Buffer.allocUnsafe(RECORD_HEADER_BYTES + body.length);
  record.writeUInt32BE(body.length, 0);
  record.writeUInt32BE(crc32(body), 4);
  body.copy(record, RECORD_HEADER_BYTES);
  return record;
}

export interface ScanResult {
  /** Parsed JSON payloads of the intact records, in file order. */
  readonly payloads: unknown[];
  /** Bytes from the start of the buffer covered by intact records; anything after is damaged. */
  readonly validBytes: number;
  /** Why the scan stopped before the end of the buffer, if it did. */
  readonly damage?: string;
}

/** Reads records from the start of `buf` until the end or the first damaged record. */
export function scanRecords(buf: Buffer): ScanResult {
  const payloads: unknown[] = [];
  let offset = 0;
  const stop = (damage: string): ScanResult => ({ payloads, validBytes: offset, damage: `${damage} at byte ${offset}` });
  while (offset < buf.length) {
    if (buf.length - offset < RECORD_HEADER_BYTES) return stop('partial record header');
    const length = buf.readUInt32BE(offset);
    const checksum = buf.readUInt32BE(offset + 4);
    if (length === 0 || length > MAX_RECORD_BYTES) return stop(`implausible record length ${length}`);
    const start = offset + RECORD_HEADER_BYTES;
    if (buf.length - start < length) return stop('partial record');
    const body = buf.subarray(start, start + length);
    if (crc32(body) !== checksum) return stop('checksum mismatch');
    let payload: unknown;
    try {
      payload = JSON.parse(body.toString('utf8'));
    } catch {
      return stop('unreadable record');
    }
    payloads.push(payload);
    offset = start + length;
  }
  return { payloads, validBytes: offset };
}
