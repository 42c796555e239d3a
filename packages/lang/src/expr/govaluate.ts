/**
 * `when:` conditions, evaluated as Argo does with govaluate after template
 * substitution: bare words are strings (`heads == heads` is true), numbers are
 * floats compared numerically, `=~`/`!~` are regex matches and `x in (a, b)`
 * tests membership. The result must be a boolean.
 */
import { ExprError } from './errors.js';
import { regexMatch } from '../regex/go-regexp.js';
import { deepEqual } from './values.js';

type Tok = { t: 'num'; v: number } | { t: 'str'; v: string } | { t: 'bool'; v: boolean } | { t: 'op'; v: string } | { t: 'eof' };
type GNode =
  | { k: 'val'; v: unknown }
  | { k: 'list'; items: GNode[] }
  | { k: 'un'; op: string; x: GNode }
  | { k: 'bin'; op: string; l: GNode; r: GNode }
  | { k: 'cond'; c: GNode; a: GNode; b: GNode };

const HINT = '(hint: try wrapping the affected expression in quotes ("))';
const OPS = ['==', '!=', '>=', '<=', '=~', '!~', '&&', '||', '**', '??', '>', '<', '!', '+', '-', '*', '/', '%', '?', ':', '(', ')', ','];

function whenError(code: 'WhenSyntax' | 'WhenEval', when: string, detail: string): ExprError {
  const hint = code === 'WhenSyntax' ? ` ${HINT}` : '';
  return new ExprError(code, `Invalid 'when' expression '${when}': ${detail}${hint}`);
}

function lex(src: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (/\s/.test(c)) { i++; continue; }
    const rest = src.slice(i);
    const numm = /^(0x[0-9a-fA-F]+|[0-9][0-9.]*)/.exec(rest);
    if (numm) {
      const v = Number(numm[0]);
      if (Number.isNaN(v)) throw whenError('WhenSyntax', src, `Unable to parse numeric value '${numm[0]}' to float64`);
      out.push({ t: 'num', v });
      i += numm[0].length;
      continue;
    }
    if (c === '"' || c === "'") {
      let v = '';
      let j = i + 1;
      for (; j < src.length && src[j] !== c; j++) {
        if (src[j] === '\\' && j + 1 < src.length) j++;
        v += src[j];
      }
      if (j >= src.length) throw whenError('WhenSyntax', src, 'Unclosed string literal');
      out.push({ t: 'str', v });
      i = j + 1;
      continue;
    }
    if (c === '[') {
      const end = src.indexOf(']', i);
      if (end < 0) throw whenError('WhenSyntax', src, 'Unclosed parameter bracket');
      out.push({ t: 'str', v: src.slice(i + 1, end) });
      i = end + 1;
      continue;
    }
    const word = /^[\p{L}_][\p{L}\p{N}_.]*/u.exec(rest);
    if (word) {
      const w = word[0];
      if (w === 'true' || w === 'false') out.push({ t: 'bool', v: w === 'true' });
      else if (w === 'in' || w === 'IN') out.push({ t: 'op', v: 'in' });
      // A VARIABLE token: Argo turns it into a string literal of its own name.
      else out.push({ t: 'str', v: w });
      i += w.length;
      continue;
    }
    const op = OPS.find((o) => src.startsWith(o, i));
    if (!op) throw whenError('WhenSyntax', src, `Invalid token: '${c}'`);
    out.push({ t: 'op', v: op });
    i += op.length;
  }
  out.push({ t: 'eof' });
  return out;
}

const LEVELS: string[][] = [['??'], ['||'], ['&&'], ['==', '!=', '>', '>=', '<', '<=', '=~', '!~', 'in'], ['+', '-'], ['*', '/', '%'], ['**']];

class WhenParser {
  private i = 0;
  constructor(private readonly toks: Tok[], private readonly src: string) {}

  parse(): GNode {
    const n = this.ternary();
    if (this.peek().t !== 'eof') throw whenError('WhenSyntax', this.src, `Unexpected token ${describe(this.peek())}`);
    return n;
  }
  private peek(): Tok { return this.toks[this.i]!; }
  private isOp(v: string): boolean { const t = this.peek(); return t.t === 'op' && t.v === v; }

  private ternary(): GNode {
    const c = this.level(0);
    if (!this.isOp('?')) return c;
    this.i++;
    const a = this.ternary();
    if (!this.isOp(':')) throw whenError('WhenSyntax', this.src, 'Ternary operator is missing its else branch');
    this.i++;
    return { k: 'cond', c, a, b: this.ternary() };
  }

