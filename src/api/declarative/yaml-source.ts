import { isMap, isPair, isScalar, isSeq, type Document, type LineCounter, type Node } from 'yaml';
import type { AssignmentValue } from '../../model/index.js';
import { positionKey, type SourcePosition } from './desired.js';

/** Where every key and list item of the document is written, by `positionKey`. */
export function collectPositions(doc: Document, lines: LineCounter): Record<string, SourcePosition> {
  const out: Record<string, SourcePosition> = {};
  const record = (segments: readonly (string | number)[], offset: number | undefined, shown = segments): void => {
    if (offset === undefined) return;
    const { line, col } = lines.linePos(offset);
    out[positionKey(segments)] = { line, column: col, path: shown.join('.') };
  };
  const walk = (node: unknown, segments: readonly (string | number)[]): void => {
    if (isMap(node)) {
      for (const pair of node.items) {
        const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
        const at = [...segments, key];
        record(at, isScalar(pair.key) ? pair.key.range?.[0] : undefined);
        walk(pair.value, at);
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => {
        const at = [...segments, i];
        record(at, (item as Node | null)?.range?.[0]);
        // Nodes are also found by name: problems name the node, not its index.
        if (segments.length === 1 && segments[0] === 'nodes') {
          const name = isScalar(item) ? item.value : isMap(item) ? item.get('name') : undefined;
          if (typeof name === 'string') record(['nodes', name], (item as Node).range?.[0], at);
        }
        walk(item, at);
      });
    }
  };
  walk(doc.contents, []);
  return out;
}

/** The position of the node at `path` (or of the nearest ancestor that exists). */
export function positionOf(doc: Document, lines: LineCounter, path: readonly (string | number)[]): { line: number; column: number } | undefined {
  for (let n = path.length; n >= 0; n--) {
    const node = n === 0 ? doc.contents : doc.getIn(path.slice(0, n), true);
    const offset = isPair(node) ? undefined : (node as Node | null | undefined)?.range?.[0];
    if (offset !== undefined) {
      const { line, col } = lines.linePos(offset);
      return { line, column: col };
    }
  }
  return undefined;
}

/** The position of a key inside the map at `path`. */
export function keyPositionOf(doc: Document, lines: LineCounter, path: readonly (string | number)[], key: string): { line: number; column: number } | undefined {
  const map = path.length === 0 ? doc.contents : doc.getIn(path, true);
  if (isMap(map)) {
    const pair = map.items.find((p) => isScalar(p.key) && String(p.key.value) === key);
    const offset = isScalar(pair?.key) ? pair.key.range?.[0] : undefined;
    if (offset !== undefined) {
      const { line, col } = lines.linePos(offset);
      return { line, column: col };
    }
  }
  return positionOf(doc, lines, path);
}

/**
 * A property value as written: numbers keep their source text (`1.10` stays "1.10", `0x10` is not
 * silently 16), so `parseValue` judges what the user typed. Lists become lists of strings.
 */
export function propertyValueAt(doc: Document, path: readonly (string | number)[], fallback: AssignmentValue): AssignmentValue {
  const node = doc.getIn(path, true);
  const text = (n: unknown): string | number | boolean | undefined => {
    if (!isScalar(n)) return undefined;
    if (typeof n.value === 'number') return n.source ?? String(n.value);
    return typeof n.value === 'string' || typeof n.value === 'boolean' ? n.value : undefined;
  };
  if (isSeq(node)) return node.items.map((i) => String(text(i) ?? ''));
  return text(node) ?? fallback;
}
