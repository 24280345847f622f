import type { KeyValue, Store } from '../store/store.js';

/** Resolves with the key's value as soon as it exists, or undefined after `waitMs`. */
export async function waitForKey(store: Store, key: string, waitMs: number): Promise<KeyValue | undefined> {
  const { items, revision } = await store.list(key);
  const found = items.find((kv) => kv.key === key);
  if (found || waitMs <= 0) return found;
  return new Promise<KeyValue | undefined>((resolve) => {
    let done = false;
    const finish = (kv: KeyValue | undefined): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      void watch.cancel();
      resolve(kv);
    };
    const timer = setTimeout(() => finish(undefined), waitMs);
    const watch = store.watch(key, revision + 1, (events) => {
      const put = events.find((e) => e.kind === 'put' && e.key === key);
      if (put) void store.get(key).then(finish, () => finish(undefined));
    }, () => finish(undefined));
  });
}
