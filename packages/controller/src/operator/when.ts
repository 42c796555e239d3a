/**
 * `when` conditions, evaluated after substitution with govaluate's rules:
 * bare words are strings (`heads == heads`), numbers compare numerically,
 * `== != < > <= >= =~ !~ && || !` and parentheses. This is the operator's
 * own small evaluator; the template module's richer one can replace it
 * behind `evaluateWhen`.
 */
import { OperatorError } from './types.js';

type Value = string | number | boolean;
interface Tok { kind: 'val' | 'op' | 'lp' | 'rp'; v: Value }

const OPS = ['&&', '||', '==', '!=', '<=', '>=', '=~', '!~', '<', '>', '!'];

function tokenize(src: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (/\s/.test(c)) { i++; continue; }
    if (c === '(') { out.push({ kind: 'lp', v: c }); i++; continue; }
    if (c === ')') { out.push({ kind: 'rp', v: c }); i++; continue; }
    const op = OPS.find((o) => src.startsWith(o, i));
    if (op) { out.push({ kind: 'op', v: op }); i += op.length; continue; }
    if (c === '"' || c === "'" || c === '`') {
      const end = src.indexOf(c, i + 1);
      if (end < 0) throw new OperatorError('InvalidExpression', `unterminated string in '${src}'`);
      out.push({ kind: 'val', v: src.slice(i + 1, end) });
      i = end + 1;
      continue;
    }
    let j = i;
    while (j < src.length && !/[\s()]/.test(src[j]!) && !OPS.some((o) => o !== '!' && src.startsWith(o, j)) && !(src[j] === '!' && src[j + 1] === '=')) j++;
    const word = src.slice(i, j);
    const num = Number(word);
    if (word === 'true' || word === 'false') out.push({ kind: 'val', v: word === 'true' });
    else if (word !== '' && !Number.isNaN(num) && /^[-+]?[\d.]/.test(word)) out.push({ kind: 'val', v: num });
    else out.push({ kind: 'val', v: word });
    i = j;
  }
  return out;
}

function compare(op: string, a: Value, b: Value): boolean {
  if (op === '=~' || op === '!~') {
    const m = new RegExp(String(b)).test(String(a));
    return op === '=~' ? m : !m;
  }
  const bothNum = typeof a === 'number' && typeof b === 'number';
  const x = bothNum ? a : String(a);
  const y = bothNum ? b : String(b);
  switch (op) {
    case '==': return x === y;
    case '!=': return x !== y;
    case '<': return x < y;
    case '>': return x > y;
    case '<=': return x <= y;
    default: return x >= y;
  }
}

class Parser {
  private i = 0;
  constructor(private readonly toks: Tok[], private readonly src: string) {}
  parse(): Value {
    const v = this.or();
    if (this.i < this.toks.length) this.fail();
    return v;
  }
  private fail(): never {
    throw new OperatorError('InvalidExpression', `invalid when expression '${this.src}': try wrapping the affected expression in quotes`);
  }
  private peekOp(...ops: string[]): string | undefined {
    const t = this.toks[this.i];
    return t?.kind === 'op' && ops.includes(t.v as string) ? (t.v as string) : undefined;
  }
  private or(): Value {
    let l = this.and();
    while (this.peekOp('||')) { this.i++; const r = this.and(); l = truthy(l) || truthy(r); }
    return l;
  }
  private and(): Value {
    let l = this.cmp();
    while (this.peekOp('&&')) { this.i++; const r = this.cmp(); l = truthy(l) && truthy(r); }
    return l;
  }
  private cmp(): Value {
    const l = this.unary();
    const op = this.peekOp('==', '!=', '<', '>', '<=', '>=', '=~', '!~');
    if (!op) return l;
    this.i++;
    return compare(op, l, this.unary());
  }
  private unary(): Value {
    if (this.peekOp('!')) { this.i++; return !truthy(this.unary()); }
    const t = this.toks[this.i++];
    if (!t) this.fail();
    if (t.kind === 'lp') {
      const v = this.or();
      if (this.toks[this.i++]?.kind !== 'rp') this.fail();
      return v;
    }
    if (t.kind !== 'val') this.fail();
    return t.v;
  }
}

function truthy(v: Value): boolean {
  if (typeof v === 'boolean') return v;
  throw new OperatorError('InvalidExpression', `value '${v}' is not a boolean`);
}

/** Evaluates a substituted `when`; throws OperatorError('InvalidExpression') on bad syntax. */
export function evaluateWhen(expr: string): boolean {
  const v = new Parser(tokenize(expr), expr).parse();
  if (typeof v !== 'boolean') throw new OperatorError('InvalidExpression', `when '${expr}' is not a boolean expression`);
  return v;
}
