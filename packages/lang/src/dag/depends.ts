/**
 * DAG `depends` logic, parsed once for the lint and the operator alike:
 * `A && (B.Failed || !C.Succeeded)`, where a bare task name means
 * `A.Succeeded || A.Skipped || A.Daemoned`. A result after the dot must be
 * one of Argo's task results (Argo's validation rejects `a.Bogus` with
 * "task result ... is invalid"), so `a.b.Succeeded` is an error rather than a
 * reference to a task named `a.b`. Parses are cached per distinct text;
 * evaluation reads each dependency's results through a callback.
 */

export const TASK_RESULTS = [
  'Succeeded', 'Failed', 'Errored', 'Skipped', 'Omitted', 'Daemoned', 'AnySucceeded', 'AllFailed',
] as const;
export type TaskResultKey = (typeof TASK_RESULTS)[number];
export type TaskResults = Record<TaskResultKey, boolean>;

/** Results that only make sense for a task that loops. */
export const ITEM_RESULTS: ReadonlySet<string> = new Set<TaskResultKey>(['AnySucceeded', 'AllFailed']);

export interface DependsRef {
  task: string;
  result?: TaskResultKey;
}

type Ast =
  | { k: 'ref'; task: string; result?: TaskResultKey }
  | { k: 'not'; e: Ast }
  | { k: 'and' | 'or'; l: Ast; r: Ast };

export interface DependsExpr {
  text: string;
  /** Every reference in source order (a task may appear more than once). */
  refs: DependsRef[];
  /** The distinct tasks named, in first-mention order. */
  tasks: string[];
  ast: Ast;
}

export type DependsParse = { ok: true; expr: DependsExpr } | { ok: false; message: string };

type Token = { kind: 'op'; text: string } | { kind: 'ref'; text: string };

const TOKEN = /\s*(?:(&&|\|\||!|\(|\))|([A-Za-z0-9_][A-Za-z0-9_-]*(?:\.[A-Za-z0-9_]+)*))/y;

function tokenize(text: string): Token[] | string {
  const tokens: Token[] = [];
  let pos = 0;
  while (pos < text.length) {
    if (/^\s*$/.test(text.slice(pos))) break;
    TOKEN.lastIndex = pos;
    const m = TOKEN.exec(text);
    if (!m) return `unexpected "${text.slice(pos).trim().slice(0, 20)}" at offset ${pos}`;
    tokens.push(m[1] ? { kind: 'op', text: m[1] } : { kind: 'ref', text: m[2]! });
    pos = TOKEN.lastIndex;
  }
  return tokens;
}

class ParseFailure {
  constructor(readonly message: string) {}
}

/** Recursive descent over: or := and ('||' and)*; and := not ('&&' not)*; not := '!' not | '(' or ')' | ref. */
class Parser {
  private i = 0;
  readonly refs: DependsRef[] = [];
  constructor(private readonly tokens: Token[]) {}

  parse(): Ast {
    if (this.tokens.length === 0) throw new ParseFailure('empty expression');
    const ast = this.or();
    if (this.i < this.tokens.length) throw new ParseFailure(`unexpected "${this.tokens[this.i]!.text}"`);
    return ast;
  }

  private peek(text: string): boolean {
    const t = this.tokens[this.i];
    return t !== undefined && t.kind === 'op' && t.text === text;
  }

  private or(): Ast {
    let l = this.and();
    while (this.peek('||')) { this.i++; l = { k: 'or', l, r: this.and() }; }
    return l;
  }

  private and(): Ast {
    let l = this.not();
    while (this.peek('&&')) { this.i++; l = { k: 'and', l, r: this.not() }; }
    return l;
  }

  private not(): Ast {
    const t = this.tokens[this.i];
    if (!t) throw new ParseFailure('expression ends too early');
    this.i++;
    if (t.kind === 'op' && t.text === '!') return { k: 'not', e: this.not() };
    if (t.kind === 'op' && t.text === '(') {
      const e = this.or();
      if (!this.peek(')')) throw new ParseFailure('missing ")"');
      this.i++;
      return e;
    }
    if (t.kind === 'op') throw new ParseFailure(`unexpected "${t.text}"`);
    const [task, result, ...rest] = t.text.split('.') as [string, string | undefined, ...string[]];
    if (result === undefined) {
      this.refs.push({ task });
      return { k: 'ref', task };
    }
    if (!(TASK_RESULTS as readonly string[]).includes(result)) {
      throw new ParseFailure(`unknown result "${result}" for task "${task}": use one of ${TASK_RESULTS.join(', ')}`);
    }
    if (rest.length) throw new ParseFailure(`unexpected ".${rest.join('.')}" after "${task}.${result}"`);
    this.refs.push({ task, result: result as TaskResultKey });
    return { k: 'ref', task, result: result as TaskResultKey };
  }
}

const cache = new Map<string, DependsParse>();

function parseUncached(text: string): DependsParse {
  const tokens = tokenize(text);
  if (typeof tokens === 'string') return { ok: false, message: tokens };
  const parser = new Parser(tokens);
  try {
    const ast = parser.parse();
    const tasks = [...new Set(parser.refs.map((r) => r.task))];
    return { ok: true, expr: { text, refs: parser.refs, tasks, ast } };
  } catch (e) {
    if (e instanceof ParseFailure) return { ok: false, message: e.message };
    throw e;
  }
}

/** Parses a `depends` expression; the answer for each distinct text is computed once. */
export function parseDepends(text: string): DependsParse {
  let r = cache.get(text);
  if (!r) {
    r = parseUncached(text);
    if (cache.size > 10_000) cache.clear();
    cache.set(text, r);
  }
  return r;
}

/** `dependencies: [A, B]` as a depends expression, honouring each dependency's continueOn. */
export function dependenciesToDepends(deps: string[], continueOn: (task: string) => { failed?: boolean; error?: boolean } | undefined): string {
  return deps
    .map((d) => {
      const c = continueOn(d);
      const parts = [`${d}.Succeeded`, `${d}.Skipped`, `${d}.Daemoned`];
      if (c?.failed) parts.push(`${d}.Failed`);
      if (c?.error) parts.push(`${d}.Errored`);
      return `(${parts.join(' || ')})`;
    })
    .join(' && ');
}

export function evalDepends(e: DependsExpr, results: (task: string) => TaskResults): boolean {
  const ev = (a: Ast): boolean => {
    switch (a.k) {
      case 'not': return !ev(a.e);
      case 'and': return ev(a.l) && ev(a.r);
      case 'or': return ev(a.l) || ev(a.r);
      default: {
        const r = results(a.task);
        return a.result ? r[a.result] : r.Succeeded || r.Skipped || r.Daemoned;
      }
    }
  };
  return ev(e.ast);
}
