/**
 * Pratt parser for expr-lang. Binding powers follow expr-lang's operator
 * table, so `a ?? b == c` and `not a in b` group the way Argo users expect.
 */
import type { Node } from './ast.js';
import { syntaxError } from './errors.js';
import { tokenize, type Token } from './lexer.js';

const BINARY: Record<string, { prec: number; right?: boolean }> = {
  '|': { prec: 0 },
  or: { prec: 10 }, '||': { prec: 10 },
  and: { prec: 15 }, '&&': { prec: 15 },
  '==': { prec: 20 }, '!=': { prec: 20 }, '<': { prec: 20 }, '>': { prec: 20 }, '<=': { prec: 20 }, '>=': { prec: 20 },
  in: { prec: 20 }, matches: { prec: 20 }, contains: { prec: 20 }, startsWith: { prec: 20 }, endsWith: { prec: 20 },
  '..': { prec: 25 },
  '+': { prec: 30 }, '-': { prec: 30 },
  '*': { prec: 60 }, '/': { prec: 60 }, '%': { prec: 60 },
  '**': { prec: 100, right: true }, '^': { prec: 100, right: true },
  '??': { prec: 500 },
};
const UNARY_PREC: Record<string, number> = { not: 50, '!': 50, '-': 90, '+': 90 };

/** Built-ins whose argument at index 1 is a predicate (closure over `#`). */
export const PREDICATE_FUNCS = new Set([
  'all', 'any', 'none', 'one', 'filter', 'map', 'count', 'find', 'findIndex', 'findLast', 'findLastIndex',
  'groupBy', 'sortBy', 'sum', 'reduce',
]);

const cache = new Map<string, Node>();

/** Parses (and caches) an expression; throws ExprError(ExprSyntax) naming the position. */
export function parse(src: string): Node {
  const hit = cache.get(src);
  if (hit) return hit;
  const node = new Parser(src).parseProgram();
  if (cache.size > 5000) cache.clear();
  cache.set(src, node);
  return node;
}

class Parser {
  private readonly toks: Token[];
  private i = 0;

  constructor(private readonly src: string) {
    this.toks = tokenize(src);
  }

  parseProgram(): Node {
    if (this.peek().kind === 'eof') throw syntaxError(this.src, 0, 'empty expression');
    const node = this.parseLetOrExpr();
    const t = this.peek();
    if (t.kind !== 'eof') throw syntaxError(this.src, t.pos, `unexpected token '${t.text}'`);
    return node;
  }

  private peek(o = 0): Token { return this.toks[Math.min(this.i + o, this.toks.length - 1)]!; }
  private next(): Token { return this.toks[this.i++]!; }
  private isOp(text: string, o = 0): boolean { const t = this.peek(o); return t.kind === 'op' && t.text === text; }
  private expectOp(text: string): void {
    const t = this.next();
    if (t.kind !== 'op' || t.text !== text) throw syntaxError(this.src, t.pos, `expected '${text}' but found '${t.text || 'end of expression'}'`);
  }

  private parseLetOrExpr(): Node {
    const t = this.peek();
    if (t.kind === 'id' && t.text === 'let') {
      this.next();
      const name = this.next();
      if (name.kind !== 'id') throw syntaxError(this.src, name.pos, 'expected a variable name after let');
      this.expectOp('=');
      const value = this.parseExpr();
      this.expectOp(';');
      return { k: 'let', name: name.text, value, body: this.parseLetOrExpr() };
    }
    return this.parseExpr();
  }

  parseExpr(): Node {
    const c = this.parseBinary(0);
    if (this.isOp('?')) {
      this.next();
      const t = this.parseExpr();
      this.expectOp(':');
      return { k: 'cond', c, t, f: this.parseExpr() };
    }
    if (this.isOp('?:')) {
      this.next();
      return { k: 'binary', op: '?:', l: c, r: this.parseExpr() };
    }
    return c;
  }

  private binaryOp(): string | undefined {
    const t = this.peek();
    if (t.kind === 'op' && BINARY[t.text]) return t.text;
    if (t.kind === 'id') {
      if (t.text === 'not' && this.peek(1).kind === 'id' && this.peek(1).text === 'in') return 'not in';
      if (BINARY[t.text] && t.text !== '|') return t.text;
    }
    return undefined;
  }

  private parseBinary(minPrec: number): Node {
    let left = this.parseUnary();
    for (;;) {
      const op = this.binaryOp();
      if (!op) return left;
      const info = BINARY[op === 'not in' ? 'in' : op]!;
      if (info.prec < minPrec) return left;
      this.next();
      if (op === 'not in') this.next();
      if (op === '|') { left = this.pipe(left); continue; }
      const right = this.parseBinary(info.right ? info.prec : info.prec + 1);
      left = op === 'not in'
        ? { k: 'unary', op: '!', x: { k: 'binary', op: 'in', l: left, r: right } }
        : { k: 'binary', op: normalise(op), l: left, r: right };
    }
  }

  private pipe(left: Node): Node {
    const pos = this.peek().pos;
    const right = this.parseUnary();
    if (right.k === 'call') return { k: 'call', callee: right.callee, args: [left, ...right.args] };
    if (right.k === 'id') return { k: 'call', callee: right, args: [left] };
    throw syntaxError(this.src, pos, 'the right side of | must be a function call');
  }

