import { StoreClosedError, type Store, type Watch } from '../../store/store.js';

/**
 * Resolves with the (JSON) value of `key` once `accept` holds for it — at once if it already does —
 * or with undefined after `timeoutMs` (absent: wait as long as it takes). A watch that fails (for
 * example compacted away) is re-established from a fresh read, so no write is missed. A closed
 * store ends the wait with undefined.
 */
export function waitForValue<T>(store: Store, key: string, accept: (value: T) => boolean, timeoutMs?: number): Promise<T | undefined> {
  return new Promise((resolve) => {
    let done = false;
    let watch: Watch | undefined;
    let timer: NodeJS.Timeout | undefined;
    const finish = (value: T | undefined): void => {
      if (done) return;
      done = true;
      if (timer) clearTimeout(timer);
      void watch?.cancel();
      resolve(value);
    };
    const check = (text: string): void => {
      let value: T;
      try {
        value = JSON.parse(text) as T;
      } catch {
        return;
      }
      if (accept(value)) finish(value);
    };
    const retry = (err: unknown, ms: number): void => {
      if (err instanceof StoreClosedError) finish(undefined);
      else setTimeout(start, ms);
    };
    const start = (): void => {
      if (done) return;
      void store.list(key).then(({ items, revision }) => {
        const kv = items.find((x) => x.key === key);
        if (kv) check(kv.value);
        if (done) return;
        watch = store.watch(key, revision + 1, (events) => {
          for (const e of events) if (e.kind === 'put' && e.key === key) check(e.value);
        }, (err) => retry(err, 100));
      }, (err: unknown) => retry(err, 500));
    };
    if (timeoutMs !== undefined) timer = setTimeout(() => finish(undefined), timeoutMs);
    start();
  });
}
