/**
 * Argo rules beyond the sample corpus (issue 13): variables inside artifact
 * locations and the workflow-level podSpecPatch, optional artifacts passed
 * between steps, and outputs of tasks that never ran.
 */
import { parse } from 'yaml';
import type { V1Pod } from '@kubernetes/client-node';
import type { Workflow, WorkflowTemplate } from './model.js';
import { podName } from '@argo-ts/lang';
import { Simulator, emptyContext, testConfig, type Script } from './testing/simulator.js';

function wf(yaml: string, name = 'wf'): Workflow {
  const w = parse(yaml) as Workflow;
  w.metadata = { ...(w.metadata ?? {}), name };
  return w;
}
const ok: Script = () => ({ exitCode: 0 });
const argoTemplate = (pod: V1Pod) => JSON.parse(pod.spec!.containers.find((c) => c.name === 'main')!.env!.find((e) => e.name === 'ARGO_TEMPLATE')!.value!);
const phases = (sim: Simulator) => Object.fromEntries(Object.values(sim.wf.status!.nodes!).map((n) => [n.displayName, n.phase]));

describe('variables inside artifact locations', () => {
  it('substitutes input and output artifact locations with the template scope, including a loop item', () => {
    const sim = new Simulator(wf(`
spec:
  entrypoint: main
  templates:
  - name: main
    steps:
    - - name: load
        template: load
        withItems: [a, b]
        arguments:
          parameters: [{name: n, value: "{{item}}"}]
          artifacts:
          - {name: arg, s3: {endpoint: "minio:9000", bucket: "bkt-{{workflow.name}}", key: "args/{{item}}.json"}}
  - name: load
    inputs:
      parameters: [{name: n}]
      artifacts:
      - {name: arg, path: /arg}
      - name: part
        path: "/in/{{inputs.parameters.n}}"
        s3: {endpoint: "minio:9000", bucket: my-bucket, key: "sem/{{workflow.name}}/parts/{{inputs.parameters.n}}.txt"}
      - {name: web, path: /web, http: {url: "https://example.com/{{inputs.parameters.n}}"}}
      - {name: src, path: /src, git: {repo: "https://example.com/r.git", revision: "v-{{inputs.parameters.n}}"}}
      - {name: raw, path: /raw, raw: {data: "part {{inputs.parameters.n}} of {{workflow.name}}"}}
      - {name: g, path: /g, gcs: {bucket: "g-{{inputs.parameters.n}}", key: "k/{{inputs.parameters.n}}"}}
      - {name: o, path: /o, oss: {endpoint: "oss:1", bucket: "o", key: "k/{{inputs.parameters.n}}"}}
      - {name: z, path: /z, azure: {endpoint: "https://az", container: "c", blob: "b/{{inputs.parameters.n}}"}}
    outputs:
      artifacts:
      - name: out
        path: "/out/{{inputs.parameters.n}}"
        subPath: "sub/{{inputs.parameters.n}}"
        s3: {bucket: my-bucket, key: "sem/{{workflow.name}}/out/{{inputs.parameters.n}}.tgz"}
    container: {image: busybox}
`), ok, { ...testConfig, artifactRepository: { s3: { bucket: 'b' } } });
    sim.run();
    expect(sim.wf.status!.phase).toBe('Succeeded');
    const t = argoTemplate(sim.pods.get(podName('wf', 'wf[0].load(1:b)', 'load'))!);
    expect(t.inputs.artifacts).toEqual([
      { name: 'arg', path: '/arg', s3: { endpoint: 'minio:9000', bucket: 'bkt-wf', key: 'args/b.json' } },
      { name: 'part', path: '/in/b', s3: { endpoint: 'minio:9000', bucket: 'my-bucket', key: 'sem/wf/parts/b.txt' } },
      { name: 'web', path: '/web', http: { url: 'https://example.com/b' } },
      { name: 'src', path: '/src', git: { repo: 'https://example.com/r.git', revision: 'v-b' } },
      { name: 'raw', path: '/raw', raw: { data: 'part b of wf' } },
      { name: 'g', path: '/g', gcs: { bucket: 'g-b', key: 'k/b' } },
      { name: 'o', path: '/o', oss: { endpoint: 'oss:1', bucket: 'o', key: 'k/b' } },
      { name: 'z', path: '/z', azure: { endpoint: 'https://az', container: 'c', blob: 'b/b' } },
    ]);
    expect(t.outputs.artifacts).toEqual([
      { name: 'out', path: '/out/b', subPath: 'sub/b', s3: { bucket: 'my-bucket', key: 'sem/wf/out/b.tgz' } },
    ]);
  });
});

