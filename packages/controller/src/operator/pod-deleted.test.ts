/**
 * A pod deleted by someone else while its node runs (kubectl delete, a drained node): the kubelet
 * kills its containers, so they end with SIGTERM's 143 before the pod disappears. The node ends
 * Error "pod deleted" whichever the controller sees first, the killed containers or the pod gone
 * (Argo gives either that or "pod termination" depending on the race, argoproj/argo-workflows#3097).
 */
import type { V1ContainerStatus, V1Pod } from '@kubernetes/client-node';
import { parse } from 'yaml';
import { podName } from '@argo-ts/lang';
import type { Workflow } from './model.js';
import { Simulator } from './testing/simulator.js';

const ctr = (name: string, state: V1ContainerStatus['state']): V1ContainerStatus => ({ name, state, ready: false, restartCount: 0, image: '', imageID: '' });
const wf = (): Workflow => ({
  ...(parse(`
spec:
  entrypoint: main
  templates:
  - name: main
    container: {image: busybox, command: [sleep, '60']}
`) as Workflow),
  metadata: { name: 'wf' },
});

function running(): { sim: Simulator; name: string; pod: V1Pod } {
  const sim = new Simulator(wf(), () => undefined);
  sim.step();
  const name = podName('wf', 'wf', 'main');
  const pod = sim.pods.get(name)!;
  sim.pods.set(name, { ...pod, status: { phase: 'Running', containerStatuses: [ctr('wait', { running: {} }), ctr('main', { running: {} })] } });
  sim.step();
  expect(sim.node('wf')!.phase).toBe('Running');
  return { sim, name, pod: sim.pods.get(name)! };
}

describe('a pod deleted while its node runs', () => {
  it('ends the node Error "pod deleted" when its killed containers are seen first', () => {
    const { sim, name, pod } = running();
    sim.pods.set(name, {
      ...pod, metadata: { ...pod.metadata, deletionTimestamp: new Date(0) },
      status: { phase: 'Failed', containerStatuses: [ctr('wait', { terminated: { exitCode: 143 } }), ctr('main', { terminated: { exitCode: 143 } })] },
    });
    sim.step();
    expect(sim.node('wf')).toMatchObject({ phase: 'Error', message: 'pod deleted' });
    expect(sim.wf.status!.phase).toBe('Error');
  });

  it('ends the node Error "pod deleted" when the pod is simply gone', () => {
    const { sim, name } = running();
    sim.pods.delete(name);
    sim.step();
    expect(sim.node('wf')).toMatchObject({ phase: 'Error', message: 'pod deleted' });
  });

  it('keeps a node that finished before the deletion as it finished', () => {
    const { sim, name, pod } = running();
    sim.pods.set(name, {
      ...pod, metadata: { ...pod.metadata, deletionTimestamp: new Date(0) },
      status: { phase: 'Succeeded', containerStatuses: [ctr('wait', { terminated: { exitCode: 0 } }), ctr('main', { terminated: { exitCode: 0 } })] },
    });
    sim.step();
    expect(sim.node('wf')!.phase).toBe('Succeeded');
  });

  it('without a deletion, a main that exits 143 is a Failed node with its exit code, as before', () => {
    const { sim, name, pod } = running();
    sim.pods.set(name, { ...pod, status: { phase: 'Failed', containerStatuses: [ctr('wait', { terminated: { exitCode: 0 } }), ctr('main', { terminated: { exitCode: 143 } })] } });
    sim.step();
    expect(sim.node('wf')).toMatchObject({ phase: 'Failed', message: 'Error (exit code 143)' });
  });
});
