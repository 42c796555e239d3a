/**
 * Finds `{{name}}` and `{{=expr}}` tags in a string. An expression tag ends at
 * the first `}}` outside string literals and braces, so `{{= {'a': 1}['a'] }}`
 * and `'}}'` inside quotes work; when that scan finds no end (unbalanced input)
 * the first `}}` ends it, as Argo's scanner would.
 */
export type Piece =
  | { kind: 'text'; text: string }
  /** `start`: offset of the tag's `{{` in the scanned string. */
  | { kind: 'simple'; name: string; raw: string; start: number }
  | { kind: 'expr'; expr: string; raw: string; start: number };

export function scanTags(s: string): Piece[] {
  const out: Piece[] = [];
  let i = 0;
  let text = '';
  while (i < s.length) {
    const open = s.indexOf('{{', i);
    if (open < 0) break;
    const isExpr = s[open + 2] === '=';
    const end = isExpr ? exprEnd(s, open + 3) : s.indexOf('}}', open + 2);
    if (end < 0) break;
    text += s.slice(i, open);
    if (text) { out.push({ kind: 'text', text }); text = ''; }
    const raw = s.slice(open, end + 2);
    if (isExpr) out.push({ kind: 'expr', expr: s.slice(open + 3, end).trim(), raw, start: open });
    else out.push({ kind: 'simple', name: s.slice(open + 2, end).trim(), raw, start: open });
    i = end + 2;
  }
  text += s.slice(i);
  if (text) out.push({ kind: 'text', text });
  return out;
}

function exprEnd(s: string, from: number): number {
  let depth = 0;
  let quote = '';
  for (let i = from; i < s.length; i++) {
    const c = s[i]!;
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = '';
      continue;
    }
    if (c === '"' || c === "'" || c === '`') quote = c;
    else if (c === '{' || c === '(' || c === '[') depth++;
    else if ((c === ')' || c === ']') && depth > 0) depth--;
    else if (c === '}') {
      if (depth === 0 && s[i + 1] === '}') return i;
      if (depth > 0) depth--;
    }
  }
  return s.indexOf('}}', from);
}

/** True when the string contains at least one tag (cheap pre-check before walking). */
export function hasTags(s: string): boolean {
  return s.includes('{{');
}

/** If `s` is exactly one simple tag (surrounding whitespace allowed), its name. */
export function soleSimpleTag(s: string): string | undefined {
  const pieces = scanTags(s.trim());
  return pieces.length === 1 && pieces[0]!.kind === 'simple' ? pieces[0]!.name : undefined;
}
