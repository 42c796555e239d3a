import { jsonpath } from './jsonpath.js';

const doc = JSON.stringify({
  a: { b: [10, 20, 30], 'k-1': 'dash' },
  items: [{ name: 'x', n: 1 }, { name: 'y', n: 5 }],
  deep: { x: { name: 'z' } },
});

describe('jsonpath', () => {
  it.each<[string, unknown]>([
    ['$.a.b[0]', 10],
    ['$.a.b[-1]', 30],
    ["$.a['k-1']", 'dash'],
    ['$["a"]["b"][1]', 20],
    ['$.a.b', [10, 20, 30]],
    ['$.items[*].name', ['x', 'y']],
    ['$.a.b[0:2]', [10, 20]],
    ['$.a.b[0,2]', [10, 30]],
    ['$..name', ['x', 'y', 'z']],
    ["$.items[?(@.name == 'y')].n", [5]],
    ['$.items[?(@.n > 2)].name', ['y']],
    ['$', JSON.parse(doc)],
    ['$[0].value', undefined],
  ])('%s', (path, want) => {
    if (want === undefined) {
      expect(jsonpath('[{"value":"true"}]', path)).toBe('true');
      return;
    }
    expect(jsonpath(doc, path)).toEqual(want);
  });

  it.each([
    ['$.missing', /key 'missing' not found/],
    ['$.a.b[9]', /out of range/],
    ['a.b', /must start with \$/],
    ['$.a[', /cannot parse/],
  ])('%s is an error', (path, msg) => {
    expect(() => jsonpath(doc, path)).toThrow(msg);
  });
});
