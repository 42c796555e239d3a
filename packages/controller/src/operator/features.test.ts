import { parse } from 'yaml';
import type { Workflow, WorkflowTemplate } from './model.js';
import { nodeId, podName } from '@argo-ts/lang';
import { Simulator, emptyContext, testConfig, type Script } from './testing/simulator.js';

function wf(yaml: string, name = 'wf'): Workflow {
  const w = parse(yaml) as Workflow;
  w.metadata = { ...(w.metadata ?? {}), name };
  return w;
}
const ok: Script = () => ({ exitCode: 0 });
const phases = (sim: Simulator) => Object.fromEntries(Object.values(sim.wf.status!.nodes!).map((n) => [n.name, n.phase]));
const mainArgs = (sim: Simulator, pod: string) => sim.pods.get(pod)!.spec!.containers.find((c) => c.name === 'main')!.command!.slice(3);

describe('continueOn and failFast', () => {
  it('lets a step group succeed past a failed step with continueOn.failed', () => {
    const sim = new Simulator(wf(`
spec:
  entrypoint: main
  templates:
  - name: main
    steps:
    - - {name: bad, template: t, continueOn: {failed: true}}
      - {name: good, template: t}
    - - {name: after, template: t}
  - name: t
    container: {image: busybox}
`), (n) => ({ exitCode: n.endsWith('.bad') ? 1 : 0 }));
    sim.run();
    expect(sim.wf.status!.phase).toBe('Succeeded');
    expect(phases(sim)).toMatchObject({ 'wf[0].bad': 'Failed', 'wf[1].after': 'Succeeded' });
  });

  const diamond = (extra: string) => wf(`
spec:
  entrypoint: d
  templates:
  - name: d
${extra}    dag:
      tasks:
      - {name: a, template: t}
      - {name: slow, template: t}
      - {name: b, template: t, dependencies: [slow]}
      - {name: c, template: t, dependencies: [a]}
  - name: t
    container: {image: busybox}
`);
  const finishSlow = (sim: Simulator) => {
    const slow = podName('wf', 'wf.slow', 't');
    sim.pods.set(slow, { ...sim.pods.get(slow)!, status: { phase: 'Succeeded', containerStatuses: [{ name: 'main', ready: false, restartCount: 0, image: '', imageID: '', state: { terminated: { exitCode: 0 } } }] } });
  };

  it('keeps scheduling ready DAG tasks after a failure (dag.failFast only judges the phase)', () => {
    const sim = new Simulator(diamond(''), (n) => (n === 'wf.a' ? { exitCode: 1 } : n === 'wf.b' ? { exitCode: 0 } : undefined));
    sim.step();
    sim.settle();
    sim.step();
    expect(phases(sim)).toMatchObject({ 'wf.a': 'Failed', 'wf.c': 'Omitted', 'wf.slow': 'Running', wf: 'Running' });
    finishSlow(sim);
    sim.run();
    expect(phases(sim)).toMatchObject({ 'wf.slow': 'Succeeded', 'wf.b': 'Succeeded', wf: 'Failed' });
    expect(sim.wf.status!.message).toBe(`child '${nodeId('wf', 'wf.a')}' failed`);
  });

  it('fails a step group with failFast with Argo\'s failFast message, the steps started before the failure finishing', () => {
    const sim = new Simulator(wf(`
spec:
  entrypoint: main
  templates:
  - name: main
    parallelism: 1
    failFast: true
    steps:
    - - {name: step1, template: t}
      - {name: step2, template: t}
  - name: t
    container: {image: busybox}
`), (n) => ({ exitCode: n.endsWith('.step1') ? 1 : 0 }));
    sim.run();
    expect(phases(sim)).toMatchObject({ 'wf[0].step1': 'Failed', 'wf[0]': 'Failed', wf: 'Failed' });
    expect(sim.node('wf[0].step2')).toBeUndefined();
    expect(sim.wf.status!.message).toBe('template has failed or errored children and failFast enabled');
  });

  it('stops starting DAG tasks after a failure with the template failFast and lets running ones finish', () => {
    const sim = new Simulator(diamond('    failFast: true\n'), (n) => (n === 'wf.a' ? { exitCode: 1 } : undefined));
    sim.step();
    sim.settle();
    sim.step();
    expect(phases(sim)).toMatchObject({ 'wf.a': 'Failed', 'wf.slow': 'Running', wf: 'Running' });
    expect(sim.node('wf.c')).toBeUndefined();
    finishSlow(sim);
    sim.step();
    expect(sim.node('wf.b')).toBeUndefined();
    expect(sim.wf.status!.phase).toBe('Failed');
    expect(sim.wf.status!.message).toBe('template has failed or errored children and failFast enabled');
  });

  it('with dag.failFast a target held back by parallelism still starts once the failed one frees the slot', () => {
    const sim = new Simulator(wf(`
spec:
  entrypoint: d
  templates:
  - name: d
    parallelism: 1
    dag:
      tasks:
      - {name: a, template: t}
      - {name: b, template: t}
  - name: t
    container: {image: busybox}
`), (n) => ({ exitCode: n === 'wf.a' ? 1 : 0 }));
    sim.step();
    expect(sim.node('wf.b')).toBeUndefined();
    sim.run();
    expect(phases(sim)).toMatchObject({ 'wf.a': 'Failed', 'wf.b': 'Succeeded', wf: 'Failed' });
  });
});

