import { buildDagGraph, dependsOn } from './graph.js';

const task = (name: string, extra: Record<string, unknown> = {}) => ({ name, ...extra });

describe('DAG graph', () => {
  it('reads direct dependencies from dependencies and depends', () => {
    const g = buildDagGraph([task('a'), task('b'), task('x', { dependencies: ['a', 'b'] }), task('y', { depends: 'a.Succeeded || (b && !a.Failed)' })]);
    expect(g.deps[2]).toEqual([0, 1]);
    expect(g.deps[3]).toEqual([0, 1]);
    expect(g.logic[2]!.text).toBe('(a.Succeeded || a.Skipped || a.Daemoned) && (b.Succeeded || b.Skipped || b.Daemoned)');
    expect(g.order).toEqual([0, 1, 2, 3]);
    expect(g.problems).toEqual([]);
  });

  it('reports a depends that does not parse and names no dependency for it', () => {
    const g = buildDagGraph([task('a'), task('b', { depends: 'a &&' })]);
    expect(g.deps[1]).toEqual([]);
    expect(g.problems).toEqual([{ task: 1, kind: 'depends-syntax', message: 'cannot parse "a &&": expression ends too early' }]);
  });

  it('reports unknown tasks', () => {
    const g = buildDagGraph([task('a', { depends: 'ghost.Failed' })]);
    expect(g.problems).toEqual([{ task: 0, kind: 'unknown-task', message: 'task "ghost" not found in this DAG' }]);
  });

  it('answers transitive dependency questions', () => {
    const g = buildDagGraph([task('a'), task('b', { dependencies: ['a'] }), task('c', { depends: 'b' }), task('d')]);
    expect(dependsOn(g, 'c', 'a')).toBe(true);
    expect(dependsOn(g, 'c', 'b')).toBe(true);
    expect(dependsOn(g, 'a', 'c')).toBe(false);
    expect(dependsOn(g, 'c', 'd')).toBe(false);
  });

  it('finds each cycle once, including self-dependencies, and leaves cycles out of the order', () => {
    const g = buildDagGraph([
      task('a', { dependencies: ['c'] }), task('b', { dependencies: ['a'] }), task('c', { dependencies: ['b'] }),
      task('s', { dependencies: ['s'] }), task('ok', { dependencies: ['a'] }), task('free'),
    ]);
    expect(g.cycles).toEqual([['a', 'c', 'b', 'a'], ['s', 's']]);
    expect(g.order).toEqual([5]);
    expect(g.problems.map((p) => p.message)).toEqual(['dependency cycle: a -> c -> b -> a', 'dependency cycle: s -> s']);
  });

  it('handles a 20,000-task chain without running out of stack', () => {
    const n = 20000;
    const tasks = Array.from({ length: n }, (_, i) => task(`t${i}`, i === 0 ? { dependencies: [`t${n - 1}`] } : { dependencies: [`t${i - 1}`] }));
    const g = buildDagGraph(tasks);
    expect(g.cycles).toHaveLength(1);
    expect(g.cycles[0]).toHaveLength(n + 1);
    expect(dependsOn(buildDagGraph(tasks.slice(1)), `t${n - 1}`, 't1')).toBe(true);
  });
});
