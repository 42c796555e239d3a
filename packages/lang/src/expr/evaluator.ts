/**
 * Tree-walking evaluator for expr-lang. Nil-safe where Argo users rely on it:
 * a missing map key is nil, a member of nil is nil (so `a.b.c ?? 'x'` works),
 * while type mismatches (`'a' + 1`, `!'x'`) are errors as in expr-lang.
 */
import type { Node } from './ast.js';
import { callBuiltin, callPredicate, isBuiltin } from './builtins.js';
import { asBool, type EvalContext, type ExprRuntime } from './context.js';
import { ExprError, evalError, typeError } from './errors.js';
import { sprigFor } from './sprig.js';
import { compare, deepEqual, isMap, typeName, type Fn } from './values.js';
import { Duration } from '../time/duration.js';
import { regexMatch } from '../regex/go-regexp.js';
import { formatGoTime } from '../time/gotime.js';

export function evaluate(node: Node, env: Record<string, unknown>, runtime: ExprRuntime): unknown {
  return ev(node, { env, frames: [], lets: new Map(), runtime, ev });
}

export function ev(n: Node, cx: EvalContext): unknown {
  switch (n.k) {
    case 'lit': return n.v;
    case 'id': return lookup(n.name, cx);
    case 'ptr': return pointer(n.name, cx);
    case 'member': return member(ev(n.obj, cx), ev(n.prop, cx));
    case 'slice': return slice(ev(n.obj, cx), n.from && ev(n.from, cx), n.to && ev(n.to, cx));
    case 'call': return call(n, cx);
    case 'unary': return unary(n.op, ev(n.x, cx));
    case 'binary': return binary(n.op, n.l, n.r, cx);
    case 'cond': return asBool(ev(n.c, cx), '?:') ? ev(n.t, cx) : ev(n.f, cx);
    case 'array': return n.items.map((x) => ev(x, cx));
    case 'map': {
      const out: Record<string, unknown> = {};
      for (const [k, v] of n.entries) out[String(ev(k, cx))] = ev(v, cx);
      return out;
    }
    case 'closure': throw evalError('a predicate can only be used as an argument of a built-in such as filter or map');
    case 'let': {
      const lets = new Map(cx.lets);
      lets.set(n.name, ev(n.value, cx));
      return ev(n.body, { ...cx, lets });
    }
    default: throw evalError('unknown syntax node');
  }
}

function lookup(name: string, cx: EvalContext): unknown {
  if (cx.lets.has(name)) return cx.lets.get(name);
  if (Object.hasOwn(cx.env, name)) return cx.env[name] ?? null;
  if (name === 'sprig') return sprigFor(cx.runtime);
  throw new ExprError('UnknownName', `unknown name ${name}`, name);
}

function pointer(name: string, cx: EvalContext): unknown {
  const f = cx.frames[cx.frames.length - 1];
  if (!f) throw evalError(`#${name} can only be used inside a predicate`);
  if (name === '') return f.item;
  if (name === 'index') return f.index;
  if (name === 'acc') return f.acc ?? null;
  throw evalError(`unknown pointer #${name}`);
}

export function member(obj: unknown, prop: unknown): unknown {
  if (obj === null || obj === undefined) return null;
  if (Array.isArray(obj) || typeof obj === 'string') {
    if (typeof prop !== 'number' || !Number.isInteger(prop)) throw typeError(`cannot index ${typeName(obj)} with ${typeName(prop)}`);
    const i = prop < 0 ? obj.length + prop : prop;
    if (i < 0 || i >= obj.length) throw evalError(`index out of range: ${prop} (array of length ${obj.length})`);
    return obj[i];
  }
  if (obj instanceof Date || obj instanceof Duration) return timeMethod(obj, String(prop));
  if (isMap(obj)) {
    const key = String(prop);
    return Object.hasOwn(obj, key) ? obj[key] ?? null : null;
  }
  throw typeError(`cannot fetch ${String(prop)} from ${typeName(obj)}`);
}

