/**
 * Outputs a step wrote itself (its token may patch its own pod and create WorkflowTaskResults):
 * whatever their shape, the node ends Error naming what is wrong, the operator does not throw,
 * and the other workflows go on (the class of Argo's controller panics on malformed pod
 * annotations, e.g. GHSA-5jv8-h7qh-rf5p).
 */
import type { V1ContainerStatus, V1Pod } from '@kubernetes/client-node';
import { parse } from 'yaml';
import { Annotations, Labels } from '@argo-ts/spec';
import { podName } from '@argo-ts/lang';
import type { Workflow, WorkflowTaskResult } from './model.js';
import { readReported } from './pod-status.js';
import { Simulator } from './testing/simulator.js';

const ctr = (name: string, state: V1ContainerStatus['state']): V1ContainerStatus => ({ name, state, ready: false, restartCount: 0, image: '', imageID: '' });
const annotated = (raw: string): V1Pod => ({ metadata: { annotations: { [Annotations.outputs]: raw } } });

describe('readReported', () => {
  it('passes well-formed outputs, tolerating fields the schema does not know', () => {
    expect(readReported(annotated('{"result":"r","exitCode":"0"}'))).toEqual({ outputs: { result: 'r', exitCode: '0' } });
    expect(readReported(annotated('{"result":"r","future":1}'))).toEqual({ outputs: { result: 'r', future: 1 } });
    expect(readReported({ metadata: {} })).toEqual({});
  });

  it('names what is wrong with outputs that are not JSON or not shaped as outputs', () => {
    expect(readReported(annotated('{"result":')).invalid).toMatch(/^invalid outputs reported in annotation workflows.argoproj.io\/outputs: not JSON: /);
    expect(readReported(annotated('{"parameters":"x"}'))).toEqual({
      invalid: 'invalid outputs reported in annotation workflows.argoproj.io/outputs: parameters: Invalid input: expected array, received string',
    });
    expect(readReported(annotated('[1,2]')).invalid).toMatch(/^invalid outputs reported in annotation workflows.argoproj.io\/outputs: \(root\): /);
    expect(readReported(annotated('null')).invalid).toMatch(/: \(root\): /);
    const tr: WorkflowTaskResult = { metadata: { name: 'wf-1', labels: { [Labels.reportOutputsCompleted]: 'true' } }, outputs: { parameters: [{ name: 7 }] } as never };
    expect(readReported({ metadata: {} }, tr)).toEqual({
      invalid: 'invalid outputs reported in WorkflowTaskResult wf-1: parameters.0.name: Invalid input: expected string, received number',
    });
  });
});

describe('a pod whose reported outputs are malformed', () => {
  const wf = (name: string): Workflow => ({
    ...(parse(`
spec:
  entrypoint: main
  templates:
  - name: main
    steps:
    - - {name: gen, template: gen}
    - - {name: use, template: use, arguments: {parameters: [{name: v, value: '{{steps.gen.outputs.parameters.v}}'}]}}
  - name: gen
    container: {image: busybox, command: [sh, -c, 'echo hi']}
    outputs: {parameters: [{name: v, valueFrom: {path: /tmp/v}}]}
  - name: use
    inputs: {parameters: [{name: v}]}
    container: {image: busybox, command: [echo, '{{inputs.parameters.v}}']}
`) as Workflow),
    metadata: { name },
  });

  for (const [what, raw] of [
    ['not JSON', '{"parameters": [{"name": "v", "value": '],
    ['parameters not a list', '{"parameters": {"name": "v"}}'],
    ['a parameter value not a string', '{"parameters": [{"name": "v", "value": {"$ne": 1}}]}'],
    ['10 MB of nesting-free JSON of the wrong shape', JSON.stringify({ parameters: 'x'.repeat(10 * 1024 * 1024) })],
  ] as const) {
    it(`ends the node Error (${what}), runs nothing after it, and does not throw`, () => {
      const sim = new Simulator(wf('wf'), () => undefined);
      sim.step();
      const gen = podName('wf', 'wf[0].gen', 'gen');
      const pod = sim.pods.get(gen)!;
      sim.pods.set(gen, {
        ...pod,
        metadata: { ...pod.metadata, annotations: { ...pod.metadata!.annotations, [Annotations.outputs]: raw } },
        status: { phase: 'Succeeded', containerStatuses: [ctr('wait', { terminated: { exitCode: 0 } }), ctr('main', { terminated: { exitCode: 0 } })] },
      });
      expect(() => sim.step()).not.toThrow();
      const node = sim.node('wf[0].gen')!;
      expect(node.phase).toBe('Error');
      expect(node.message).toMatch(/^invalid outputs reported in annotation workflows.argoproj.io\/outputs: /);
      expect(node.outputs?.parameters).toBeUndefined();
      expect(sim.node('wf[1].use')).toBeUndefined();
      expect(['Failed', 'Error']).toContain(sim.wf.status!.phase);
    });
  }

  it('keeps the node Running while wait has not exited, then errors it', () => {
    const sim = new Simulator(wf('wf'), () => undefined);
    sim.step();
    const gen = podName('wf', 'wf[0].gen', 'gen');
    const pod = sim.pods.get(gen)!;
    const bad = { ...pod, metadata: { ...pod.metadata, annotations: { ...pod.metadata!.annotations, [Annotations.outputs]: '"oops"' } } };
    sim.pods.set(gen, { ...bad, status: { phase: 'Running', containerStatuses: [ctr('wait', { running: {} }), ctr('main', { terminated: { exitCode: 0 } })] } });
    sim.step();
    expect(sim.node('wf[0].gen')!.phase).toBe('Running');
    sim.pods.set(gen, { ...bad, status: { phase: 'Succeeded', containerStatuses: [ctr('wait', { terminated: { exitCode: 0 } }), ctr('main', { terminated: { exitCode: 0 } })] } });
    sim.step();
    expect(sim.node('wf[0].gen')).toMatchObject({ phase: 'Error', message: 'invalid outputs reported in annotation workflows.argoproj.io/outputs: (root): Invalid input: expected object, received string' });
  });
});