describe('parallelism', () => {
  it('runs at most N children of a template at once', () => {
    const sim = new Simulator(wf(`
spec:
  entrypoint: main
  templates:
  - name: main
    parallelism: 2
    steps:
    - - {name: p, template: t, withSequence: {count: "5"}}
  - name: t
    container: {image: busybox}
`), ok);
    const created: number[] = [];
    while (!['Succeeded', 'Failed', 'Error'].includes(sim.step().status.phase ?? '')) {
      created.push(sim.last!.actions.filter((a) => a.type === 'createPod').length);
      sim.settle();
    }
    expect(Math.max(...created)).toBe(2);
    expect(sim.created.length).toBe(5);
  });

  it('limits running pods of the whole workflow', () => {
    const sim = new Simulator(wf(`
spec:
  entrypoint: d
  parallelism: 1
  templates:
  - name: d
    dag:
      tasks: [{name: a, template: t}, {name: b, template: t}, {name: c, template: t}]
  - name: t
    container: {image: busybox}
`), ok);
    sim.step();
    expect(sim.created.length).toBe(1);
    sim.run();
    expect(sim.wf.status!.phase).toBe('Succeeded');
    expect(sim.created.length).toBe(3);
  });
});

describe('exit handlers and hooks', () => {
  it('runs a step onExit after the step and waits for it', () => {
    const sim = new Simulator(wf(`
spec:
  entrypoint: main
  templates:
  - name: main
    steps:
    - - {name: a, template: t, onExit: cleanup}
    - - {name: b, template: t}
  - name: t
    container: {image: busybox}
  - name: cleanup
    container: {image: busybox}
`), (n) => (n === 'wf[0].a.onExit' ? undefined : { exitCode: 0 }));
    sim.step();
    sim.settle();
    sim.step();
    expect(sim.node('wf[0].a.onExit')!.phase).not.toBe('Succeeded');
    expect(sim.node('wf[1].b')).toBeUndefined();
    expect(sim.node('wf[0].a')!.children).toContain(nodeId('wf', 'wf[0].a.onExit'));
  });

  it('starts an expression hook once its expression holds', () => {
    const sim = new Simulator(wf(`
spec:
  entrypoint: main
  hooks:
    running: {expression: 'workflow.status == "Running"', template: t}
    exit: {template: t}
  templates:
  - name: main
    container: {image: busybox}
  - name: t
    container: {image: busybox}
`), ok);
    sim.run();
    expect(sim.wf.status!.phase).toBe('Succeeded');
    expect(phases(sim)).toMatchObject({ 'wf.hooks.running': 'Succeeded', 'wf.onExit': 'Succeeded' });
  });

  it('fails a succeeded workflow whose exit handler fails and passes workflow.failures', () => {
    const sim = new Simulator(wf(`
spec:
  entrypoint: main
  onExit: bye
  templates:
  - name: main
    container: {image: busybox}
  - name: bye
    container: {image: busybox, args: ["{{workflow.status}}", "{{workflow.failures}}"]}
`), (n) => ({ exitCode: n === 'wf.onExit' ? 1 : 0 }));
    sim.run();
    expect(sim.wf.status!.phase).toBe('Failed');
    expect(mainArgs(sim, podName('wf', 'wf.onExit', 'bye'))).toEqual(['Succeeded', '[]']);
  });
});

