/**
 * Expression environments from a lookup function. A workflow with 10,000
 * tasks must not expand 10,000 tasks' variables for every `{{=...}}`, so the
 * expression is read first and only the dotted names it mentions
 * (`tasks['a'].outputs.result` → `tasks.a.outputs.result`) are looked up.
 */
import type { ExprNode as Node } from '@argo-ts/lang';
import { ABSENT } from './scope.js';

/** Resolves a flat variable name; undefined when unknown. */
export type ScopeLookup = (name: string) => unknown;

/** Roots that stay defined (as empty maps) even when nothing under them resolves, so `?? 'x'` sees nil. */
const CONTAINER_ROOTS = new Set(['steps', 'tasks', 'inputs', 'outputs', 'workflow', 'pod', 'node', 'cronworkflow']);

function chainOf(n: Node): string[] | undefined {
  if (n.k === 'id') return [n.name];
  if (n.k === 'member' && n.prop.k === 'lit' && (typeof n.prop.v === 'string' || typeof n.prop.v === 'number')) {
    const base = chainOf(n.obj);
    return base && [...base, String(n.prop.v)];
  }
  return undefined;
}

/** Maximal static name chains mentioned by the expression. */
export function referencedChains(root: Node): string[][] {
  const out: string[][] = [];
  const visit = (n: Node): void => {
    const c = n.k === 'id' || n.k === 'member' ? chainOf(n) : undefined;
    if (c) { out.push(c); return; }
    switch (n.k) {
      case 'member': visit(n.obj); visit(n.prop); break;
      case 'slice': visit(n.obj); if (n.from) visit(n.from); if (n.to) visit(n.to); break;
      case 'call': if (n.callee.k !== 'id') visit(n.callee); n.args.forEach(visit); break;
      case 'unary': visit(n.x); break;
      case 'binary': visit(n.l); visit(n.r); break;
      case 'cond': visit(n.c); visit(n.t); visit(n.f); break;
      case 'array': n.items.forEach(visit); break;
      case 'map': n.entries.forEach(([k, v]) => { visit(k); visit(v); }); break;
      case 'closure': visit(n.body); break;
      case 'let': visit(n.value); visit(n.body); break;
      default: break;
    }
  };
  visit(root);
  return out;
}

function place(env: Record<string, unknown>, path: string[], value: unknown): void {
  let node = env;
  for (const part of path.slice(0, -1)) {
    const next = node[part];
    if (typeof next !== 'object' || next === null || Array.isArray(next)) node[part] = {};
    node = node[part] as Record<string, unknown>;
  }
  const leaf = path[path.length - 1]!;
  if (node[leaf] === undefined) node[leaf] = value;
}

/**
 * Builds the env for one expression: for each chain, a raw (non-string) value
 * at the shortest prefix wins (a map `item`), else the value of the longest
 * prefix that resolves (`inputs.parameters.x` rather than the JSON summary).
 */
export function envFromLookup(root: Node, lookup: ScopeLookup): Record<string, unknown> {
  const env: Record<string, unknown> = {};
  for (const chain of referencedChains(root)) {
    // `sprig.fn(...)` names the helper library, never a variable.
    if (chain[0] === 'sprig') continue;
    let chosen: [number, unknown] | undefined;
    for (let k = 1; k <= chain.length; k++) {
      const v = lookup(chain.slice(0, k).join('.'));
      if (v === undefined) continue;
      if (typeof v === 'object' && v !== null) { chosen = [k, v]; break; }
      chosen = [k, v];
    }
    if (chosen) place(env, chain.slice(0, chosen[0]), chosen[1] === ABSENT ? null : chosen[1]);
    else if (CONTAINER_ROOTS.has(chain[0]!) && env[chain[0]!] === undefined) env[chain[0]!] = {};
  }
  return env;
}
