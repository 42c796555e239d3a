/**
 * retryStrategy beyond limit and policy: `expression` over lastRetry, and the
 * backoff's `cap` and `maxDuration`, as exact node trees and waits.
 */
import { parse } from 'yaml';
import type { Workflow } from './model.js';
import { Simulator, type Script } from './testing/simulator.js';

function wf(retryStrategy: string): Workflow {
  const w = parse(`
spec:
  entrypoint: r
  templates:
  - name: r
    retryStrategy: ${retryStrategy}
    container: {image: busybox}
`) as Workflow;
  w.metadata = { name: 'wf' };
  return w;
}

function tree(sim: Simulator): string[] {
  return Object.values(sim.wf.status!.nodes!)
    .map((n) => `${n.name} ${n.type} ${n.phase}${n.message ? ` "${n.message}"` : ''}`)
    .sort();
}

/** Runs to the end as Simulator.run does, returning each backoff the Retry node announced, in order. */
function runCollectingBackoffs(sim: Simulator): string[] {
  const waits: string[] = [];
  for (let i = 0; i < 200; i++) {
    const r = sim.step();
    if (['Succeeded', 'Failed', 'Error'].includes(r.status.phase ?? '')) return waits;
    const message = sim.node('wf')?.message;
    if (r.requeueAfterMs !== undefined && message?.startsWith('Backoff for')) waits.push(`${message} (${r.requeueAfterMs} ms)`);
    const changed = sim.settle();
    if (!changed && !r.actions.some((a) => a.type === 'createPod')) {
      if (r.requeueAfterMs === undefined) return waits;
      sim.now = new Date(sim.now.getTime() + r.requeueAfterMs);
    }
  }
  throw new Error('workflow did not complete');
}

const exits = (...codes: number[]): Script => (name) => ({ exitCode: codes[Number(/\((\d+)\)$/.exec(name)![1])] ?? 1 });

describe('retryStrategy.expression', () => {
  it('retries while the expression over lastRetry holds (exitCode is a string, as in Argo), then stops with Argo\'s message', () => {
    const sim = new Simulator(wf('{limit: 5, expression: "asInt(lastRetry.exitCode) == 2"}'), exits(2, 2, 1));
    sim.run();
    expect(tree(sim)).toEqual([
      'wf Retry Failed "retryStrategy.expression evaluated to false"',
      'wf(0) Pod Failed "Error (exit code 2)"',
      'wf(1) Pod Failed "Error (exit code 2)"',
      'wf(2) Pod Failed "Error (exit code 1)"',
    ]);
  });

  it('an expression alone retries errors too (policy Always), still bounded by limit', () => {
    const sim = new Simulator(wf('{limit: 1, expression: "true"}'), () => ({ podFailure: 'node lost' }));
    sim.run();
    expect(tree(sim)).toEqual(['wf Retry Error "No more retries left"', 'wf(0) Pod Error "node lost"', 'wf(1) Pod Error "node lost"']);
  });
});

describe('retryStrategy.backoff', () => {
  it('grows by factor and stops growing at cap', () => {
    const sim = new Simulator(wf('{limit: 3, backoff: {duration: "10s", factor: 3, cap: "20s"}}'), exits());
    expect(runCollectingBackoffs(sim)).toEqual(['Backoff for 10s (10000 ms)', 'Backoff for 20s (20000 ms)', 'Backoff for 20s (20000 ms)']);
    expect(sim.wf.status!.phase).toBe('Failed');
    expect(tree(sim)).toHaveLength(5);
  });

  it('gives up when the next backoff would pass maxDuration, counted from the first attempt', () => {
    const sim = new Simulator(wf('{limit: 5, backoff: {duration: "10s", factor: 2, maxDuration: "25s"}}'), exits());
    expect(runCollectingBackoffs(sim)).toEqual(['Backoff for 10s (10000 ms)']);
    expect(tree(sim)).toEqual([
      'wf Retry Failed "Backoff would exceed max duration limit"',
      'wf(0) Pod Failed "Error (exit code 1)"',
      'wf(1) Pod Failed "Error (exit code 1)"',
    ]);
  });
});