describe('templates from elsewhere and outputs', () => {
  it('resolves templateRef into a WorkflowTemplate and workflowTemplateRef', () => {
    const ctx = emptyContext();
    const wt: WorkflowTemplate = parse(`
metadata: {name: lib}
spec:
  entrypoint: hello
  arguments: {parameters: [{name: who, value: world}]}
  templates:
  - name: hello
    inputs: {parameters: [{name: who, default: "{{workflow.parameters.who}}"}]}
    container: {image: busybox, args: ["hello {{inputs.parameters.who}}"]}
`);
    ctx.workflowTemplates.set('lib', wt);
    const sim = new Simulator(wf(`
spec:
  entrypoint: main
  arguments: {parameters: [{name: who, value: you}]}
  templates:
  - name: main
    steps:
    - - {name: a, templateRef: {name: lib, template: hello}}
`), ok, testConfig, ctx);
    sim.run();
    expect(sim.node('wf[0].a')).toMatchObject({ phase: 'Succeeded', templateName: 'hello', templateRef: { name: 'lib', template: 'hello' }, templateScope: 'namespaced/lib' });
    expect(mainArgs(sim, podName('wf', 'wf[0].a', 'hello'))).toEqual(['hello you']);
    const byRef = new Simulator(wf('spec: {workflowTemplateRef: {name: lib}}'), ok, testConfig, ctx);
    byRef.run();
    expect(mainArgs(byRef, 'wf')).toEqual(['hello world']);
    const missing = new Simulator(wf('spec: {workflowTemplateRef: {name: nope}}'), ok);
    expect(missing.step().requeueAfterMs).toBe(10_000);
  });

  it('exports globalName outputs to workflow.outputs and passes artifacts with concrete locations', () => {
    const sim = new Simulator(wf(`
spec:
  entrypoint: main
  templates:
  - name: main
    steps:
    - - {name: gen, template: gen}
    - - name: use
        template: use
        arguments:
          parameters: [{name: p, value: "{{workflow.outputs.parameters.g}}"}]
          artifacts: [{name: in, from: "{{steps.gen.outputs.artifacts.out}}"}]
  - name: gen
    outputs:
      parameters: [{name: p, globalName: g, valueFrom: {path: /tmp/p}}]
      artifacts: [{name: out, path: /tmp/out}]
    container: {image: busybox}
  - name: use
    inputs:
      parameters: [{name: p}]
      artifacts: [{name: in, path: /in}]
    container: {image: busybox}
`), (n) => ({
      exitCode: 0,
      outputs: n.endsWith('gen') ? { parameters: [{ name: 'p', value: 'v1' }], artifacts: [{ name: 'out', s3: { bucket: 'b', key: 'wf/wf-gen-1/out.tgz' } }] } : {},
    }), { ...testConfig, artifactRepository: { s3: { bucket: 'b', endpoint: 'minio:9000', keyFormat: 'x' } } });
    sim.run();
    expect(sim.wf.status!.outputs).toEqual({ parameters: [{ name: 'g', value: 'v1' }] });
    const use = sim.node('wf[1].use')!;
    expect(use.inputs).toEqual({ parameters: [{ name: 'p', value: 'v1' }], artifacts: [{ name: 'in', path: '/in', s3: { bucket: 'b', key: 'wf/wf-gen-1/out.tgz' } }] });
    const genPod = podName('wf', 'wf[0].gen', 'gen');
    const tmpl = JSON.parse(sim.pods.get(genPod)!.spec!.containers[0]!.env!.find((e) => e.name === 'ARGO_TEMPLATE')!.value!);
    expect(tmpl.archiveLocation).toEqual({ archiveLogs: false, s3: { bucket: 'b', endpoint: 'minio:9000', key: `wf/${genPod}` } });
  });
});

