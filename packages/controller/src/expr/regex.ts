/** Go RE2 patterns as JS RegExps: leading inline flags, `\z`, and `(?P<name>...)` groups. */
import { typeError } from './errors.js';

const cache = new Map<string, RegExp>();

export function goRegExp(pattern: string, global = false): RegExp {
  const key = `${global ? 'g' : ''}/${pattern}`;
  const hit = cache.get(key);
  if (hit) return hit;
  let src = pattern;
  let flags = global ? 'g' : '';
  const inline = /^\(\?([imsU]+)\)/.exec(src);
  if (inline) {
    src = src.slice(inline[0].length);
    for (const f of inline[1]!) if ('ims'.includes(f) && !flags.includes(f)) flags += f;
  }
  src = src.replace(/\(\?P</g, '(?<').replace(/\\z/g, '$').replace(/\\A/g, '^');
  let re: RegExp;
  try {
    re = new RegExp(src, flags);
  } catch (e) {
    throw typeError(`invalid regular expression ${JSON.stringify(pattern)}: ${(e as Error).message}`);
  }
  if (cache.size > 1000) cache.clear();
  cache.set(key, re);
  return re;
}

/** Go's `$1`/`${1}`/`${name}` replacement templates in JS syntax. */
export function goReplacement(repl: string): string {
  return repl.replace(/\$\{(\d+)\}/g, '$$$1').replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, '$$<$1>');
}