function slice(obj: unknown, from: unknown, to: unknown): unknown {
  if (!Array.isArray(obj) && typeof obj !== 'string') throw typeError(`cannot slice ${typeName(obj)}`);
  const len = obj.length;
  const norm = (v: unknown, dflt: number): number => {
    if (v === undefined) return dflt;
    if (typeof v !== 'number') throw typeError(`slice bounds must be integers, got ${typeName(v)}`);
    return Math.min(Math.max(v < 0 ? len + v : v, 0), len);
  };
  return obj.slice(norm(from, 0), norm(to, len));
}

function call(n: Extract<Node, { k: 'call' }>, cx: EvalContext): unknown {
  if (n.callee.k === 'id') {
    const name = n.callee.name;
    const own = cx.lets.get(name) ?? (Object.hasOwn(cx.env, name) ? cx.env[name] : undefined);
    if (typeof own === 'function') return (own as Fn)(...n.args.map((a) => ev(a, cx)));
    if (n.args[1]?.k === 'closure') return callPredicate(name, n.args, cx);
    if (isBuiltin(name)) return callBuiltin(name, n.args.map((a) => ev(a, cx)), cx.runtime);
    throw new ExprError('UnknownName', `unknown function ${name}()`, name);
  }
  const fn = ev(n.callee, cx);
  if (typeof fn !== 'function') throw typeError(`${describe(n.callee)} is not a function`);
  return (fn as Fn)(...n.args.map((a) => ev(a, cx)));
}

function describe(n: Node): string {
  if (n.k === 'member' && n.prop.k === 'lit') return `${describe(n.obj)}.${String(n.prop.v)}`;
  if (n.k === 'id') return n.name;
  return 'value';
}

function unary(op: string, x: unknown): unknown {
  if (op === '!') return !asBool(x, '!');
  if (x instanceof Duration) return op === '-' ? new Duration(-x.ns) : x;
  if (typeof x !== 'number') throw typeError(`invalid operation: ${op}${typeName(x)}`);
  return op === '-' ? -x : x;
}

function binary(op: string, ln: Node, rn: Node, cx: EvalContext): unknown {
  // Short-circuit operators evaluate their right side only when needed.
  if (op === '&&') return asBool(ev(ln, cx), '&&') && asBool(ev(rn, cx), '&&');
  if (op === '||') return asBool(ev(ln, cx), '||') || asBool(ev(rn, cx), '||');
  if (op === '??') { const l = ev(ln, cx); return l === null || l === undefined ? ev(rn, cx) : l; }
  if (op === '?:') { const l = ev(ln, cx); return truthy(l) ? l : ev(rn, cx); }
  const l = ev(ln, cx);
  const r = ev(rn, cx);
  switch (op) {
    case '==': return deepEqual(l, r);
    case '!=': return !deepEqual(l, r);
    case '<': return compare(op, l, r) < 0;
    case '>': return compare(op, l, r) > 0;
    case '<=': return compare(op, l, r) <= 0;
    case '>=': return compare(op, l, r) >= 0;
    case 'in': return contains(r, l);
    case 'matches': return regexMatch(str(r, op), str(l, op));
    case 'contains': return str(l, op).includes(str(r, op));
    case 'startsWith': return str(l, op).startsWith(str(r, op));
    case 'endsWith': return str(l, op).endsWith(str(r, op));
    case '..': return range(l, r);
    default: return arithmetic(op, l, r);
  }
}

function truthy(v: unknown): boolean {
  if (v === null || v === undefined || v === false || v === 0 || v === '') return false;
  if (Array.isArray(v)) return v.length > 0;
  if (isMap(v)) return Object.keys(v).length > 0;
  return true;
}

function str(v: unknown, op: string): string {
  if (typeof v !== 'string') throw typeError(`invalid operation: ${op} on ${typeName(v)} (expected string)`);
  return v;
}

function contains(container: unknown, needle: unknown): boolean {
  if (Array.isArray(container)) return container.some((x) => deepEqual(x, needle));
  if (isMap(container)) return Object.hasOwn(container, String(needle));
  if (container === null || container === undefined) return false;
  throw typeError(`invalid operation: in ${typeName(container)}`);
}

