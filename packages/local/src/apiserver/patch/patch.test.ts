import { ApiError } from '../../store/errors.js';
import { jsonPatch } from './json.js';
import { mergePatch } from './merge.js';

describe('merge patch (RFC 7386)', () => {
  it('merges objects, deletes nulls and replaces arrays', () => {
    expect(mergePatch({ a: { b: 1, c: 2 }, l: [1, 2] }, { a: { b: null, d: 3 }, l: [3] })).toEqual({ a: { c: 2, d: 3 }, l: [3] });
    expect(mergePatch({ a: 1 }, 'x')).toBe('x');
  });
});

describe('JSON patch (RFC 6902)', () => {
  const doc = { a: { b: [1, 2, 3] }, 'x/y': { '~t': 1 } };
  it('applies add, remove, replace, move, copy and test, with escaped pointers', () => {
    const out = jsonPatch(doc, [
      { op: 'add', path: '/a/b/1', value: 9 },
      { op: 'add', path: '/a/b/-', value: 4 },
      { op: 'remove', path: '/a/b/0' },
      { op: 'replace', path: '/x~1y/~0t', value: 2 },
      { op: 'copy', from: '/a/b', path: '/c' },
      { op: 'move', from: '/c', path: '/d' },
      { op: 'test', path: '/d', value: [9, 2, 3, 4] },
    ]);
    expect(out).toEqual({ a: { b: [9, 2, 3, 4] }, 'x/y': { '~t': 2 }, d: [9, 2, 3, 4] });
    expect(doc.a.b).toEqual([1, 2, 3]);
  });
  it('fails a test op with 422 and a missing path with 400', () => {
    expect(() => jsonPatch(doc, [{ op: 'test', path: '/a/b/0', value: 5 }])).toThrow(expect.objectContaining({ httpStatus: 422 }));
    expect(() => jsonPatch(doc, [{ op: 'replace', path: '/nope', value: 1 }])).toThrow(expect.objectContaining({ httpStatus: 400 }));
    expect(() => jsonPatch(doc, [{ op: 'remove', path: '/a/b/7' }])).toThrow(ApiError);
    expect(() => jsonPatch(doc, [{ op: 'move', from: '/a', path: '/a/b/x' }])).toThrow('own child');
    expect(() => jsonPatch(doc, { op: 'add' })).toThrow(ApiError);
  });
});
