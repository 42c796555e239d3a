/** `spec.podDisruptionBudget`: a PodDisruptionBudget over the workflow's pods from its start to its end, as Argo makes it. */
import { parse } from 'yaml';
import type { Workflow } from './model.js';
import { Simulator } from './testing/simulator.js';

const wf = (): Workflow => ({
  ...(parse(`
spec:
  entrypoint: main
  podDisruptionBudget: {minAvailable: 1}
  templates:
  - name: main
    container: {image: alpine, command: [echo]}
`) as Workflow),
  metadata: { name: 'wf', namespace: 'ns', uid: 'u1' },
});

describe('spec.podDisruptionBudget', () => {
  it('is created with the workflow selector before the first pod, and deleted when the workflow ends', () => {
    const sim = new Simulator(wf(), () => ({ exitCode: 0 }));
    const first = sim.step();
    expect(first.actions.map((a) => a.type)).toEqual(['createResource', 'createPod']);
    expect(first.actions[0]).toEqual({
      type: 'createResource',
      object: {
        apiVersion: 'policy/v1', kind: 'PodDisruptionBudget',
        metadata: {
          name: 'wf', namespace: 'ns', labels: { 'workflows.argoproj.io/workflow': 'wf' },
          ownerReferences: [{ apiVersion: 'argoproj.io/v1alpha1', kind: 'Workflow', name: 'wf', uid: 'u1', controller: true, blockOwnerDeletion: true }],
        },
        spec: { minAvailable: 1, selector: { matchLabels: { 'workflows.argoproj.io/workflow': 'wf' } } },
      },
    });
    sim.settle();
    const last = sim.step();
    expect(last.status.phase).toBe('Succeeded');
    expect(last.actions.filter((a) => a.type === 'deleteResource')).toEqual([{ type: 'deleteResource', apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', name: 'wf' }]);
  });

  it('makes none when the workflow asks for none', () => {
    const w = wf();
    delete w.spec.podDisruptionBudget;
    const sim = new Simulator(w, () => ({ exitCode: 0 }));
    expect(sim.step().actions.map((a) => a.type)).toEqual(['createPod']);
  });
});
