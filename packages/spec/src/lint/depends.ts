/**
 * Parses a DAG task's `depends` expression (`A && (B.Succeeded || !C.Failed)`)
 * into the tasks and results it names. Evaluation is the controller's job;
 * the lint needs the names (to check they exist and to know each task's
 * ancestors) and a clear message for malformed text.
 */

export const TASK_RESULTS = [
  'Succeeded', 'Failed', 'Errored', 'Skipped', 'Omitted', 'Daemoned', 'AnySucceeded', 'AllFailed',
] as const;

/** Results that only make sense for a task that loops. */
export const ITEM_RESULTS = new Set(['AnySucceeded', 'AllFailed']);

export interface DependsRef {
  task: string;
  result?: string;
}

export type DependsParse = { ok: true; refs: DependsRef[] } | { ok: false; message: string };

type Token = { kind: 'op'; text: string } | { kind: 'ref'; text: string };

const TOKEN = /\s*(?:(&&|\|\||!|\(|\))|([A-Za-z0-9_][A-Za-z0-9_-]*(?:\.[A-Za-z0-9_]+)?))/y;

function tokenize(text: string): Token[] | string {
  const tokens: Token[] = [];
  TOKEN.lastIndex = 0;
  let pos = 0;
  while (pos < text.length) {
    if (/^\s*$/.test(text.slice(pos))) break;
    TOKEN.lastIndex = pos;
    const m = TOKEN.exec(text);
    if (!m) return `unexpected "${text.slice(pos).trim().slice(0, 20)}" at offset ${pos}`;
    tokens.push(m[1] ? { kind: 'op', text: m[1] } : { kind: 'ref', text: m[2] });
    pos = TOKEN.lastIndex;
  }
  return tokens;
}

/** Recursive descent over: or := and ('||' and)*; and := not ('&&' not)*; not := '!' not | '(' or ')' | ref. */
class Parser {
  private i = 0;
  readonly refs: DependsRef[] = [];
  constructor(private readonly tokens: Token[]) {}

  parse(): string | undefined {
    if (this.tokens.length === 0) return 'empty expression';
    const err = this.or();
    if (err) return err;
    if (this.i < this.tokens.length) return `unexpected "${this.tokens[this.i].text}"`;
    return undefined;
  }

  private peek(text: string): boolean {
    const t = this.tokens[this.i];
    return t !== undefined && t.kind === 'op' && t.text === text;
  }

  private or(): string | undefined {
    let err = this.and();
    while (!err && this.peek('||')) {
      this.i++;
      err = this.and();
    }
    return err;
  }

  private and(): string | undefined {
    let err = this.not();
    while (!err && this.peek('&&')) {
      this.i++;
      err = this.not();
    }
    return err;
  }

  private not(): string | undefined {
    const t = this.tokens[this.i];
    if (!t) return 'expression ends too early';
    this.i++;
    if (t.kind === 'op' && t.text === '!') return this.not();
    if (t.kind === 'op' && t.text === '(') {
      const err = this.or();
      if (err) return err;
      if (!this.peek(')')) return 'missing ")"';
      this.i++;
      return undefined;
    }
    if (t.kind === 'op') return `unexpected "${t.text}"`;
    const [task, result] = t.text.split('.');
    if (result !== undefined && !(TASK_RESULTS as readonly string[]).includes(result)) {
      return `unknown result "${result}" for task "${task}": use one of ${TASK_RESULTS.join(', ')}`;
    }
    this.refs.push(result === undefined ? { task } : { task, result });
    return undefined;
  }
}

export function parseDepends(text: string): DependsParse {
  const tokens = tokenize(text);
  if (typeof tokens === 'string') return { ok: false, message: tokens };
  const parser = new Parser(tokens);
  const err = parser.parse();
  return err ? { ok: false, message: err } : { ok: true, refs: parser.refs };
}
