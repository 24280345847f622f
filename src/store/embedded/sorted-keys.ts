import { compareKeys, keysWithPrefix } from './key-order.js';

/**
 * The set of live keys kept sorted (etcd byte order), so a prefix listing is a binary search plus a
 * scan instead of a sort of the whole keyspace. Insert and delete cost O(n) moves, which is cheap at
 * the sizes a cluster configuration reaches (tens of thousands of keys).
 */
export class SortedKeys {
  private readonly keys: string[] = [];

  get size(): number {
    return this.keys.length;
  }

  add(key: string): void {
    const i = this.position(key);
    if (this.keys[i] !== key) this.keys.splice(i, 0, key);
  }

  delete(key: string): void {
    const i = this.position(key);
    if (this.keys[i] === key) this.keys.splice(i, 1);
  }

  withPrefix(prefix: string): string[] {
    return keysWithPrefix(this.keys, prefix);
  }

  /** Index of `key`, or where it would be inserted. */
  private position(key: string): number {
    let lo = 0;
    let hi = this.keys.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compareKeys(this.keys[mid] as string, key) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
