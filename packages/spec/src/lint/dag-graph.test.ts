import { buildGraph, dependsOn, directDependencies, findCycles } from './dag-graph.js';

const task = (name: string, extra: Record<string, unknown> = {}) => ({ name, step: { name, ...extra } });

describe('DAG graph', () => {
  it('reads direct dependencies from dependencies and depends', () => {
    expect(directDependencies({ dependencies: ['a', 'b'] })).toEqual(['a', 'b']);
    expect(directDependencies({ depends: 'a.Succeeded || (b && !a.Failed)' })).toEqual(['a', 'b']);
    expect(directDependencies({ depends: 'a &&' })).toEqual([]);
  });

  it('answers transitive dependency questions', () => {
    const g = buildGraph([task('a'), task('b', { dependencies: ['a'] }), task('c', { depends: 'b' }), task('d')]);
    expect(dependsOn(g, 'c', 'a')).toBe(true);
    expect(dependsOn(g, 'c', 'b')).toBe(true);
    expect(dependsOn(g, 'a', 'c')).toBe(false);
    expect(dependsOn(g, 'c', 'd')).toBe(false);
  });

  it('finds each cycle once, including self-dependencies', () => {
    const g = buildGraph([
      task('a', { dependencies: ['c'] }), task('b', { dependencies: ['a'] }), task('c', { dependencies: ['b'] }),
      task('s', { dependencies: ['s'] }), task('ok', { dependencies: ['a'] }),
    ]);
    expect(findCycles(g)).toEqual([['a', 'c', 'b', 'a'], ['s', 's']]);
  });

  it('handles a 20,000-task chain without running out of stack', () => {
    const n = 20000;
    const tasks = Array.from({ length: n }, (_, i) => task(`t${i}`, i === 0 ? { dependencies: [`t${n - 1}`] } : { dependencies: [`t${i - 1}`] }));
    const cycles = findCycles(buildGraph(tasks));
    expect(cycles).toHaveLength(1);
    expect(cycles[0]).toHaveLength(n + 1);
    expect(dependsOn(buildGraph(tasks.slice(1)), `t${n - 1}`, 't1')).toBe(true);
  });
});
