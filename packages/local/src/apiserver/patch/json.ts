/** JSON patch (RFC 6902): add, remove, replace, move, copy, test with JSON pointers (RFC 6901). */
import { ApiError } from '../../store/errors.js';
import { isPlainObject } from './merge.js';

interface Op {
  op: string;
  path: string;
  from?: string;
  value?: unknown;
}

function invalid(message: string): ApiError {
  return new ApiError('BadRequest', message);
}

function parsePointer(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) throw new ApiError('BadRequest', `json patch: path "${pointer}" must start with "/"`);
  return pointer
    .slice(1)
    .split('/')
    .map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function arrayIndex(arr: unknown[], token: string, forAdd: boolean, pointer: string): number {
  if (forAdd && token === '-') return arr.length;
  if (!/^(0|[1-9][0-9]*)$/.test(token)) throw new ApiError('BadRequest', `json patch: "${token}" in "${pointer}" is not an array index`);
  const i = Number(token);
  if (i > arr.length || (!forAdd && i === arr.length)) throw new ApiError('BadRequest', `json patch: index ${i} out of range in "${pointer}"`);
  return i;
}

/** The container holding the last token, walking (and failing) strictly. */
function parentOf(doc: unknown, tokens: string[], pointer: string): unknown {
  let cur = doc;
  for (const t of tokens.slice(0, -1)) {
    if (Array.isArray(cur)) cur = cur[arrayIndex(cur, t, false, pointer)];
    else if (isPlainObject(cur) && t in cur) cur = cur[t];
    else throw new ApiError('BadRequest', `json patch: path "${pointer}" does not exist`);
  }
  return cur;
}

function get(doc: unknown, pointer: string): unknown {
  const tokens = parsePointer(pointer);
  if (tokens.length === 0) return doc;
  const parent = parentOf(doc, tokens, pointer);
  const last = tokens[tokens.length - 1]!;
  if (Array.isArray(parent)) return parent[arrayIndex(parent, last, false, pointer)];
  if (isPlainObject(parent) && last in parent) return parent[last];
  throw new ApiError('BadRequest', `json patch: path "${pointer}" does not exist`);
}

function add(doc: unknown, pointer: string, value: unknown): unknown {
  const tokens = parsePointer(pointer);
  if (tokens.length === 0) return value;
  const parent = parentOf(doc, tokens, pointer);
  const last = tokens[tokens.length - 1]!;
  if (Array.isArray(parent)) parent.splice(arrayIndex(parent, last, true, pointer), 0, value);
  else if (isPlainObject(parent)) parent[last] = value;
  else throw new ApiError('BadRequest', `json patch: cannot add at "${pointer}"`);
  return doc;
}

function remove(doc: unknown, pointer: string): unknown {
  const tokens = parsePointer(pointer);
  if (tokens.length === 0) throw new ApiError('BadRequest', 'json patch: cannot remove the whole document');
  const parent = parentOf(doc, tokens, pointer);
  const last = tokens[tokens.length - 1]!;
  if (Array.isArray(parent)) parent.splice(arrayIndex(parent, last, false, pointer), 1);
  else if (isPlainObject(parent) && last in parent) delete parent[last];
  else throw new ApiError('BadRequest', `json patch: path "${pointer}" does not exist`);
  return doc;
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  if (isPlainObject(a) && isPlainObject(b)) {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => k in b && deepEqual(a[k], b[k]));
  }
  return false;
}

/** Applies a JSON patch to a deep copy of `target`. Throws 400 naming the failing op. */
export function jsonPatch(target: unknown, ops: unknown): unknown {
  if (!Array.isArray(ops)) throw invalid('json patch: body must be a JSON array of operations');
  let doc: unknown = structuredClone(target);
  ops.forEach((raw, i) => {
    if (!isPlainObject(raw) || typeof raw.op !== 'string' || typeof raw.path !== 'string') {
      throw new ApiError('BadRequest', `json patch: operation ${i} needs string "op" and "path"`);
    }
    const op = raw as unknown as Op;
    switch (op.op) {
      case 'add':
        doc = add(doc, op.path, structuredClone(op.value));
        break;
      case 'remove':
        doc = remove(doc, op.path);
        break;
      case 'replace':
        get(doc, op.path);
        doc = op.path === '' ? structuredClone(op.value) : add(remove(doc, op.path), op.path, structuredClone(op.value));
        break;
      case 'move': {
        if (typeof op.from !== 'string') throw new ApiError('BadRequest', `json patch: operation ${i} (move) needs "from"`);
        if (op.path.startsWith(op.from + '/')) throw new ApiError('BadRequest', `json patch: cannot move "${op.from}" into its own child`);
        const value = get(doc, op.from);
        doc = add(remove(doc, op.from), op.path, value);
        break;
      }
      case 'copy':
        if (typeof op.from !== 'string') throw new ApiError('BadRequest', `json patch: operation ${i} (copy) needs "from"`);
        doc = add(doc, op.path, structuredClone(get(doc, op.from)));
        break;
      case 'test':
        if (!deepEqual(get(doc, op.path), op.value)) {
          throw new ApiError('Invalid', `json patch: test operation ${i} failed: "${op.path}" does not equal the given value`);
        }
        break;
      default:
        throw new ApiError('BadRequest', `json patch: operation ${i} has unknown op "${op.op}"`);
    }
  });
  return doc;
}

export { deepEqual };
