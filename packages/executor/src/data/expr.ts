/**
 * The slice of expr-lang that data templates use: `filter(data, {…})` and
 * `map(data, {…})` over the listed keys, with `#` as the element, string
 * operators (`endsWith`, `startsWith`, `contains`, `matches`, `in`, `+`,
 * `==`, `!=`), boolean `&&`/`and`, `||`/`or`, `!`/`not`, and a few string
 * functions. Anything else is a clear error, not a guess.
 */
import { ExecutorError } from '../errors.js';

type Node =
  | { t: 'lit'; v: unknown }
  | { t: 'var'; name: string }
  | { t: 'elem' }
  | { t: 'call'; name: string; args: Node[] }
  | { t: 'closure'; body: Node }
  | { t: 'un'; op: string; x: Node }
  | { t: 'bin'; op: string; l: Node; r: Node };

const TOKEN = /\s*(?:(\d+(?:\.\d+)?)|("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')|(&&|\|\||==|!=|[-+(){},!#])|([A-Za-z_]\w*))/y;

function tokenize(src: string): string[] {
  const out: string[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < src.length) {
    if (/^\s*$/.test(src.slice(TOKEN.lastIndex))) break;
    const at = TOKEN.lastIndex;
    const m = TOKEN.exec(src);
    if (!m) throw new ExecutorError('Data', `expression "${src}": unexpected character at ${at}: "${src.slice(at, at + 10)}"`);
    out.push(m[1] ?? m[2] ?? m[3] ?? m[4]!);
  }
  return out;
}

const BINARY: Record<string, number> = {
  '||': 1, or: 1, '&&': 2, and: 2, '==': 3, '!=': 3, endsWith: 3, startsWith: 3, contains: 3, matches: 3, in: 3, '+': 4,
};

export function parseExpr(src: string): Node {
  const toks = tokenize(src);
  let i = 0;
  const fail = (msg: string): never => { throw new ExecutorError('Data', `expression "${src}": ${msg}`); };
  const expect = (tok: string) => { if (toks[i] !== tok) fail(`expected "${tok}" but found "${toks[i] ?? 'end'}"`); i++; };
  function primary(): Node {
    const tok = toks[i++];
    if (tok === undefined) return fail('unexpected end');
    if (tok === '(') { const e = binary(0); expect(')'); return e; }
    if (tok === '{') { const body = binary(0); expect('}'); return { t: 'closure', body }; }
    if (tok === '!' || tok === 'not') return { t: 'un', op: '!', x: primary() };
    if (tok === '#') return { t: 'elem' };
    if (/^\d/.test(tok)) return { t: 'lit', v: Number(tok) };
    if (tok.startsWith('"') || tok.startsWith("'")) return { t: 'lit', v: tok.slice(1, -1).replace(/\\(.)/g, '$1') };
    if (tok === 'true' || tok === 'false') return { t: 'lit', v: tok === 'true' };
    if (/^[A-Za-z_]/.test(tok)) {
      if (toks[i] !== '(') return { t: 'var', name: tok };
      i++;
      const args: Node[] = [];
      while (toks[i] !== ')') { args.push(binary(0)); if (toks[i] === ',') i++; else if (toks[i] !== ')') fail('expected "," or ")"'); }
      i++;
      return { t: 'call', name: tok, args };
    }
    return fail(`unexpected "${tok}"`);
  }
  function binary(minPrec: number): Node {
    let left = primary();
    for (;;) {
      const op = toks[i];
      const prec = op === undefined ? undefined : BINARY[op];
      if (prec === undefined || prec < minPrec) return left;
      i++;
      left = { t: 'bin', op, l: left, r: binary(prec + 1) } as Node;
    }
  }
  const e = binary(0);
  if (i < toks.length) fail(`unexpected "${toks[i]}"`);
  return e;
}

const str = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));

const FUNCS: Record<string, (args: unknown[]) => unknown> = {
  len: ([x]) => (Array.isArray(x) || typeof x === 'string' ? x.length : 0),
  upper: ([x]) => str(x).toUpperCase(),
  lower: ([x]) => str(x).toLowerCase(),
  trim: ([x]) => str(x).trim(),
  trimPrefix: ([x, p]) => (str(x).startsWith(str(p)) ? str(x).slice(str(p).length) : str(x)),
  trimSuffix: ([x, s]) => (str(x).endsWith(str(s)) ? str(x).slice(0, -str(s).length || undefined) : str(x)),
  split: ([x, sep]) => str(x).split(str(sep)),
  string: ([x]) => str(x),
};

export function evaluate(node: Node, env: { data: unknown; elem?: unknown }): unknown {
  switch (node.t) {
    case 'lit': return node.v;
    case 'elem': return env.elem;
    case 'var':
      if (node.name === 'data') return env.data;
      throw new ExecutorError('Data', `expression: unknown variable "${node.name}" (only "data" and "#" exist here)`);
    case 'closure': return evaluate(node.body, env);
    case 'un': return !evaluate(node.x, env);
    case 'bin': {
      if (node.op === '&&' || node.op === 'and') return Boolean(evaluate(node.l, env)) && Boolean(evaluate(node.r, env));
      if (node.op === '||' || node.op === 'or') return Boolean(evaluate(node.l, env)) || Boolean(evaluate(node.r, env));
      const l = evaluate(node.l, env);
      const r = evaluate(node.r, env);
      switch (node.op) {
        case '==': return str(l) === str(r);
        case '!=': return str(l) !== str(r);
        case '+': return typeof l === 'number' && typeof r === 'number' ? l + r : str(l) + str(r);
        case 'endsWith': return str(l).endsWith(str(r));
        case 'startsWith': return str(l).startsWith(str(r));
        case 'contains': return str(l).includes(str(r));
        case 'matches': return new RegExp(str(r)).test(str(l));
        case 'in': return Array.isArray(r) ? r.map(str).includes(str(l)) : str(r).includes(str(l));
      }
      throw new ExecutorError('Data', `expression: unknown operator "${node.op}"`);
    }
    case 'call': {
      if (node.name === 'filter' || node.name === 'map') {
        const [listNode, fn] = node.args;
        const list = listNode ? evaluate(listNode, env) : undefined;
        if (!Array.isArray(list) || !fn) throw new ExecutorError('Data', `expression: ${node.name}(list, {…}) needs a list and a closure`);
        return node.name === 'filter'
          ? list.filter((elem) => Boolean(evaluate(fn, { ...env, elem })))
          : list.map((elem) => evaluate(fn, { ...env, elem }));
      }
      const f = FUNCS[node.name];
      if (!f) throw new ExecutorError('Data', `expression: function "${node.name}" is not supported here (supported: filter, map, ${Object.keys(FUNCS).join(', ')})`);
      return f(node.args.map((a) => evaluate(a, env)));
    }
  }
}

/** Applies each transformation in order; each sees the previous one's result as `data`. */
export function transform(data: unknown, expressions: string[]): unknown {
  return expressions.reduce((acc, e) => evaluate(parseExpr(e), { data: acc }), data);
}
