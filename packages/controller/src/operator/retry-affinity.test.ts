import type { V1Pod } from '@kubernetes/client-node';
import { parse } from 'yaml';
import type { Workflow } from './model.js';
import { Simulator, finishPod } from './testing/simulator.js';

function wf(yaml: string): Workflow {
  const w = parse(yaml) as Workflow;
  w.metadata = { name: 'wf' };
  return w;
}
const spec = (extra = '', tmplExtra = '') => wf(`
spec:
  entrypoint: main
${extra}  templates:
  - name: main
    retryStrategy:
      limit: 3
      affinity: {nodeAntiAffinity: {}}
${tmplExtra}    container: {image: busybox, command: [sh, -c, 'exit 1']}
`);
const byName = (sim: Simulator, name: string) => Object.values(sim.wf.status!.nodes!).find((n) => n.name === name);
/** The pod ran on `host` and exited with `code`. */
function endOn(sim: Simulator, name: string, host: string, code: number): void {
  const pod = sim.pods.get(name)!;
  sim.pods.set(name, finishPod({ ...pod, spec: { ...pod.spec!, nodeName: host } }, { exitCode: code }));
  sim.running.delete(name);
}
const required = (pod: V1Pod) => pod.spec!.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
const hostNotIn = (...values: string[]) => ({ key: 'kubernetes.io/hostname', operator: 'NotIn', values });

describe('retryStrategy.affinity.nodeAntiAffinity', () => {
  it('records where each attempt ran and schedules every retry away from the hosts that failed', () => {
    const sim = new Simulator(spec(), () => undefined);
    sim.step();
    const [p0] = sim.created;
    expect(sim.pods.get(p0!)!.spec!.affinity).toBeUndefined();
    endOn(sim, p0!, 'host-a', 1);
    sim.step();
    expect(byName(sim, 'wf(0)')).toMatchObject({ phase: 'Failed', hostNodeName: 'host-a' });
    const p1 = sim.created[1]!;
    expect(required(sim.pods.get(p1)!)).toEqual([{ matchExpressions: [hostNotIn('host-a')] }]);
    endOn(sim, p1, 'host-b', 1);
    sim.step();
    expect(byName(sim, 'wf(1)')!.hostNodeName).toBe('host-b');
    const p2 = sim.created[2]!;
    expect(required(sim.pods.get(p2)!)).toEqual([{ matchExpressions: [hostNotIn('host-a', 'host-b')] }]);
    // ARGO_TEMPLATE carries the same affinity, as the executor sees the template the pod was built from.
    const main = sim.pods.get(p2)!.spec!.containers.find((c) => c.name === 'main')!;
    expect(JSON.parse(main.env!.find((e) => e.name === 'ARGO_TEMPLATE')!.value!).affinity).toEqual(sim.pods.get(p2)!.spec!.affinity);
    endOn(sim, p2, 'host-a', 0);
    sim.step();
    expect(sim.wf.status!.phase).toBe('Succeeded');
  });

  it('keeps the workflow-level affinity of a template that has none, adding the exclusion to it', () => {
    const sim = new Simulator(spec(`  affinity:
    nodeAffinity:
      requiredDuringSchedulingIgnoredDuringExecution:
        nodeSelectorTerms: [{matchExpressions: [{key: disk, operator: In, values: [ssd]}]}]
`), () => undefined);
    sim.step();
    endOn(sim, sim.created[0]!, 'host-a', 1);
    sim.step();
    expect(required(sim.pods.get(sim.created[1]!)!)).toEqual([{ matchExpressions: [{ key: 'disk', operator: 'In', values: ['ssd'] }, hostNotIn('host-a')] }]);
  });

  it('adds nothing without nodeAntiAffinity, or when the failed pod never reached a host', () => {
    const plain = new Simulator(wf(`
spec:
  entrypoint: main
  templates:
  - name: main
    retryStrategy: {limit: 1}
    container: {image: busybox, command: [sh, -c, 'exit 1']}
`), () => undefined);
    plain.step();
    endOn(plain, plain.created[0]!, 'host-a', 1);
    plain.step();
    expect(plain.pods.get(plain.created[1]!)!.spec!.affinity).toBeUndefined();

    const unscheduled = new Simulator(spec(), () => undefined);
    unscheduled.step();
    const p0 = unscheduled.created[0]!;
    const pod = unscheduled.pods.get(p0)!;
    const { nodeName: _gone, ...unplaced } = pod.spec!;
    unscheduled.pods.set(p0, finishPod({ ...pod, spec: unplaced }, { exitCode: 1 }));
    unscheduled.step();
    expect(byName(unscheduled, 'wf(0)')!.phase).toBe('Failed');
    expect(unscheduled.pods.get(unscheduled.created[1]!)!.spec!.affinity).toBeUndefined();
  });
});
