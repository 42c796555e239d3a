/** Tokenizer for expr-lang source (the language of `{{=...}}`, `depends`, `expression:` fields). */
import { syntaxError } from './errors.js';

export type TokenKind = 'num' | 'str' | 'id' | 'op' | 'ptr' | 'eof';

export interface Token {
  kind: TokenKind;
  /** Operator text, identifier name, pointer name ('' for `#`), or the decoded string. */
  text: string;
  num?: number;
  pos: number;
}

// Longest first, so `??` wins over `?` and `..` over `.`.
const OPERATORS = [
  '?.', '??', '?:', '..', '**', '==', '!=', '<=', '>=', '&&', '||',
  '+', '-', '*', '/', '%', '^', '<', '>', '!', '(', ')', '[', ']', '{', '}', ',', ':', '.', '?', '|', ';', '=',
];

const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', v: '\v', '0': '\0', a: '\x07' };

export function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (/\s/.test(c)) { i++; continue; }
    const start = i;
    if (/[0-9]/.test(c)) {
      const m = /^(0[xX][0-9a-fA-F_]+|0[oO][0-7_]+|0[bB][01_]+|[0-9][0-9_]*(\.(?!\.)[0-9_]*)?([eE][+-]?[0-9]+)?)/.exec(src.slice(i))!;
      const text = m[0].replace(/_/g, '');
      const num = /^0[xXoObB]/.test(text) ? Number(text.toLowerCase()) : Number(text);
      if (Number.isNaN(num)) throw syntaxError(src, i, `invalid number '${m[0]}'`);
      out.push({ kind: 'num', text, num, pos: start });
      i += m[0].length;
      continue;
    }
    if (c === '"' || c === "'") {
      const [text, next] = readQuoted(src, i);
      out.push({ kind: 'str', text, pos: start });
      i = next;
      continue;
    }
    if (c === '`') {
      const end = src.indexOf('`', i + 1);
      if (end < 0) throw syntaxError(src, i, 'unterminated raw string');
      out.push({ kind: 'str', text: src.slice(i + 1, end), pos: start });
      i = end + 1;
      continue;
    }
    if (c === '#') {
      const m = /^#([A-Za-z_][A-Za-z0-9_]*)?/.exec(src.slice(i))!;
      out.push({ kind: 'ptr', text: m[1] ?? '', pos: start });
      i += m[0].length;
      continue;
    }
    if (/[A-Za-z_$]/.test(c)) {
      const m = /^[A-Za-z_$][A-Za-z0-9_$]*/.exec(src.slice(i))!;
      out.push({ kind: 'id', text: m[0], pos: start });
      i += m[0].length;
      continue;
    }
    const op = OPERATORS.find((o) => src.startsWith(o, i));
    if (!op) throw syntaxError(src, i, `unexpected character '${c}'`);
    // `?.` followed by a digit is the ternary `?` then a number like `.5`; expr has no such numbers, so keep it simple.
    out.push({ kind: 'op', text: op, pos: start });
    i += op.length;
  }
  out.push({ kind: 'eof', text: '', pos: src.length });
  return out;
}

function readQuoted(src: string, from: number): [string, number] {
  const quote = src[from];
  let i = from + 1;
  let text = '';
  while (i < src.length) {
    const c = src[i]!;
    if (c === quote) return [text, i + 1];
    if (c === '\\') {
      const n = src[i + 1];
      if (n === undefined) break;
      if (n === 'u' || n === 'x') {
        const len = n === 'u' ? 4 : 2;
        const hex = src.slice(i + 2, i + 2 + len);
        if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== len) throw syntaxError(src, i, 'invalid escape sequence');
        text += String.fromCharCode(parseInt(hex, 16));
        i += 2 + len;
        continue;
      }
      text += ESCAPES[n] ?? n;
      i += 2;
      continue;
    }
    text += c;
    i++;
  }
  throw syntaxError(src, from, 'unterminated string literal');
}