  private parseUnary(): Node {
    const t = this.peek();
    const op = t.kind === 'op' || (t.kind === 'id' && t.text === 'not') ? t.text : '';
    if (UNARY_PREC[op] !== undefined) {
      this.next();
      const x = this.parseBinary(UNARY_PREC[op]!);
      return { k: 'unary', op: op === 'not' ? '!' : op, x };
    }
    return this.parsePostfix(this.parsePrimary());
  }

  private parsePrimary(): Node {
    const t = this.next();
    switch (t.kind) {
      case 'num': return { k: 'lit', v: t.num };
      case 'str': return { k: 'lit', v: t.text };
      case 'ptr': return { k: 'ptr', name: t.text };
      case 'id': return this.identifier(t);
      case 'op': break;
      default: throw syntaxError(this.src, t.pos, 'unexpected end of expression');
    }
    if (t.text === '(') {
      const e = this.parseLetOrExpr();
      this.expectOp(')');
      return e;
    }
    if (t.text === '[') return { k: 'array', items: this.list(']', () => this.parseExpr()) };
    if (t.text === '{') return this.mapLiteral();
    if (t.text === '.') {
      // `.field` inside a predicate is shorthand for `#.field`.
      const name = this.next();
      if (name.kind !== 'id') throw syntaxError(this.src, name.pos, 'expected a field name after .');
      return { k: 'member', obj: { k: 'ptr', name: '' }, prop: { k: 'lit', v: name.text }, optional: false };
    }
    throw syntaxError(this.src, t.pos, `unexpected token '${t.text}'`);
  }

  private identifier(t: Token): Node {
    switch (t.text) {
      case 'true': return { k: 'lit', v: true };
      case 'false': return { k: 'lit', v: false };
      case 'nil': case 'null': return { k: 'lit', v: null };
      default: break;
    }
    if (this.isOp('(')) {
      this.next();
      const args = this.list(')', (idx) => (idx === 1 && PREDICATE_FUNCS.has(t.text) ? this.closure() : this.parseExpr()));
      return { k: 'call', callee: { k: 'id', name: t.text }, args };
    }
    return { k: 'id', name: t.text };
  }

  private closure(): Node {
    if (this.isOp('{')) {
      this.next();
      const body = this.parseLetOrExpr();
      this.expectOp('}');
      return { k: 'closure', body };
    }
    return { k: 'closure', body: this.parseExpr() };
  }

  private mapLiteral(): Node {
    const entries = this.list('}', () => {
      const kt = this.next();
      let key: Node;
      if (kt.kind === 'id' || kt.kind === 'str') key = { k: 'lit', v: kt.text };
      else if (kt.kind === 'num') key = { k: 'lit', v: String(kt.num) };
      else if (kt.kind === 'op' && kt.text === '(') { key = this.parseExpr(); this.expectOp(')'); }
      else throw syntaxError(this.src, kt.pos, 'expected a map key');
      this.expectOp(':');
      return [key, this.parseExpr()] as [Node, Node];
    });
    return { k: 'map', entries };
  }

  private list<T>(close: string, item: (idx: number) => T): T[] {
    const items: T[] = [];
    while (!this.isOp(close)) {
      items.push(item(items.length));
      if (this.isOp(',')) { this.next(); continue; }
      if (!this.isOp(close)) {
        const t = this.peek();
        throw syntaxError(this.src, t.pos, `expected ',' or '${close}' but found '${t.text || 'end of expression'}'`);
      }
    }
    this.next();
    return items;
  }

  private parsePostfix(node: Node): Node {
    for (;;) {
      if (this.isOp('.') || this.isOp('?.')) {
        const optional = this.next().text === '?.';
        if (optional && this.isOp('[')) { node = this.index(node, true); continue; }
        const name = this.next();
        if (name.kind !== 'id') throw syntaxError(this.src, name.pos, 'expected a field name after .');
        node = { k: 'member', obj: node, prop: { k: 'lit', v: name.text }, optional };
        if (this.isOp('(')) {
          this.next();
          node = { k: 'call', callee: node, args: this.list(')', () => this.parseExpr()) };
        }
        continue;
      }
      if (this.isOp('[')) { node = this.index(node, false); continue; }
      if (this.isOp('(') && node.k !== 'id') {
        this.next();
        node = { k: 'call', callee: node, args: this.list(')', () => this.parseExpr()) };
        continue;
      }
      return node;
    }
  }

  private index(obj: Node, optional: boolean): Node {
    this.expectOp('[');
    if (this.isOp(':')) {
      this.next();
      const to = this.isOp(']') ? undefined : this.parseExpr();
      this.expectOp(']');
      return to ? { k: 'slice', obj, to } : { k: 'slice', obj };
    }
    const first = this.parseExpr();
    if (this.isOp(':')) {
      this.next();
      const to = this.isOp(']') ? undefined : this.parseExpr();
      this.expectOp(']');
      return to ? { k: 'slice', obj, from: first, to } : { k: 'slice', obj, from: first };
    }
    this.expectOp(']');
    return { k: 'member', obj, prop: first, optional };
  }
}

function normalise(op: string): string {
  if (op === 'or') return '||';
  if (op === 'and') return '&&';
  if (op === '^') return '**';
  return op;
}
