import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { Labels } from '@argo-ts/spec';
import type { Workflow } from './model.js';
import { operate } from './operate.js';
import { labelMatcher } from './podgc.js';
import { Simulator, emptyContext, testConfig, type Script } from './testing/simulator.js';

function wf(yaml: string): Workflow {
  const w = parse(yaml) as Workflow;
  w.metadata = { ...w.metadata, name: 'wf' };
  return w;
}
const byExit: Script = (n) => ({ exitCode: n.endsWith('.fail') ? 1 : 0 });
const podOf = (sim: Simulator, nodeName: string) => sim.created.find((p) => sim.pods.get(p)?.metadata?.annotations?.['workflows.argoproj.io/node-name'] === nodeName)
  ?? sim.created.find((p) => p.includes(nodeName.split('.').pop()!))!;
const completed = (name: string) => ({ type: 'annotatePod', name, annotations: {}, labels: { [Labels.completed]: 'true' } });
const gcActions = (r: { actions: { type: string }[] }) => r.actions.filter((a) => a.type === 'deletePod' || a.type === 'annotatePod');
const later = (sim: Simulator, ms: number) => { sim.now = new Date(sim.now.getTime() + ms); };

/** The two steps of Argo's examples/pod-gc-strategy*.yaml, with the podGC given. */
const example = (podGC: string, labels = false) => wf(`
spec:
  entrypoint: main
  podGC: ${podGC}
  templates:
  - name: main
    steps:
    - - {name: fail, template: fail}
      - {name: succeed, template: succeed}
${labels ? '      - {name: keep, template: keep}\n' : ''}  - name: fail
${labels ? '    metadata: {labels: {should-be-deleted: "true"}}\n' : ''}    container: {image: alpine, command: [sh, -c, 'exit 1']}
  - name: succeed
${labels ? '    metadata: {labels: {should-be-deleted: "true"}}\n' : ''}    container: {image: alpine, command: [sh, -c, 'exit 0']}
  - name: keep
    metadata: {labels: {should-be-deleted: "false"}}
    container: {image: alpine, command: [sh, -c, 'exit 0']}
`);

