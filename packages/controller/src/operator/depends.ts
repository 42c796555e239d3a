/**
 * DAG `depends` logic: `A && (B.Failed || !C.Succeeded)`, where a bare task
 * name means `A.Succeeded || A.Skipped || A.Daemoned`. Expressions are parsed
 * once per distinct text and cached; evaluation reads each dependency's
 * results through a callback so no scope object is built per task.
 */
import { OperatorError } from './types.js';

export interface TaskResults {
  Succeeded: boolean; Failed: boolean; Errored: boolean; Skipped: boolean; Omitted: boolean;
  Daemoned: boolean; AnySucceeded: boolean; AllFailed: boolean;
}
export type TaskResultKey = keyof TaskResults;
const KEYS: TaskResultKey[] = ['Succeeded', 'Failed', 'Errored', 'Skipped', 'Omitted', 'Daemoned', 'AnySucceeded', 'AllFailed'];

type Ast =
  | { k: 'ref'; task: string; prop?: TaskResultKey }
  | { k: 'not'; e: Ast }
  | { k: 'and' | 'or'; l: Ast; r: Ast };

export interface DependsExpr { tasks: string[]; ast: Ast; text: string }

const cache = new Map<string, DependsExpr>();

function tokenize(text: string): string[] {
  const toks = text.match(/&&|\|\||!|\(|\)|[A-Za-z0-9_\-.]+|\S/g) ?? [];
  return toks;
}

function parse(text: string): DependsExpr {
  const toks = tokenize(text);
  const tasks = new Set<string>();
  let i = 0;
  const fail = (): never => { throw new OperatorError('InvalidExpression', `invalid depends expression '${text}'`); };
  const primary = (): Ast => {
    const t = toks[i++];
    if (t === undefined) return fail();
    if (t === '!') return { k: 'not', e: primary() };
    if (t === '(') {
      const e = or();
      if (toks[i++] !== ')') fail();
      return e;
    }
    if (!/^[A-Za-z0-9_\-.]+$/.test(t)) fail();
    const dot = t.lastIndexOf('.');
    const prop = dot > 0 ? t.slice(dot + 1) : '';
    if (prop && (KEYS as string[]).includes(prop)) {
      tasks.add(t.slice(0, dot));
      return { k: 'ref', task: t.slice(0, dot), prop: prop as TaskResultKey };
    }
    tasks.add(t);
    return { k: 'ref', task: t };
  };
  const and = (): Ast => {
    let l = primary();
    while (toks[i] === '&&') { i++; l = { k: 'and', l, r: primary() }; }
    return l;
  };
  const or = (): Ast => {
    let l = and();
    while (toks[i] === '||') { i++; l = { k: 'or', l, r: and() }; }
    return l;
  };
  const ast = or();
  if (i < toks.length) fail();
  return { tasks: [...tasks], ast, text };
}

export function parseDepends(text: string): DependsExpr {
  let e = cache.get(text);
  if (!e) {
    e = parse(text);
    cache.set(text, e);
  }
  return e;
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
        return a.prop ? r[a.prop] : r.Succeeded || r.Skipped || r.Daemoned;
      }
    }
  };
  return ev(e.ast);
}