describe('variables inside artifact locations in a DAG', () => {
  it("substitutes a task's argument artifact with the loop item and a producer's output parameter", () => {
    const sim = new Simulator(wf(`
spec:
  entrypoint: main
  templates:
  - name: main
    dag:
      tasks:
      - {name: gen, template: gen}
      - name: load
        depends: gen
        template: load
        withItems: [x]
        arguments:
          artifacts:
          - {name: part, s3: {endpoint: "minio:9000", bucket: b, key: "{{tasks.gen.outputs.parameters.dir}}/{{item}}.json"}}
  - name: gen
    outputs:
      parameters: [{name: dir, valueFrom: {path: /tmp/dir}}]
    container: {image: busybox}
  - name: load
    inputs:
      artifacts: [{name: part, path: /part}]
    container: {image: busybox}
`), (n) => ({ exitCode: 0, outputs: n.endsWith('.gen') ? { parameters: [{ name: 'dir', value: 'runs/7' }] } : {} }));
    sim.run();
    expect(sim.wf.status!.phase).toBe('Succeeded');
    const t = argoTemplate(sim.pods.get(podName('wf', 'wf.load(0:x)', 'load'))!);
    expect(t.inputs.artifacts).toEqual([{ name: 'part', path: '/part', s3: { endpoint: 'minio:9000', bucket: 'b', key: 'runs/7/x.json' } }]);
  });
});

describe('variables inside the workflow-level podSpecPatch', () => {
  it('substitutes workflow parameters before merging, then merges the template patch over it', () => {
    const sim = new Simulator(wf(`
spec:
  entrypoint: main
  arguments:
    parameters: [{name: mem-limit, value: 100Mi}, {name: cpu-limit, value: 100m}]
  podSpecPatch: |
    containers:
    - name: main
      resources:
        limits:
          memory: "{{workflow.parameters.mem-limit}}"
          cpu: "{{workflow.parameters.cpu-limit}}"
  templates:
  - name: main
    podSpecPatch: '{"containers":[{"name":"main","resources":{"limits":{"cpu":"{{workflow.parameters.cpu-limit}}0"}}}]}'
    container: {image: busybox}
`), ok);
    sim.run();
    const main = sim.pods.get(podName('wf', 'wf', 'main'))!.spec!.containers.find((c) => c.name === 'main')!;
    expect(main.resources).toEqual({ limits: { memory: '100Mi', cpu: '100m0' } });
  });
});

describe('podSpecPatch from templateDefaults and through workflowTemplateRef', () => {
  const mainOf = (sim: Simulator, pod: string) => sim.pods.get(pod)!.spec!.containers.find((c) => c.name === 'main')!;

  it('substitutes a templateDefaults patch with the template scope (inputs included)', () => {
    const sim = new Simulator(wf(`
spec:
  entrypoint: main
  templateDefaults:
    podSpecPatch: '{"containers":[{"name":"main","resources":{"limits":{"memory":"{{inputs.parameters.mem}}"}}}]}'
  templates:
  - name: main
    inputs: {parameters: [{name: mem, value: 48Mi}]}
    container: {image: busybox}
`), ok);
    sim.run();
    expect(mainOf(sim, podName('wf', 'wf', 'main')).resources).toEqual({ limits: { memory: '48Mi' } });
  });

  it("substitutes the WorkflowTemplate's workflow-level patch with the submitted workflow's parameters", () => {
    const ctx = emptyContext();
    const wt: WorkflowTemplate = parse(`
metadata: {name: lib}
spec:
  entrypoint: main
  arguments: {parameters: [{name: mem-limit, value: 10Mi}]}
  podSpecPatch: |
    containers:
    - name: main
      resources: {limits: {memory: "{{workflow.parameters.mem-limit}}"}}
  templates:
  - name: main
    container: {image: busybox}
`);
    ctx.workflowTemplates.set('lib', wt);
    const sim = new Simulator(wf('spec: {workflowTemplateRef: {name: lib}, arguments: {parameters: [{name: mem-limit, value: 20Mi}]}}'), ok, testConfig, ctx);
    sim.run();
    expect(sim.wf.status!.phase).toBe('Succeeded');
    expect(mainOf(sim, 'wf').resources).toEqual({ limits: { memory: '20Mi' } });
  });
});

