/**
 * Variable substitution over a template (or any JSON-like value): every string
 * is rewritten in place, keys are left alone. Values are inserted as text into
 * the string that holds the tag, so quotes and newlines in a parameter can
 * never break the structure around them (Argo rewrites serialised JSON instead).
 */
import { ExprError, evaluateExpression, hasTags, parseExpression, scanTags, toJsonText, type ExprRuntime } from '@argo-ts/lang';
import { TemplateError } from './errors.js';
import { envFromLookup, type ScopeLookup } from './lazy-env.js';
import { ABSENT, expandScope, isArgoTag, type Scope } from './scope.js';

/** Variables as a flat map, or as a lookup function (cheap for very large workflows). */
export type ScopeSource = Scope | ScopeLookup;

export interface SubstituteOptions {
  /** Clock and randomness for `{{=...}}` expressions (the operator's `now`). */
  runtime: ExprRuntime;
  /**
   * Leave tags that cannot be resolved yet verbatim (Argo-prefixed ones and
   * failing expressions). A function decides per simple-tag name (true keeps
   * it verbatim, false makes it an error) and makes expression failures errors.
   */
  allowUnresolved?: boolean | ((name: string) => boolean);
  /** Also fail on unknown tags without an Argo prefix (lint); default leaves them verbatim. */
  strict?: boolean;
}

interface Ctx {
  scope: ScopeSource;
  opts: SubstituteOptions;
  env?: Record<string, unknown>;
}

/** Returns a copy of `value` with every tag in every string replaced; `value` itself is not modified. */
export function substitute<T>(value: T, scope: ScopeSource, opts: SubstituteOptions): T {
  return walk(value, { scope, opts }) as T;
}

/** Substitutes one string. */
export function substituteString(s: string, scope: ScopeSource, opts: SubstituteOptions): string {
  return replaceTags(s, { scope, opts });
}

function walk(v: unknown, cx: Ctx): unknown {
  if (typeof v === 'string') return hasTags(v) ? replaceTags(v, cx) : v;
  if (Array.isArray(v)) return v.map((x) => walk(x, cx));
  if (typeof v === 'object' && v !== null && !(v instanceof Date)) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = walk(x, cx);
    return out;
  }
  return v;
}

function replaceTags(s: string, cx: Ctx): string {
  let out = '';
  for (const p of scanTags(s)) {
    if (p.kind === 'text') out += p.text;
    else if (p.kind === 'simple') out += simpleTag(p.name, p.raw, cx);
    else out += expressionTag(p.expr, p.raw, cx);
  }
  return out;
}

function simpleTag(name: string, raw: string, cx: Ctx): string {
  const v = typeof cx.scope === 'function' ? cx.scope(name) : Object.hasOwn(cx.scope, name) ? cx.scope[name] : undefined;
  if (v !== undefined) {
    if (v === ABSENT) {
      throw new TemplateError('AbsentOptional', raw, `${raw} refers to an absent optional output (its producer was skipped or omitted and declares no default)`);
    }
    return formatValue(v);
  }
  const allow = cx.opts.allowUnresolved;
  if (isArgoTag(name) ? (typeof allow === 'function' ? allow(name) : allow) : !cx.opts.strict) return raw;
  throw new TemplateError('UnresolvedVariable', raw, `failed to resolve ${raw}`);
}

function expressionTag(expr: string, raw: string, cx: Ctx): string {
  let result: unknown;
  try {
    result = evaluateExpression(expr, envFor(expr, cx), cx.opts.runtime);
  } catch (e) {
    if (cx.opts.allowUnresolved === true) return raw;
    const why = e instanceof ExprError ? e.message : String(e);
    throw new TemplateError('ExpressionFailed', raw, `failed to evaluate expression ${oneLine(raw)}: ${why}`);
  }
  if (result === null || result === undefined) {
    if (cx.opts.allowUnresolved === true) return raw;
    throw new TemplateError('ExpressionNil', raw, `failed to evaluate expression ${oneLine(raw)}: result is nil`);
  }
  return typeof result === 'string' ? result : toJsonText(result);
}

function envFor(expr: string, cx: Ctx): Record<string, unknown> {
  if (typeof cx.scope === 'function') return envFromLookup(parseExpression(expr), cx.scope);
  cx.env ??= expandScope(cx.scope);
  return cx.env;
}

/** Text of a scope value: strings as they are, numbers/booleans printed, objects and lists as compact JSON. */
export function formatValue(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v === null || v === undefined) return '';
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return toJsonText(v);
}

function oneLine(s: string): string {
  const flat = s.replace(/\s+/g, ' ');
  return flat.length > 200 ? `${flat.slice(0, 200)}...` : flat;
}
