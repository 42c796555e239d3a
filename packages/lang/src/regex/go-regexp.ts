/**
 * Go's regexp package for user patterns (`=~`, `matches`, sprig's regex*),
 * through re2js, a port of RE2: the same syntax as Go (`(?i)`, `\z`,
 * `(?P<name>…)`, no backreferences or lookaround) and matching in time linear
 * in the input, so a pattern such as `(a+)+$` cannot stall the controller.
 * Results follow Go's semantics (FindAll, Split, Expand), not JavaScript's.
 */
import { RE2JS, RE2JSException } from 're2js';
import { typeError } from '../expr/errors.js';

type Compiled = ReturnType<RE2JS['re2']>;

const cache = new Map<string, RE2JS>();

/** Compiles a Go pattern (cached); a bad pattern is an expression error with Go's wording. */
export function goRegexp(pattern: string): RE2JS {
  const hit = cache.get(pattern);
  if (hit) return hit;
  let re: RE2JS;
  try {
    re = RE2JS.compile(pattern);
  } catch (e) {
    if (e instanceof RE2JSException) throw typeError(e.message.startsWith('error parsing regexp') ? e.message : `error parsing regexp: ${e.message}`);
    throw e;
  }
  if (cache.size > 1000) cache.clear();
  cache.set(pattern, re);
  return re;
}

function re2(pattern: string): Compiled {
  return goRegexp(pattern).re2();
}

/** regexp.MatchString: whether the pattern matches anywhere in `s`. */
export function regexMatch(pattern: string, s: string): boolean {
  return goRegexp(pattern).test(s);
}

/** FindString: the leftmost match, or "". */
export function regexFind(pattern: string, s: string): string {
  const m = re2(pattern).findIndex(s) as number[] | null;
  return m ? s.slice(m[0], m[1]) : '';
}

/** FindAllString with Go's rules for empty matches; n < 0 means all. */
export function regexFindAll(pattern: string, s: string, n: number): string[] {
  const all = (re2(pattern).findAllIndex(s, n) as number[][] | null) ?? [];
  return all.map(([a, b]) => s.slice(a, b));
}

/** Go's Regexp.Expand: `$1`, `${1}`, `$name`, `${name}`, `$$`; an unknown group is empty. */
function expand(template: string, s: string, groups: number[], names: Record<string, number>): string {
  return template.replace(/\$(\$|\{([A-Za-z0-9_]+)\}|([A-Za-z0-9_]+))/g, (whole, _all, braced?: string, bare?: string) => {
    if (whole === '$$') return '$';
    const name = braced ?? bare!;
    const idx = /^\d+$/.test(name) ? Number(name) : names[name];
    if (idx === undefined || 2 * idx + 1 >= groups.length) return '';
    const a = groups[2 * idx]!;
    const b = groups[2 * idx + 1]!;
    return a < 0 ? '' : s.slice(a, b);
  });
}

function replace(pattern: string, s: string, piece: (groups: number[]) => string): string {
  const matches = (re2(pattern).findAllSubmatchIndex(s, -1) as number[][] | null) ?? [];
  let out = '';
  let last = 0;
  for (const g of matches) {
    out += s.slice(last, g[0]) + piece(g);
    last = g[1]!;
  }
  return out + s.slice(last);
}

/** ReplaceAllString: the replacement is expanded as Go's Expand does. */
export function regexReplaceAll(pattern: string, s: string, repl: string): string {
  const names = goRegexp(pattern).namedGroups();
  return replace(pattern, s, (g) => expand(repl, s, g, names));
}

/** ReplaceAllLiteralString. */
export function regexReplaceAllLiteral(pattern: string, s: string, repl: string): string {
  return replace(pattern, s, () => repl);
}

/** Regexp.Split: n == 0 gives nothing, n < 0 all pieces, n > 0 at most n. */
export function regexSplit(pattern: string, s: string, n: number): string[] {
  if (n === 0) return [];
  if (pattern.length > 0 && s.length === 0) return [''];
  const matches = (re2(pattern).findAllIndex(s, n) as number[][] | null) ?? [];
  const out: string[] = [];
  let beg = 0;
  let end = 0;
  for (const [a, b] of matches) {
    if (n > 0 && out.length === n - 1) break;
    end = a!;
    if (b !== 0) out.push(s.slice(beg, end));
    beg = b!;
  }
  if (end !== s.length) out.push(s.slice(beg));
  return out;
}
