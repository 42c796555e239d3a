/**
 * `volumeClaimGC`: the PVCs made from `volumeClaimTemplates` are deleted when the workflow ends by
 * its strategy, Argo's default OnWorkflowSuccess keeping them after a failure (for a retry; the
 * owner reference still removes them with the workflow), OnWorkflowCompletion deleting them always.
 */
import { parse } from 'yaml';
import type { Workflow } from './model.js';
import type { Action } from './types.js';
import { Simulator } from './testing/simulator.js';

function wf(strategy: string | undefined, exitCode: number): { sim: Simulator; deleted: () => string[] } {
  const w = {
    ...(parse(`
spec:
  entrypoint: main
  ${strategy ? `volumeClaimGC: {strategy: ${strategy}}` : ''}
  volumeClaimTemplates:
  - metadata: {name: workdir}
    spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Mi}}}
  templates:
  - name: main
    container:
      image: alpine
      command: [sh, -c, 'exit ${exitCode}']
      volumeMounts: [{name: workdir, mountPath: /work}]
`) as Workflow),
    metadata: { name: 'wf', uid: 'u1' },
  };
  const sim = new Simulator(w, () => ({ exitCode }));
  // The operate that ends the workflow is the one that deletes its PVCs.
  return { sim, deleted: () => (sim.last?.actions ?? [] as Action[]).filter((a) => a.type === 'deleteResource').map((a) => `${(a as { kind: string }).kind}/${(a as { name: string }).name}`) };
}

describe('volumeClaimGC', () => {
  it.each([
    [undefined, 0, ['PersistentVolumeClaim/wf-workdir']],
    [undefined, 1, []],
    ['OnWorkflowSuccess', 1, []],
    ['OnWorkflowSuccess', 0, ['PersistentVolumeClaim/wf-workdir']],
    ['OnWorkflowCompletion', 1, ['PersistentVolumeClaim/wf-workdir']],
  ])('strategy %s, main exiting %i: deletes %j', (strategy, exitCode, expected) => {
    const { sim, deleted } = wf(strategy, exitCode);
    sim.run();
    expect(sim.wf.status!.phase).toBe(exitCode ? 'Failed' : 'Succeeded');
    expect(deleted()).toEqual(expected);
  });
});
