/**
 * The tags of a string as the controller substitutes them (the scanner is
 * @argo-ts/lang's, so an expression tag ends where its expression ends, not
 * at a `}}` inside a string literal). Only tags whose name starts with one of
 * Argo's prefixes are Argo's; anything else (`{{custom.variable}}`, Helm or
 * Jinja text) is left alone.
 */
import { scanTags as scanPieces } from '@argo-ts/lang';
import type { FieldPath, PathSegment } from '../yaml/path.js';

export interface Tag {
  /** Text between the braces, trimmed. */
  name: string;
  expression: boolean;
  /** Which `{{` of the string opens this tag (0-based), counting every `{{` as the source locator does. */
  ordinal: number;
}

function ordinalOf(text: string, open: number): number {
  let n = 0;
  for (let i = text.indexOf('{{'); i >= 0 && i < open; i = text.indexOf('{{', i + 2)) n++;
  return n;
}

export function scanTags(text: string): Tag[] {
  const tags: Tag[] = [];
  for (const p of scanPieces(text)) {
    if (p.kind === 'expr') tags.push({ name: p.expr, expression: true, ordinal: ordinalOf(text, p.start) });
    else if (p.kind === 'simple') tags.push({ name: p.name, expression: false, ordinal: ordinalOf(text, p.start) });
  }
  return tags;
}

const PREFIXES = ['steps.', 'inputs.', 'outputs.', 'pod.', 'workflow.', 'tasks.'];

/** Whether Argo resolves (and so validates) this simple tag. */
export function isArgoTag(name: string): boolean {
  if (name === 'item' || name.startsWith('item.') || name.startsWith('item[')) return true;
  return PREFIXES.some((p) => name.startsWith(p));
}

export interface StringAt {
  value: string;
  path: FieldPath;
}

/** Every string value (not map keys) under `value`, skipping the fields named in `skip` at the top level. */
export function stringsIn(value: unknown, path: FieldPath, skip: ReadonlySet<string> = new Set()): StringAt[] {
  const out: StringAt[] = [];
  const walk = (v: unknown, p: PathSegment[], top: boolean): void => {
    if (typeof v === 'string') {
      if (v.includes('{{')) out.push({ value: v, path: p });
    } else if (Array.isArray(v)) {
      v.forEach((item, i) => walk(item, [...p, i], false));
    } else if (v !== null && typeof v === 'object') {
      for (const [k, item] of Object.entries(v)) if (!(top && skip.has(k))) walk(item, [...p, k], false);
    }
  };
  walk(value, [...path], true);
  return out;
}