describe('optional artifacts across steps and DAGs', () => {
  // producerWrites: whether the producer's optional output exists; argOptional / inOptional: the consumer's side.
  const steps = (argOptional: boolean, inOptional: boolean) => wf(`
spec:
  entrypoint: main
  templates:
  - name: main
    steps:
    - - {name: generate-artifact, template: gen}
    - - name: consume-artifact
        template: use
        arguments:
          artifacts: [{name: message${argOptional ? ', optional: true' : ''}, from: "{{steps.generate-artifact.outputs.artifacts.hello-art}}"}]
  - name: gen
    outputs:
      artifacts: [{name: hello-art, path: /tmp/hello.txt, optional: true}]
    container: {image: busybox}
  - name: use
    inputs:
      artifacts: [{name: message, path: /tmp/message, optional: ${inOptional}}]
    container: {image: busybox}
`);
  const dag = (argOptional: boolean, inOptional: boolean) => wf(`
spec:
  entrypoint: main
  templates:
  - name: main
    dag:
      tasks:
      - {name: generate-artifact, template: gen}
      - name: consume-artifact
        depends: generate-artifact
        template: use
        arguments:
          artifacts: [{name: message${argOptional ? ', optional: true' : ''}, from: "{{tasks.generate-artifact.outputs.artifacts.hello-art}}"}]
  - name: gen
    outputs:
      artifacts: [{name: hello-art, path: /tmp/hello.txt, optional: true}]
    container: {image: busybox}
  - name: use
    inputs:
      artifacts: [{name: message, path: /tmp/message, optional: ${inOptional}}]
    container: {image: busybox}
`);
  const produced = { name: 'hello-art', path: '/tmp/hello.txt', s3: { endpoint: 'minio:9000', bucket: 'b', key: 'wf/gen/hello.tgz' } };
  const run = (w: Workflow, writes: boolean) => {
    const sim = new Simulator(w, (n) => ({ exitCode: 0, outputs: n.endsWith('generate-artifact') && writes ? { artifacts: [produced] } : {} }));
    sim.run();
    return sim;
  };
  const consumerPod = (sim: Simulator, kind: 'steps' | 'dag') => sim.pods.get(podName('wf', kind === 'steps' ? 'wf[1].consume-artifact' : 'wf.consume-artifact', 'use'));

  for (const kind of ['steps', 'dag'] as const) {
    const make = kind === 'steps' ? steps : dag;
    it(`${kind}: a missing optional output dropped by an optional argument leaves a required input unsupplied`, () => {
      const sim = run(make(true, false), false);
      const node = Object.values(sim.wf.status!.nodes!).find((n) => n.displayName === 'consume-artifact')!;
      expect(node.phase).toBe('Error');
      expect(node.message).toBe('inputs.artifacts.message was not supplied');
      expect(consumerPod(sim, kind)).toBeUndefined();
    });

    for (const [argOptional, inOptional] of [[false, true], [true, true]] as const) {
      it(`${kind}: a missing optional output reaches a consumer with optional ${argOptional ? 'argument' : ''}${argOptional && inOptional ? ' and ' : ''}${inOptional ? 'input' : ''}: it runs without the artifact`, () => {
        const sim = run(make(argOptional, inOptional), false);
        expect(sim.wf.status!.phase).toBe('Succeeded');
        const pod = consumerPod(sim, kind)!;
        expect(argoTemplate(pod).inputs.artifacts).toEqual([{ name: 'message', path: '/tmp/message', optional: inOptional }]);
        // Not supplied, so not mounted: the container sees no /tmp/message (Argo skips the mount).
        expect(pod.spec!.containers.find((c) => c.name === 'main')!.volumeMounts!.map((m) => m.mountPath)).not.toContain('/tmp/message');
      });
    }

    it(`${kind}: a missing optional output passed to a consumer that requires it errors the consumer with Argo's message`, () => {
      const sim = run(make(false, false), false);
      const node = Object.values(sim.wf.status!.nodes!).find((n) => n.displayName === 'consume-artifact')!;
      expect(node.phase).toBe('Error');
      expect(node.message).toBe(`unable to resolve artifact from '{{${kind === 'steps' ? 'steps' : 'tasks'}.generate-artifact.outputs.artifacts.hello-art}}'`);
      expect(consumerPod(sim, kind)).toBeUndefined();
      expect(sim.wf.status!.phase).not.toBe('Succeeded');
    });

    it(`${kind}: a produced optional output is passed on whatever the consumer declares`, () => {
      const sim = run(make(false, true), true);
      expect(sim.wf.status!.phase).toBe('Succeeded');
      const pod = consumerPod(sim, kind)!;
      expect(argoTemplate(pod).inputs.artifacts).toEqual([{ ...produced, name: 'message', path: '/tmp/message', optional: true }]);
      expect(pod.spec!.containers.find((c) => c.name === 'main')!.volumeMounts).toContainEqual({ name: 'input-artifacts', mountPath: '/tmp/message', subPath: 'message' });
    });
  }
});

