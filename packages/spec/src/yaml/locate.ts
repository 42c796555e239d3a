/**
 * Maps a field path inside a parsed YAML document to the line and column
 * where it is written, so that problems found on plain objects (by zod or by
 * the lint) point at the source.
 */
import { isAlias, isMap, isPair, isScalar, isSeq, type Document, type LineCounter, type Node } from 'yaml';
import type { FieldPath } from './path.js';

export interface SourcePosition {
  line: number;
  column: number;
}

export type Locator = (path: FieldPath) => SourcePosition;

/**
 * Position of the `nth` (0-based) `{{` inside the string at `path`, or
 * undefined when it cannot be found exactly (then callers use the field).
 */
export type TagLocator = (path: FieldPath, nth: number) => SourcePosition | undefined;

function keyMatches(key: unknown, seg: string | number): boolean {
  if (isScalar(key)) return String(key.value) === String(seg);
  return false;
}

/** The node at exactly `path`, if it exists. */
function findNode(doc: Document, path: FieldPath): Node | undefined {
  let node: unknown = doc.contents;
  for (const seg of path) {
    if (isAlias(node)) node = node.resolve(doc);
    if (isMap(node)) node = node.items.find((p) => isPair(p) && keyMatches(p.key, seg))?.value;
    else if (isSeq(node) && typeof seg === 'number') node = node.items[seg];
    else return undefined;
  }
  return (node ?? undefined) as Node | undefined;
}

function countTags(text: string): number[] {
  const at: number[] = [];
  for (let i = text.indexOf('{{'); i >= 0; i = text.indexOf('{{', i + 2)) at.push(i);
  return at;
}

/**
 * Finds the tag in the source text of the scalar: whatever the scalar's style
 * (block, folded, quoted with escapes), the n-th `{{` of the value is the n-th
 * `{{` of its source, as long as both hold the same number of them.
 */
export function makeTagLocator(doc: Document, lineCounter: LineCounter, text: string): TagLocator {
  return (path, nth) => {
    const node = findNode(doc, path);
    if (!isScalar(node) || typeof node.value !== 'string' || !node.range) return undefined;
    const source = text.slice(node.range[0], node.range[1]);
    const inSource = countTags(source);
    if (inSource.length !== countTags(node.value).length || nth >= inSource.length) return undefined;
    const { line, col } = lineCounter.linePos(node.range[0] + inSource[nth]);
    return { line, column: col };
  };
}

/**
 * The deepest node on `path` that exists. A path ending at a map key points
 * at the key (the line users look for); a missing field points at its
 * closest existing parent.
 */
function findOffset(doc: Document, path: FieldPath): number | undefined {
  let node: unknown = doc.contents;
  let offset: number | undefined = (doc.contents as Node | null)?.range?.[0];
  for (const seg of path) {
    if (isAlias(node)) node = node.resolve(doc);
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && keyMatches(p.key, seg));
      if (!pair) return offset;
      const keyNode = pair.key as Node | null;
      offset = keyNode?.range?.[0] ?? offset;
      node = pair.value;
    } else if (isSeq(node) && typeof seg === 'number') {
      const item = node.items[seg] as Node | undefined;
      if (!item) return offset;
      offset = item.range?.[0] ?? offset;
      node = item;
    } else {
      return offset;
    }
  }
  return offset;
}

export function makeLocator(doc: Document, lineCounter: LineCounter): Locator {
  return (path) => {
    const offset = findOffset(doc, path);
    if (offset === undefined) return { line: 1, column: 1 };
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
}