describe('input defaults', () => {
  it('lets a declared input value use the inputs declared before it (steps-when-expr-filter)', () => {
    const sim = new Simulator(wf(`
spec:
  entrypoint: main
  templates:
  - name: main
    inputs:
      parameters:
      - {name: test, value: 'true'}
      - name: list
        value: "{{= concat(['always'], inputs.parameters.test == 'true' ? ['test'] : []) | toJSON() }}"
      - {name: plain, value: "{{inputs.parameters.test}}-x"}
    container: {image: busybox}
`), ok);
    sim.run();
    expect(sim.wf.status!.phase).toBe('Succeeded');
    const params = sim.node('wf')!.inputs!.parameters!;
    expect(params.map((p) => p.name)).toEqual(['test', 'list', 'plain']);
    expect(JSON.parse(String(params[1]!.value))).toEqual(['always', 'test']);
    expect(params[2]!.value).toBe('true-x');
  });
});

describe('archive locations', () => {
  const repo = { archiveLogs: false, s3: { bucket: 'b', endpoint: 'minio:9000', insecure: true, accessKeySecret: { name: 's', key: 'a' }, keyFormat: 'x' } };
  const podTemplate = (sim: Simulator, node: string, tmpl: string) =>
    JSON.parse(sim.pods.get(podName('wf', node, tmpl))!.spec!.containers[0]!.env!.find((e) => e.name === 'ARGO_TEMPLATE')!.value!);

  it('relocates key-only input artifacts under the archive location and keeps full ones', () => {
    const sim = new Simulator(wf(`
spec:
  entrypoint: consume
  templates:
  - name: consume
    inputs:
      artifacts:
      - {name: file, path: /tmp/file, s3: {key: my-file}}
      - {name: other, path: /tmp/other, s3: {bucket: elsewhere, endpoint: s3.example.com, key: k}}
      - {name: inline, path: /tmp/inline, raw: {data: hi}}
    container: {image: busybox}
`), () => undefined, { ...testConfig, artifactRepository: repo });
    sim.step();
    const tmpl = podTemplate(sim, 'wf', 'consume');
    expect(tmpl.inputs.artifacts).toEqual([
      { name: 'file', path: '/tmp/file', s3: { bucket: 'b', endpoint: 'minio:9000', insecure: true, accessKeySecret: { name: 's', key: 'a' }, key: 'my-file' } },
      { name: 'other', path: '/tmp/other', s3: { bucket: 'elsewhere', endpoint: 's3.example.com', key: 'k' } },
      { name: 'inline', path: '/tmp/inline', raw: { data: 'hi' } },
    ]);
    expect(sim.node('wf')!.inputs!.artifacts![0]).toEqual({ name: 'file', path: '/tmp/file', s3: { key: 'my-file' } });
  });

  it('puts the repository location under a template archiveLocation that only sets archiveLogs', () => {
    const sim = new Simulator(wf(`
spec:
  entrypoint: t
  templates:
  - name: t
    archiveLocation: {archiveLogs: true}
    container: {image: busybox}
`), () => undefined, { ...testConfig, artifactRepository: repo });
    sim.step();
    const pod = podName('wf', 'wf', 't');
    expect(podTemplate(sim, 'wf', 't').archiveLocation).toEqual({
      archiveLogs: true, s3: { bucket: 'b', endpoint: 'minio:9000', insecure: true, accessKeySecret: { name: 's', key: 'a' }, key: `wf/${pod}` },
    });
  });
});

