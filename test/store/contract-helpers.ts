import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Store, Watch, WatchEvent } from '../../src/store/index.js';

/** A key prefix no other test uses, so the suite can share one etcd cluster and never assumes an empty store. */
export const uniquePrefix = (): string => `/ferry-contract/${randomUUID()}/`;

/** Polls `condition` every 10 ms until it holds; fails with `what` after `timeoutMs` (a generous bound, not a measurement). */
export async function eventually(what: string, condition: () => boolean | Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await condition()) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(10);
  }
}

/** A watch that records what it receives. */
export interface Recorder {
  readonly batches: (readonly WatchEvent[])[];
  readonly errors: Error[];
  readonly watch: Watch;
  /** Every event received, flattened, as `kind key=value@revision` lines relative to `base`. */
  lines(): string[];
  events(): WatchEvent[];
  /** Waits until at least `n` events arrived. */
  untilEvents(n: number): Promise<void>;
}

export function record(store: Store, prefix: string, fromRevision: number, base = ''): Recorder {
  const batches: (readonly WatchEvent[])[] = [];
  const errors: Error[] = [];
  const watch = store.watch(prefix, fromRevision, (events) => batches.push(events), (err) => errors.push(err));
  const events = (): WatchEvent[] => batches.flat();
  return {
    batches,
    errors,
    watch,
    events,
    lines: () => events().map((e) => eventLine(e, base)),
    untilEvents: (n) => eventually(`${n} watch events under ${prefix} (have ${events().length}, errors: ${errors.map((e) => e.message).join('; ') || 'none'})`, () => events().length >= n || errors.length > 0).then(() => {
      if (errors.length > 0 && events().length < n) throw errors[0];
    }),
  };
}

export const eventLine = (e: WatchEvent, base = ''): string => `${e.kind} ${e.key.slice(base.length)}=${e.value}@${e.revision}`;

/** Revision of the store now, read through the port only. */
export async function currentRevision(store: Store): Promise<number> {
  return (await store.list(uniquePrefix())).revision;
}

export async function put(store: Store, key: string, value: string, lease?: string): Promise<number> {
  const r = await store.txn({ compare: [], success: [{ kind: 'put', key, value, ...(lease === undefined ? {} : { lease }) }] });
  return r.revision;
}

/** Code point (UTF-8 byte) order, the order etcd lists keys in. */
export const byteOrder = (a: string, b: string): number => Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
