import type { KeyValue } from '../store.js';
import type { MvccKeyValue } from './messages.js';

/**
 * Maps Store keys to etcd keys under an optional namespace prefix: etcd key = UTF-8 of prefix + key.
 * Every range Ferry asks for lies inside the namespace, so every key etcd returns starts with it.
 */
export class KeyCodec {
  constructor(readonly prefix: string) {}

  encode(key: string): Buffer {
    return Buffer.from(this.prefix + key, 'utf8');
  }

  decode(raw: Buffer): string {
    return raw.toString('utf8').slice(this.prefix.length);
  }

  /** The etcd range [key, range_end) holding exactly the keys that start with `prefix`. */
  range(prefix: string): { key: Buffer; range_end: Buffer } {
    const key = this.encode(prefix);
    // etcd reads key "\0" with range_end "\0" as "every key": the only way to say it.
    if (key.length === 0) return { key: Buffer.from([0]), range_end: Buffer.from([0]) };
    return { key, range_end: prefixEnd(key) };
  }

  toKeyValue(kv: MvccKeyValue): KeyValue {
    const out = {
      key: this.decode(kv.key),
      value: kv.value.toString('utf8'),
      createRevision: Number(kv.create_revision),
      modRevision: Number(kv.mod_revision),
      version: Number(kv.version),
    };
    return kv.lease === '0' || kv.lease === '' ? out : { ...out, lease: kv.lease };
  }
}

/** The smallest byte string greater than every string starting with `key` ("\0" = no end). */
export function prefixEnd(key: Buffer): Buffer {
  for (let i = key.length - 1; i >= 0; i--) {
    const byte = key[i] as number;
    if (byte < 0xff) {
      const end = Buffer.from(key.subarray(0, i + 1));
      end[i] = byte + 1;
      return end;
    }
  }
  return Buffer.from([0]);
}