describe('memoize, ttl, expressions', () => {
  const MEMO = `
spec:
  entrypoint: main
  templates:
  - name: main
    memoize: {key: "k-{{workflow.parameters.x}}", maxAge: "1h", cache: {configMap: {name: cache}}}
    container: {image: busybox}
  arguments: {parameters: [{name: x, value: "1"}]}
`;
  it('writes a memo entry after a miss and reuses it without a pod on a hit', () => {
    const sim = new Simulator(wf(MEMO), () => ({ exitCode: 0, outputs: { result: 'cached' } }));
    sim.run();
    const write = sim.last!.actions.find((a) => a.type === 'upsertConfigMap');
    expect(write).toMatchObject({ type: 'upsertConfigMap', name: 'cache' });
    expect(sim.node('wf')!.memoizationStatus).toEqual({ hit: false, key: 'k-1', cacheName: 'cache' });
    const ctx = emptyContext();
    ctx.configMaps.set('cache', { data: (write as { data: Record<string, string> }).data });
    const again = new Simulator(wf(MEMO), ok, testConfig, ctx);
    again.run();
    expect(again.created).toEqual([]);
    expect(again.node('wf')).toMatchObject({ phase: 'Succeeded', outputs: { result: 'cached' }, memoizationStatus: { hit: true, key: 'k-1', cacheName: 'cache' } });
  });

  it('deletes a finished workflow after its ttl', () => {
    const sim = new Simulator(wf(`
spec:
  entrypoint: main
  ttlStrategy: {secondsAfterCompletion: 10, secondsAfterSuccess: 5}
  templates: [{name: main, container: {image: busybox}}]
`), ok);
    sim.run();
    expect(sim.last!.requeueAfterMs).toBe(5000);
    sim.now = new Date(sim.now.getTime() + 5000);
    expect(sim.step().actions).toEqual([{ type: 'deleteWorkflow' }]);
  });

  it('evaluates output valueFrom.expression and artifact fromExpression', () => {
    const sim = new Simulator(wf(`
spec:
  entrypoint: d
  templates:
  - name: d
    dag:
      tasks:
      - {name: a, template: gen}
      - name: b
        template: use
        depends: a
        arguments:
          artifacts: [{name: in, fromExpression: "tasks.a.outputs.result == 'x' ? tasks.a.outputs.artifacts.out : nil"}]
    outputs:
      parameters: [{name: r, valueFrom: {expression: "tasks.a.outputs.result + '!'"}}]
  - name: gen
    outputs: {artifacts: [{name: out, path: /o}]}
    container: {image: busybox}
  - name: use
    inputs: {artifacts: [{name: in, path: /i}]}
    container: {image: busybox}
`), (n) => ({ exitCode: 0, outputs: n === 'wf.a' ? { result: 'x', artifacts: [{ name: 'out', s3: { key: 'k' } }] } : {} }));
    sim.run();
    expect(sim.wf.status!.phase).toBe('Succeeded');
    expect(sim.node('wf.b')!.inputs!.artifacts).toEqual([{ name: 'in', path: '/i', s3: { key: 'k' } }]);
    expect(sim.node('wf')!.outputs).toEqual({ parameters: [{ name: 'r', value: 'x!' }] });
  });
});