describe('podGC', () => {
  it('OnPodSuccess with deleteDelayDuration: labels the failed pod at once, deletes the succeeded one 30s after it ended', () => {
    const sim = new Simulator(example('{strategy: OnPodSuccess, deleteDelayDuration: 30s}'), byExit);
    sim.step();
    sim.settle();
    const fail = podOf(sim, 'wf[0].fail');
    const ok = podOf(sim, 'wf[0].succeed');
    const r = sim.step();
    expect(r.status.phase).toBe('Failed');
    expect(gcActions(r)).toEqual([completed(fail)]);
    expect(r.requeueAfterMs).toBe(30_000);
    later(sim, 29_999);
    const early = sim.step();
    expect(gcActions(early)).toEqual([]);
    expect(early.requeueAfterMs).toBe(1);
    later(sim, 1);
    expect(sim.step()).toEqual({ status: sim.wf.status, actions: [{ type: 'deletePod', name: ok }] });
    expect([...sim.pods.keys()]).toEqual([fail]);
    expect(sim.step()).toEqual({ status: sim.wf.status, actions: [] });
  });

  it('labelSelector: deletes only matching pods; the others are labelled completed', () => {
    const sim = new Simulator(example('{strategy: OnPodSuccess, deleteDelayDuration: 30s, labelSelector: {matchLabels: {should-be-deleted: "true"}}}', true), byExit);
    sim.step();
    sim.settle();
    const [fail, ok, keep] = ['wf[0].fail', 'wf[0].succeed', 'wf[0].keep'].map((n) => podOf(sim, n));
    const r = sim.step();
    expect(gcActions(r)).toEqual([completed(fail!), completed(keep!)]);
    later(sim, 30_000);
    expect(sim.step().actions).toEqual([{ type: 'deletePod', name: ok }]);
    expect([...sim.pods.keys()].sort()).toEqual([fail, keep].sort());
    expect(sim.pods.get(keep!)!.metadata!.labels![Labels.completed]).toBe('true');
  });

  it('OnWorkflowCompletion: leaves finished pods alone while running, deletes all 5s (the default delay) after the workflow ends', () => {
    const sim = new Simulator(wf(`
spec:
  entrypoint: main
  podGC: {strategy: OnWorkflowCompletion}
  templates:
  - name: main
    steps:
    - - {name: a, template: t}
    - - {name: fail, template: t}
  - name: t
    container: {image: alpine}
`), byExit);
    sim.step();
    sim.settle();
    const second = sim.step();
    expect(second.status.phase).toBe('Running');
    expect(gcActions(second)).toEqual([]);
    sim.settle();
    const end = sim.step();
    expect(end.status.phase).toBe('Failed');
    expect(gcActions(end)).toEqual([]);
    expect(end.requeueAfterMs).toBe(5_000);
    later(sim, 5_000);
    expect(sim.step().actions).toEqual(sim.created.map((name) => ({ type: 'deletePod', name })));
    expect(sim.pods.size).toBe(0);
  });

  it('OnWorkflowSuccess: a failed workflow keeps its pods, labelled completed', () => {
    const sim = new Simulator(example('{strategy: OnWorkflowSuccess, deleteDelayDuration: 0s}'), byExit);
    sim.step();
    sim.settle();
    const r = sim.step();
    expect(r.status.phase).toBe('Failed');
    expect(gcActions(r)).toEqual(sim.created.map(completed));
    expect(r.requeueAfterMs).toBeUndefined();
  });

  it('uses the controller default podGC and podGCDeleteDelayDuration when the workflow sets none', () => {
    const sim = new Simulator(wf(`
spec:
  entrypoint: main
  templates:
  - name: main
    container: {image: alpine}
`), byExit, { ...testConfig, podGC: { strategy: 'OnPodCompletion' }, podGCDeleteDelayDuration: '0s' });
    sim.step();
    sim.settle();
    const r = sim.step();
    expect(r.status.phase).toBe('Succeeded');
    expect(gcActions(r)).toEqual([{ type: 'deletePod', name: sim.created[0] }]);
  });

  it('without podGC labels finished pods completed and deletes nothing; a pod being deleted is left alone', () => {
    const sim = new Simulator(example('{}'), byExit);
    sim.step();
    sim.settle();
    const fail = podOf(sim, 'wf[0].fail');
    const ok = podOf(sim, 'wf[0].succeed');
    sim.pods.set(ok, { ...sim.pods.get(ok)!, metadata: { ...sim.pods.get(ok)!.metadata, deletionTimestamp: new Date() } });
    const r = sim.step();
    expect(gcActions(r)).toEqual([completed(fail)]);
    expect(sim.step().actions).toEqual([]);
  });

  it('warns once, at the start, about a selector it cannot apply, and deletes nothing', () => {
    const w = example('{strategy: OnPodCompletion, deleteDelayDuration: 0s, labelSelector: {matchExpressions: [{key: a, operator: Near}]}}');
    const first = operate(w, [], new Date(), testConfig, emptyContext());
    expect(first.actions).toContainEqual({
      type: 'event', eventType: 'Warning', reason: 'PodGCInvalid',
      message: "spec.podGC.labelSelector.matchExpressions[0].operator: expected one of In, NotIn, Exists, DoesNotExist, got 'Near'; no pod is deleted",
    });
    const sim = new Simulator(w, byExit);
    sim.step();
    sim.settle();
    const r = sim.step();
    expect(r.status.phase).toBe('Failed');
    expect(gcActions(r)).toEqual([]);
    expect(r.actions.filter((a) => a.type === 'event' && a.reason === 'PodGCInvalid')).toEqual([]);
  });

  it('runs the Argo examples pod-gc-strategy*.yaml to Failed as Argo does', () => {
    for (const file of ['pod-gc-strategy.yaml', 'pod-gc-strategy-with-label-selector.yaml']) {
      let text: string;
      try {
        text = readFileSync(`${process.env.ARGO_COMPAT_DIR}/examples/${file}`, 'utf8');
      } catch {
        throw new Error(`the Argo corpus (../shared/argo-compat/examples/${file}) is missing`);
      }
      const sim = new Simulator(wf(text), byExit);
      sim.run();
      expect(sim.wf.status!.phase).toBe('Failed');
    }
  });
});

describe('labelMatcher', () => {
  it('implements matchLabels and every matchExpressions operator', () => {
    const m = labelMatcher({
      matchLabels: { app: 'x' },
      matchExpressions: [
        { key: 'tier', operator: 'In', values: ['a', 'b'] },
        { key: 'env', operator: 'NotIn', values: ['prod'] },
        { key: 'team', operator: 'Exists' },
        { key: 'skip', operator: 'DoesNotExist' },
      ],
    });
    expect(m({ app: 'x', tier: 'a', team: 't' })).toBe(true);
    expect(m({ app: 'x', tier: 'b', team: 't', env: 'dev' })).toBe(true);
    expect(m({ app: 'y', tier: 'a', team: 't' })).toBe(false);
    expect(m({ app: 'x', tier: 'c', team: 't' })).toBe(false);
    expect(m({ app: 'x', tier: 'a', team: 't', env: 'prod' })).toBe(false);
    expect(m({ app: 'x', tier: 'a' })).toBe(false);
    expect(m({ app: 'x', tier: 'a', team: 't', skip: '' })).toBe(false);
    expect(labelMatcher(undefined)({})).toBe(true);
    expect(() => labelMatcher({ matchExpressions: [{ key: 'k', operator: 'In', values: [] }] })).toThrow('spec.podGC.labelSelector.matchExpressions[0].values: expected at least one value for operator In');
  });
});
