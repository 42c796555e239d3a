/**
 * Argo rules beyond the sample corpus (issue 13): variables inside artifact
 * locations and the workflow-level podSpecPatch, optional artifacts passed
 * between steps, and outputs of tasks that never ran.
 */
import { parse } from 'yaml';
import type { V1Pod } from '@kubernetes/client-node';
import type { Workflow } from './model.js';
import { podName } from '@argo-ts/lang';
import { Simulator, testConfig, type Script } from './testing/simulator.js';

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
