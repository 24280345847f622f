/**
 * Key order shared with etcd: keys sort by their UTF-8 bytes, which is Unicode code point order.
 * JavaScript's `<` compares UTF-16 code units instead, which puts U+E000..U+FFFF after the
 * supplementary planes; this comparator fixes that so `list()` orders keys the way etcd does.
 */
export function compareKeys(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const ca = a.charCodeAt(i);
    const cb = b.charCodeAt(i);
    if (ca !== cb) return codePointRank(ca) - codePointRank(cb);
  }
  return a.length - b.length;
}

/** Moves surrogates (the supplementary planes) above the rest of the BMP, keeping each range's order. */
function codePointRank(codeUnit: number): number {
  if (codeUnit < 0xd800) return codeUnit;
  return codeUnit >= 0xe000 ? codeUnit - 0x800 : codeUnit + 0x2000;
}

/** Keys in `sortedKeys` (sorted by `compareKeys`) that start with `prefix`, found by binary search. */
export function keysWithPrefix(sortedKeys: readonly string[], prefix: string): string[] {
  let lo = 0;
  let hi = sortedKeys.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compareKeys(sortedKeys[mid] as string, prefix) < 0) lo = mid + 1;
    else hi = mid;
  }
  const out: string[] = [];
  for (let i = lo; i < sortedKeys.length; i++) {
    const key = sortedKeys[i] as string;
    if (!key.startsWith(prefix)) break;
    out.push(key);
  }
  return out;
}