function range(l: unknown, r: unknown): number[] {
  if (!Number.isInteger(l) || !Number.isInteger(r)) throw typeError(`invalid operation: ${typeName(l)}..${typeName(r)} (expected int)`);
  const out: number[] = [];
  for (let i = l as number; i <= (r as number); i++) out.push(i);
  return out;
}

function arithmetic(op: string, l: unknown, r: unknown): unknown {
  if (typeof l === 'number' && typeof r === 'number') {
    switch (op) {
      case '+': return l + r;
      case '-': return l - r;
      case '*': return l * r;
      case '/': if (r === 0 && Number.isInteger(l)) throw evalError('integer divide by zero'); return l / r;
      case '%':
        if (!Number.isInteger(l) || !Number.isInteger(r)) throw typeError(`invalid operation: % on ${typeName(l)} and ${typeName(r)}`);
        if (r === 0) throw evalError('integer divide by zero');
        return l % r;
      case '**': return l ** r;
      default: break;
    }
  }
  if (op === '+' && typeof l === 'string' && typeof r === 'string') return l + r;
  if (op === '+' && Array.isArray(l) && Array.isArray(r)) return [...l, ...r];
  const time = timeArithmetic(op, l, r);
  if (time !== undefined) return time;
  throw typeError(`invalid operation: ${typeName(l)} ${op} ${typeName(r)}`);
}

function timeArithmetic(op: string, l: unknown, r: unknown): unknown {
  if (l instanceof Date && r instanceof Duration && (op === '+' || op === '-')) return new Date(l.getTime() + (op === '+' ? 1 : -1) * r.ns / 1e6);
  if (l instanceof Duration && r instanceof Date && op === '+') return new Date(r.getTime() + l.ns / 1e6);
  if (l instanceof Date && r instanceof Date && op === '-') return new Duration((l.getTime() - r.getTime()) * 1e6);
  if (l instanceof Duration && r instanceof Duration && (op === '+' || op === '-')) return new Duration(op === '+' ? l.ns + r.ns : l.ns - r.ns);
  if (l instanceof Duration && typeof r === 'number' && op === '*') return new Duration(l.ns * r);
  return undefined;
}

/** The Go methods of time.Time and time.Duration that expressions call. */
function timeMethod(v: Date | Duration, name: string): unknown {
  if (v instanceof Duration) {
    const d: Record<string, Fn> = {
      Hours: () => v.ns / 3600e9, Minutes: () => v.ns / 60e9, Seconds: () => v.ns / 1e9,
      Milliseconds: () => Math.trunc(v.ns / 1e6), Nanoseconds: () => v.ns, String: () => v.toString(),
    };
    if (d[name]) return d[name];
    throw typeError(`type time.Duration has no method ${name}`);
  }
  const t: Record<string, Fn> = {
    Year: () => v.getUTCFullYear(), Month: () => v.getUTCMonth() + 1, Day: () => v.getUTCDate(),
    Hour: () => v.getUTCHours(), Minute: () => v.getUTCMinutes(), Second: () => v.getUTCSeconds(),
    Weekday: () => v.getUTCDay(), Unix: () => Math.floor(v.getTime() / 1000), UnixMilli: () => v.getTime(),
    Format: (layout) => formatGoTime(v, String(layout)), UTC: () => v, Local: () => v, String: () => v.toISOString(),
    Add: (d) => new Date(v.getTime() + (d as Duration).ns / 1e6),
    Sub: (o) => new Duration((v.getTime() - (o as Date).getTime()) * 1e6),
    Before: (o) => v.getTime() < (o as Date).getTime(), After: (o) => v.getTime() > (o as Date).getTime(),
    Equal: (o) => v.getTime() === (o as Date).getTime(), IsZero: () => v.getTime() === Date.UTC(1, 0, 1),
  };
  if (t[name]) return t[name];
  throw typeError(`type time.Time has no method ${name}`);
}