  private level(n: number): GNode {
    if (n >= LEVELS.length) return this.prefix();
    let left = this.level(n + 1);
    for (;;) {
      const t = this.peek();
      if (t.t !== 'op' || !LEVELS[n]!.includes(t.v)) return left;
      this.i++;
      left = { k: 'bin', op: t.v, l: left, r: this.level(n + 1) };
    }
  }

  private prefix(): GNode {
    if (this.isOp('!') || this.isOp('-')) {
      const op = (this.toks[this.i++] as { v: string }).v;
      return { k: 'un', op, x: this.prefix() };
    }
    return this.value();
  }

  private value(): GNode {
    const t = this.toks[this.i++]!;
    if (t.t === 'num' || t.t === 'str' || t.t === 'bool') return { k: 'val', v: t.v };
    if (t.t === 'op' && t.v === '(') {
      const items = [this.ternary()];
      while (this.isOp(',')) { this.i++; items.push(this.ternary()); }
      if (!this.isOp(')')) throw whenError('WhenSyntax', this.src, 'Unbalanced parenthesis');
      this.i++;
      return items.length === 1 ? items[0]! : { k: 'list', items };
    }
    throw whenError('WhenSyntax', this.src, `Unexpected token ${describe(t)}`);
  }
}

function describe(t: Tok): string {
  return t.t === 'eof' ? 'end of expression' : `'${String(t.v)}'`;
}

function run(n: GNode, src: string): unknown {
  switch (n.k) {
    case 'val': return n.v;
    case 'list': return n.items.map((x) => run(x, src));
    case 'cond': return bool(run(n.c, src), '?', src) ? run(n.a, src) : run(n.b, src);
    case 'un': {
      const x = run(n.x, src);
      return n.op === '!' ? !bool(x, '!', src) : -numeric(x, '-', src);
    }
    default: return binary(n.op, n.l, n.r, src);
  }
}

function binary(op: string, ln: GNode, rn: GNode, src: string): unknown {
  if (op === '&&') return bool(run(ln, src), op, src) && bool(run(rn, src), op, src);
  if (op === '||') return bool(run(ln, src), op, src) || bool(run(rn, src), op, src);
  const l = run(ln, src);
  if (op === '??') return l ?? run(rn, src);
  const r = run(rn, src);
  switch (op) {
    case '==': return deepEqual(l, r);
    case '!=': return !deepEqual(l, r);
    case '>': case '>=': case '<': case '<=': {
      const c = typeof l === 'string' && typeof r === 'string'
        ? (l < r ? -1 : l > r ? 1 : 0)
        : numeric(l, op, src) - numeric(r, op, src);
      return op === '>' ? c > 0 : op === '>=' ? c >= 0 : op === '<' ? c < 0 : c <= 0;
    }
    case '=~': case '!~': {
      if (typeof l !== 'string' || typeof r !== 'string') throw whenError('WhenEval', src, `Value '${String(l)}' cannot be used with the comparator '${op}', it is not a string`);
      const m = regexMatch(r, l);
      return op === '=~' ? m : !m;
    }
    case 'in': {
      if (!Array.isArray(r)) throw whenError('WhenEval', src, `Value '${String(r)}' cannot be used with the comparator 'in', it is not an array`);
      return r.some((x) => deepEqual(x, l));
    }
    case '+':
      if (typeof l === 'string' || typeof r === 'string') return `${String(l)}${String(r)}`;
      return numeric(l, op, src) + numeric(r, op, src);
    case '-': return numeric(l, op, src) - numeric(r, op, src);
    case '*': return numeric(l, op, src) * numeric(r, op, src);
    case '/': return numeric(l, op, src) / numeric(r, op, src);
    case '%': return numeric(l, op, src) % numeric(r, op, src);
    default: return numeric(l, op, src) ** numeric(r, op, src);
  }
}

function numeric(v: unknown, op: string, src: string): number {
  if (typeof v !== 'number') throw whenError('WhenEval', src, `Value '${String(v)}' cannot be used with the modifier '${op}', it is not a number`);
  return v;
}

function bool(v: unknown, op: string, src: string): boolean {
  if (typeof v !== 'boolean') throw whenError('WhenEval', src, `Value '${String(v)}' cannot be used with the logical operator '${op}', it is not a bool`);
  return v;
}

/** Evaluates an already-substituted `when` string; throws ExprError (WhenSyntax/WhenEval) otherwise. */
export function evaluateWhen(when: string): boolean {
  if (when.trim() === '') return true;
  const result = run(new WhenParser(lex(when), when).parse(), when);
  if (typeof result !== 'boolean') {
    throw new ExprError('WhenEval', `Expected boolean evaluation for '${when}'. Got ${String(result)}`);
  }
  return result;
}