describe('outputs of tasks that never ran', () => {
  const dag = (producer: string) => wf(`
spec:
  entrypoint: main
  templates:
  - name: main
    dag:
      tasks:
      - {name: first, template: exit, arguments: {parameters: [{name: code, value: "0"}]}}
      ${producer}
      - name: consumer
        depends: producer.Skipped || producer.Omitted || producer.Succeeded
        template: echo
        arguments:
          parameters: [{name: message, value: "got {{tasks.producer.outputs.parameters.out}}"}]
  - name: exit
    inputs: {parameters: [{name: code}]}
    container: {image: busybox, command: [sh, -c, "exit {{inputs.parameters.code}}"]}
  - name: gen
    outputs:
      parameters: [{name: out, valueFrom: {path: /tmp/out}}]
    container: {image: busybox}
  - name: echo
    inputs: {parameters: [{name: message}]}
    container: {image: busybox}
`);
  const cases = {
    Skipped: '- {name: producer, template: gen, when: "1 == 2"}',
    Omitted: '- {name: producer, template: gen, depends: first.Failed}',
  };
  it("errors the consumer whose artifact subPath is built from a skipped task's output", () => {
    const sim = new Simulator(wf(`
spec:
  entrypoint: main
  templates:
  - name: main
    dag:
      tasks:
      - {name: archive, template: gen-art}
      - {name: producer, template: gen, when: "1 == 2"}
      - name: consumer
        depends: archive && (producer.Skipped || producer.Succeeded)
        template: use
        arguments:
          artifacts: [{name: in, from: "{{tasks.archive.outputs.artifacts.tree}}", subPath: "{{tasks.producer.outputs.parameters.out}}"}]
  - name: gen-art
    outputs: {artifacts: [{name: tree, path: /tmp/tree}]}
    container: {image: busybox}
  - name: gen
    outputs: {parameters: [{name: out, valueFrom: {path: /tmp/out}}]}
    container: {image: busybox}
  - name: use
    inputs: {artifacts: [{name: in, path: /in}]}
    container: {image: busybox}
`), (n) => ({ exitCode: 0, outputs: n.endsWith('.archive') ? { artifacts: [{ name: 'tree', s3: { endpoint: 'minio:9000', bucket: 'b', key: 'k' } }] } : {} }));
    sim.run();
    const consumer = Object.values(sim.wf.status!.nodes!).find((n) => n.displayName === 'consumer')!;
    expect(consumer.phase).toBe('Error');
    expect(consumer.message).toContain('absent optional');
    expect(sim.wf.status!.phase).toBe('Error');
  });

  for (const [phase, producer] of Object.entries(cases)) {
    it(`errors the consumer of a ${phase} producer's output (no default anywhere) with "absent optional", and the workflow`, () => {
      const sim = new Simulator(dag(producer), ok);
      sim.run();
      expect(phases(sim)['producer']).toBe(phase);
      const consumer = Object.values(sim.wf.status!.nodes!).find((n) => n.displayName === 'consumer')!;
      expect(consumer.phase).toBe('Error');
      expect(consumer.message).toContain('absent optional');
      expect(sim.pods.has(podName('wf', 'wf.consumer', 'echo'))).toBe(false);
      expect(sim.wf.status!.phase).toBe('Error');
    });
  }
});