describe('artifact arguments', () => {
  it('keeps the argument\'s own subPath (and other fields) on an artifact passed with from', () => {
    const sim = new Simulator(wf(`
spec:
  entrypoint: d
  templates:
  - name: d
    dag:
      tasks:
      - {name: a, template: gen}
      - name: b
        template: use
        depends: a
        arguments:
          artifacts: [{name: in, from: "{{tasks.a.outputs.artifacts.out}}", subPath: hello.txt, mode: 493}]
  - name: gen
    outputs: {artifacts: [{name: out, path: /o}]}
    container: {image: busybox}
  - name: use
    inputs: {artifacts: [{name: in, path: /i}]}
    container: {image: busybox}
`), (n) => ({ exitCode: 0, outputs: n === 'wf.a' ? { artifacts: [{ name: 'out', s3: { bucket: 'b', key: 'wf/pod/o.tgz' } }] } : {} }));
    sim.run();
    expect(sim.wf.status!.phase).toBe('Succeeded');
    expect(sim.node('wf.b')!.inputs!.artifacts).toEqual([{ name: 'in', path: '/i', s3: { bucket: 'b', key: 'wf/pod/o.tgz' }, subPath: 'hello.txt', mode: 493 }]);
  });
});

describe('steps failFast with parallelism (loops-arbitrary-sequential-steps)', () => {
  it('stops starting iterations after the failing one', () => {
    const sim = new Simulator(wf(`
spec:
  entrypoint: main
  arguments: {parameters: [{name: p, value: '[{"c":0},{"c":0},{"c":1},{"c":0}]'}]}
  templates:
  - name: main
    inputs: {parameters: [{name: p}]}
    parallelism: 1
    failFast: true
    steps:
    - - {name: u, template: t, withParam: "{{inputs.parameters.p}}", arguments: {parameters: [{name: c, value: "{{item.c}}"}]}}
  - name: t
    inputs: {parameters: [{name: c}]}
    container: {image: alpine, args: ["exit {{inputs.parameters.c}}"]}
`), (_n, pod) => ({ exitCode: Number(/exit (\d+)/.exec(pod.spec!.containers.find((c) => c.name === 'main')!.command!.join(' '))![1]) }));
    sim.run();
    expect(sim.wf.status!.phase).toBe('Failed');
    expect(sim.created.length).toBe(3);
    expect(sim.node('wf[0].u(3:c:0)')).toBeUndefined();
  });
});

describe('workflow-level retryStrategy', () => {
  it('applies to every template without its own: the root is a Retry node and its attempt aggregates the outputs (TestParameterAggregationDAGWithRetry)', () => {
    const sim = new Simulator(wf(`
spec:
  retryStrategy: {limit: 1}
  entrypoint: fan
  templates:
  - name: echo
    inputs: {parameters: [{name: m}]}
    container: {image: busybox}
    outputs: {parameters: [{name: out, value: "{{inputs.parameters.m}}"}]}
  - name: fan
    dag:
      tasks:
      - {name: e, template: echo, arguments: {parameters: [{name: m, value: "{{item}}"}]}, withItems: [1, 2, 3]}
    outputs:
      parameters:
      - name: all
        valueFrom: {parameter: "{{tasks.e.outputs.parameters.out}}"}
`), (n) => ({ exitCode: 0, outputs: { parameters: [{ name: 'out', value: /e\(\d+:(\d+)\)/.exec(n)![1]! }] } }));
    sim.run();
    expect(sim.wf.status!.phase).toBe('Succeeded');
    expect(sim.node('wf')).toMatchObject({ type: 'Retry', phase: 'Succeeded' });
    expect(sim.node('wf(0)')).toMatchObject({ type: 'DAG', displayName: 'wf(0)', phase: 'Succeeded' });
    expect(sim.node('wf(0)')!.outputs!.parameters).toEqual([{ name: 'all', value: '["1","2","3"]' }]);
    // The tasks' pods are attempts of their own Retry nodes.
    expect(sim.node('wf(0).e(0:1)')).toMatchObject({ type: 'Retry' });
    expect(sim.node('wf(0).e(0:1)(0)')).toMatchObject({ type: 'Pod', phase: 'Succeeded' });
  });
});
