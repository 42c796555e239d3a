/**
 * A bound on how deeply a request body nests objects and arrays. Parsing
 * is iterative, but cloning, validating, patching, comparing and
 * serialising an object recurse, so a body thousands of levels deep would
 * exhaust the stack (a 500) somewhere after parsing. Kubernetes' decoder
 * stops at 10,000 levels; real objects stay far below 100, so bodies are
 * refused beyond MAX_DEPTH, with a 400 that says so, before anything else
 * touches them.
 */
import { ApiError } from '../store/errors.js';

export const MAX_DEPTH = 512;

function tooDeep(what: string): ApiError {
  return new ApiError('BadRequest', `${what} nests objects and arrays more than ${MAX_DEPTH} levels deep`);
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;

/** Scans JSON text (one pass, strings skipped) before it is parsed. */
export function checkJsonTextDepth(buf: Buffer, what: string): void {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < buf.length; i++) {
    const c = buf[i]!;
    if (inString) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) inString = false;
    } else if (c === QUOTE) inString = true;
    else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      if (++depth > MAX_DEPTH) throw tooDeep(what);
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) depth--;
  }
}

/** The same bound on a value built by other means (a JSON patch can nest values below existing paths). */
export function checkValueDepth(value: unknown, what: string): void {
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length > 0) {
    const [v, d] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (d + 1 > MAX_DEPTH) throw tooDeep(what);
    for (const child of Array.isArray(v) ? v : Object.values(v)) if (child !== null && typeof child === 'object') stack.push([child, d + 1]);
  }
}
