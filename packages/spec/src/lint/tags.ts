/**
 * Finds `{{...}}` tags in strings the way Argo's substitution does: a tag
 * runs from `{{` to the next `}}`; `{{=...}}` is an expression tag. Only tags
 * whose name starts with one of Argo's prefixes are Argo's; anything else
 * (`{{custom.variable}}`, Helm or Jinja text) is left alone.
 */
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
  let from = 0;
  for (;;) {
    const open = text.indexOf('{{', from);
    if (open < 0) break;
    const close = text.indexOf('}}', open + 2);
    if (close < 0) break;
    const inner = text.slice(open + 2, close);
    const trimmed = inner.trim();
    const ordinal = ordinalOf(text, open);
    if (trimmed.startsWith('=')) tags.push({ name: trimmed.slice(1).trim(), expression: true, ordinal });
    else tags.push({ name: trimmed, expression: false, ordinal });
    from = close + 2;
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
