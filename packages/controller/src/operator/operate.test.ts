import { parse } from 'yaml';
import { readFileSync } from 'node:fs';
import type { Workflow } from './model.js';
import { fnv32a, nodeId, podName } from '@argo-ts/lang';
import { operate } from './operate.js';
import { Simulator, emptyContext, testConfig, type Script } from './testing/simulator.js';

function wf(yaml: string, name = 'wf'): Workflow {
  const w = parse(yaml) as Workflow;
  w.metadata = { ...(w.metadata ?? {}), name };
  return w;
}

const ok: Script = () => ({ exitCode: 0 });

function tree(sim: Simulator): string[] {
  return Object.values(sim.wf.status!.nodes!)
    .map((n) => `${n.name} ${n.type} ${n.phase}${n.message ? ` "${n.message}"` : ''}`)
    .sort();
}

describe('names', () => {
  it('hashes with FNV-1a 32 like Go', () => {
    expect(fnv32a('')).toBe(2166136261);
    expect(fnv32a('a')).toBe(0xe40c292c);
    expect(nodeId('wf', 'wf')).toBe('wf');
    expect(nodeId('wf', 'wf[0].a')).toBe(`wf-${fnv32a('wf[0].a')}`);
    expect(podName('wf', 'wf[0].a', 'echo')).toBe(`wf-echo-${fnv32a('wf[0].a')}`);
    expect(podName('wf', 'wf', 'echo')).toBe('wf');
    expect(podName('w'.repeat(300), 'x', 't').length).toBe(242 + 1 + String(fnv32a('x')).length);
  });
});

const HELLO = `
spec:
  entrypoint: main
  templates:
  - name: main
    container: {image: busybox, command: [echo], args: [hello]}
`;

describe('container template', () => {
  it('creates one pod named as the workflow and succeeds', () => {
    const sim = new Simulator(wf(HELLO), () => ({ exitCode: 0, outputs: { result: 'hello' } }));
    sim.run();
    expect(sim.wf.status!.phase).toBe('Succeeded');
    expect(sim.created).toEqual(['wf']);
    expect(tree(sim)).toEqual(['wf Pod Succeeded']);
    expect(sim.node('wf')!.outputs).toEqual({ result: 'hello', exitCode: '0' });
    expect(sim.wf.status!.progress).toBe('1/1');
  });

  it('fails with Argo\'s message on a non-zero exit', () => {
    const sim = new Simulator(wf(HELLO), () => ({ exitCode: 3 }));
    sim.run();
    expect(sim.wf.status!.phase).toBe('Failed');
    expect(sim.wf.status!.message).toBe('Error (exit code 3)');
  });

  it('is idempotent: operating twice on the same input gives the same result', () => {
    const w = wf(HELLO);
    const now = new Date('2026-01-01T00:00:00Z');
    const a = operate(w, [], now, testConfig, emptyContext());
    const b = operate(w, [], now, testConfig, emptyContext());
    expect(b).toEqual(a);
    const again = operate({ ...w, status: a.status }, [], now, testConfig, emptyContext());
    expect(again.actions.filter((x) => x.type === 'createPod')).toEqual([]);
    expect(w.status).toBeUndefined();
  });

  it('errors the node when an input parameter is missing', () => {
    const sim = new Simulator(wf(`
spec:
  entrypoint: main
  templates:
  - name: main
    inputs: {parameters: [{name: msg}]}
    container: {image: busybox, command: [echo, "{{inputs.parameters.msg}}"]}
`), ok);
    sim.run();
    expect(sim.wf.status!.phase).toBe('Error');
    expect(sim.wf.status!.message).toBe('inputs.parameters.msg was not supplied');
  });
});

const STEPS = `
spec:
  entrypoint: main
  arguments: {parameters: [{name: greeting, value: hi}]}
  templates:
  - name: main
    steps:
    - - {name: a, template: echo, arguments: {parameters: [{name: m, value: "{{workflow.parameters.greeting}}"}]}}
    - - {name: b, template: echo, arguments: {parameters: [{name: m, value: "{{steps.a.outputs.result}}"}]}}
      - {name: c, template: echo, arguments: {parameters: [{name: m, value: c}]}, when: "{{steps.a.outputs.result}} == nope"}
  - name: echo
    inputs: {parameters: [{name: m}]}
    container: {image: busybox, command: [echo, "{{inputs.parameters.m}}"]}
`;

describe('steps', () => {
  it('runs groups in order, passes outputs, skips on when', () => {
    const sim = new Simulator(wf(STEPS), (name, pod) => {
      const tmpl = JSON.parse(pod.spec!.containers.find((c) => c.name === 'main')!.env!.find((e) => e.name === 'ARGO_TEMPLATE')!.value!);
      return { exitCode: 0, outputs: { result: `${tmpl.container.command[1]}x` } };
    });
    sim.step();
    expect(sim.created).toEqual([podName('wf', 'wf[0].a', 'echo')]);
    sim.run();
    expect(tree(sim)).toEqual([
      'wf Steps Succeeded',
      'wf[0] StepGroup Succeeded',
      'wf[0].a Pod Succeeded',
      'wf[1] StepGroup Succeeded',
      'wf[1].b Pod Succeeded',
      `wf[1].c Skipped Skipped "when 'hix == nope' evaluated false"`,
    ]);
    expect(sim.node('wf[1].b')!.outputs!.result).toBe('hixx');
    expect(sim.node('wf[1].b')!.inputs).toEqual({ parameters: [{ name: 'm', value: 'hix' }] });
    const id = (n: string) => nodeId('wf', n);
    expect(sim.node('wf')!.children).toEqual([id('wf[0]')]);
    expect(sim.node('wf[0]')!.children).toEqual([id('wf[0].a')]);
    expect(sim.node('wf[0].a')!.children).toEqual([id('wf[1]')]);
    expect(sim.node('wf[1]')!.children).toEqual([id('wf[1].b'), id('wf[1].c')]);
    expect(sim.node('wf')!.outboundNodes).toEqual([id('wf[1].b'), id('wf[1].c')]);
    expect(sim.node('wf[1].b')!.boundaryID).toBe('wf');
    expect(sim.wf.status!.progress).toBe('2/2');
  });

  it('fails the workflow with child \'<id>\' failed', () => {
    const sim = new Simulator(wf(STEPS), (name) => ({ exitCode: name === 'wf[0].a' ? 1 : 0 }));
    sim.run();
    expect(sim.wf.status!.phase).toBe('Failed');
    expect(sim.wf.status!.message).toBe(`child '${nodeId('wf', 'wf[0].a')}' failed`);
    expect(sim.node('wf[1]')).toBeUndefined();
  });

  it('survives a controller restart: only the status carries state', () => {
    const res: Script = () => ({ exitCode: 0, outputs: { result: 'r' } });
    const sim = new Simulator(wf(STEPS), res);
    sim.step();
    sim.settle();
    sim.step();
    const resumed = new Simulator(sim.wf, res);
    resumed.adopt(sim.pods);
    resumed.run();
    expect(resumed.wf.status!.phase).toBe('Succeeded');
    expect([...sim.created, ...resumed.created].sort()).toEqual([...new Set([...sim.created, ...resumed.created])].sort());
  });
});

const DIAMOND = `
spec:
  entrypoint: d
  templates:
  - name: d
    dag:
      tasks:
      - {name: A, template: t}
      - {name: B, template: t, dependencies: [A]}
      - {name: C, template: t, dependencies: [A]}
      - {name: D, template: t, dependencies: [B, C]}
  - name: t
    container: {image: busybox}
`;

describe('dag', () => {
  it('runs a diamond in dependency order with Argo\'s node tree', () => {
    const sim = new Simulator(wf(DIAMOND), ok);
    sim.step();
    expect(sim.created).toEqual([podName('wf', 'wf.A', 't')]);
    sim.settle();
    sim.step();
    expect(sim.created.length).toBe(3);
    sim.run();
    expect(tree(sim)).toEqual(['wf DAG Succeeded', 'wf.A Pod Succeeded', 'wf.B Pod Succeeded', 'wf.C Pod Succeeded', 'wf.D Pod Succeeded']);
    const id = (n: string) => nodeId('wf', n);
    expect(sim.node('wf')!.children).toEqual([id('wf.A')]);
    expect(sim.node('wf.A')!.children).toEqual([id('wf.B'), id('wf.C')]);
    expect(sim.node('wf.B')!.children).toEqual([id('wf.D')]);
    expect(sim.node('wf')!.outboundNodes).toEqual([id('wf.D')]);
  });

  it('omits tasks whose depends is false and fails from a failed ancestor', () => {
    const sim = new Simulator(wf(DIAMOND.replace('    dag:\n', '    dag:\n      failFast: false\n')), (n) => ({ exitCode: n === 'wf.B' ? 1 : 0 }));
    sim.run();
    expect(tree(sim)).toContain('wf.D Skipped Omitted "omitted: depends condition not met"');
    expect(sim.wf.status!.phase).toBe('Failed');
    expect(sim.wf.status!.message).toBe(`child '${nodeId('wf', 'wf.B')}' failed`);
  });

  it('evaluates enhanced depends', () => {
    const sim = new Simulator(wf(`
spec:
  entrypoint: d
  templates:
  - name: d
    dag:
      failFast: false
      tasks:
      - {name: A, template: t}
      - {name: on-fail, template: t, depends: "A.Failed"}
      - {name: on-ok, template: t, depends: "A.Succeeded || A.Skipped"}
      - {name: either, template: t, depends: "on-fail || on-ok.Omitted"}
  - name: t
    container: {image: busybox}
`), (n) => ({ exitCode: n === 'wf.A' ? 2 : 0 }));
    sim.run();
    expect(tree(sim)).toEqual([
      // A's failure is handled by on-fail (depends on A.Failed), and the only target succeeded.
      'wf DAG Succeeded',
      'wf.A Pod Failed "Error (exit code 2)"',
      'wf.either Pod Succeeded',
      'wf.on-fail Pod Succeeded',
      'wf.on-ok Skipped Omitted "omitted: depends condition not met"',
    ]);
  });
});

describe('memoised readiness', () => {
  const WIDE = `
spec:
  entrypoint: d
  templates:
  - name: d
    dag:
      failFast: false
      tasks:
      - {name: a, template: t}
      - {name: b, template: t, depends: a}
      - {name: c, template: t, depends: a.Failed}
      - {name: d, template: t, dependencies: [b, c]}
      - {name: e, template: t, depends: "d || c"}
      - {name: f, template: t}
  - name: t
    container: {image: busybox}
`;
  const script: Script = (n) => ({ exitCode: n === 'wf.b' ? 1 : 0 });
  it('gives the same nodes whether the memo hits (pure, in place) or misses (status read back)', () => {
    const modes: Partial<Pick<Simulator, 'inPlace' | 'roundTrip'>>[] = [{}, { inPlace: true }, { roundTrip: true }];
    const runs = modes.map((o) => {
      const sim = new Simulator(wf(WIDE), script);
      Object.assign(sim, o);
      sim.run();
      return { tree: tree(sim), created: sim.created, ops: sim.operations };
    });
    expect(runs[1]).toEqual(runs[0]);
    expect(runs[2]).toEqual(runs[0]);
    expect(runs[0]!.tree).toContain('wf.c Skipped Omitted "omitted: depends condition not met"');
    expect(runs[0]!.tree).toContain('wf.e Skipped Omitted "omitted: depends condition not met"');
  });
});

describe('loops', () => {
  it('expands withItems into name(i:value) and aggregates results', () => {
    const sim = new Simulator(wf(`
spec:
  entrypoint: main
  templates:
  - name: main
    steps:
    - - {name: p, template: t, withItems: [a, {k: v, b: "x(1)"}], arguments: {parameters: [{name: v, value: "{{item}}"}]}}
    - - {name: s, template: t, arguments: {parameters: [{name: v, value: "{{steps.p.outputs.result}}"}]}}
    - - {name: e, template: t, withParam: "[]", arguments: {parameters: [{name: v, value: "{{item}}"}]}}
  - name: t
    inputs: {parameters: [{name: v}]}
    container: {image: busybox}
`), (name) => ({ exitCode: 0, outputs: { result: name.includes('(0') ? '1' : 'two' } }));
    sim.run();
    expect(sim.wf.status!.phase).toBe('Succeeded');
    expect(sim.node('wf[0].p(0:a)')!.inputs!.parameters![0]!.value).toBe('a');
    expect(sim.node('wf[0].p(1:b:x1,k:v)')!.inputs!.parameters![0]!.value).toBe('{"b":"x(1)","k":"v"}');
    expect(sim.node('wf[1].s')!.inputs!.parameters![0]!.value).toBe('[1,"two"]');
    expect(sim.node('wf[2].e')).toMatchObject({ type: 'Skipped', phase: 'Skipped', message: 'Skipped, empty params' });
  });

  it('uses withSequence with a format and a TaskGroup in a DAG', () => {
    const sim = new Simulator(wf(`
spec:
  entrypoint: d
  templates:
  - name: d
    dag:
      tasks:
      - {name: s, template: t, withSequence: {start: "5", end: "3", format: "u%02d"}, arguments: {parameters: [{name: v, value: "{{item}}"}]}}
  - name: t
    inputs: {parameters: [{name: v}]}
    container: {image: busybox}
`), ok);
    sim.run();
    expect(tree(sim)).toEqual(['wf DAG Succeeded', 'wf.s TaskGroup Succeeded', 'wf.s(0:u05) Pod Succeeded', 'wf.s(1:u04) Pod Succeeded', 'wf.s(2:u03) Pod Succeeded']);
  });
});

describe('retryStrategy', () => {
  const RETRY = (extra: string) => `
spec:
  entrypoint: r
  templates:
  - name: r
    retryStrategy: {limit: 2${extra}}
    container: {image: busybox}
`;
  it('retries up to limit+1 attempts then stops with No more retries left', () => {
    const sim = new Simulator(wf(RETRY('')), () => ({ exitCode: 1 }));
    sim.run();
    expect(tree(sim)).toEqual(['wf Retry Failed "No more retries left"', 'wf(0) Pod Failed "Error (exit code 1)"', 'wf(1) Pod Failed "Error (exit code 1)"', 'wf(2) Pod Failed "Error (exit code 1)"']);
  });

  it('succeeds on a later attempt and takes its outputs', () => {
    const sim = new Simulator(wf(RETRY('')), (n) => (n === 'wf(1)' ? { exitCode: 0, outputs: { result: 'ok' } } : { exitCode: 1 }));
    sim.run();
    expect(sim.wf.status!.phase).toBe('Succeeded');
    expect(sim.node('wf')!.outputs!.result).toBe('ok');
  });

  it('does not retry errors under OnFailure and waits for backoff', () => {
    const sim = new Simulator(wf(RETRY(', retryPolicy: OnFailure')), () => ({ podFailure: 'node lost' }));
    sim.run();
    expect(tree(sim)).toEqual(['wf Retry Error "node lost"', 'wf(0) Pod Error "node lost"']);
    const b = new Simulator(wf(RETRY(', backoff: {duration: "10s", factor: 2}')), () => ({ exitCode: 1 }));
    b.step();
    b.settle();
    const r = b.step();
    expect(r.requeueAfterMs).toBe(10_000);
    expect(b.node('wf')!.message).toBe('Backoff for 10s');
    b.run();
    expect(Object.keys(b.wf.status!.nodes!).length).toBe(4);
  });
});

describe('exit handler', () => {
  it('runs onExit with workflow.status after the entrypoint', () => {
    const sim = new Simulator(wf(`
spec:
  entrypoint: main
  onExit: bye
  templates:
  - name: main
    container: {image: busybox}
  - name: bye
    container: {image: busybox, args: ["{{workflow.status}}"]}
`), (n) => ({ exitCode: n === 'wf' ? 1 : 0 }));
    sim.run();
    expect(sim.wf.status!.phase).toBe('Failed');
    const exit = sim.node('wf.onExit')!;
    expect(exit.phase).toBe('Succeeded');
    const pod = [...sim.pods.values()].find((p) => p.metadata!.name === podName('wf', 'wf.onExit', 'bye'))!;
    expect(pod.spec!.containers.find((c) => c.name === 'main')!.command).toEqual(['/bin/sh', '/var/run/argo/emissary.sh', '--', 'Failed']);
  });
});

describe('Argo examples run to completion with simulated pods', () => {
  const load = (f: string) => {
    const w = parse(readFileSync(`${process.env.ARGO_COMPAT_DIR}/examples/${f}`, 'utf8')) as Workflow;
    w.metadata = { name: f.replace('.yaml', '') };
    return w;
  };
  it.each([
    ['dag-multiroot.yaml', 'Succeeded'],
    ['dag-nested.yaml', 'Succeeded'],
    ['loops-sequence.yaml', 'Succeeded'],
    ['steps.yaml', 'Succeeded'],
    ['retry-script.yaml', 'Succeeded'],
    ['loops.yaml', 'Succeeded'],
    ['retry-container.yaml', 'Succeeded'],
  ])('%s', (file, phase) => {
    const sim = new Simulator(load(file), ok);
    sim.run();
    expect(sim.wf.status!.phase).toBe(phase);
  });

  it('dag-enhanced-depends: a failed task does not stop tasks whose depends accept it; the DAG succeeds by its targets', () => {
    const sim = new Simulator(load('dag-enhanced-depends.yaml'), (n) => ({ exitCode: n.endsWith('.C') ? 1 : 0 }));
    sim.run();
    const at = (task: string) => sim.node(`dag-enhanced-depends.${task}`)!.phase;
    expect(at('C')).toBe('Failed');
    expect(['should-execute-1', 'should-execute-2', 'should-execute-3'].map(at)).toEqual(['Succeeded', 'Succeeded', 'Succeeded']);
    expect(at('should-not-execute')).toBe('Omitted');
    expect(sim.node('dag-enhanced-depends')!.phase).toBe('Succeeded');
    expect(sim.wf.status!.phase).toBe('Succeeded');
  });

  it('coinflip takes the heads branch when the flip says heads', () => {
    const sim = new Simulator(load('coinflip.yaml'), (n) => ({ exitCode: 0, outputs: n.endsWith('flip-coin') ? { result: 'heads' } : {} }));
    sim.run();
    expect(sim.wf.status!.phase).toBe('Succeeded');
    expect(sim.node('coinflip[1].heads')!.phase).toBe('Succeeded');
    expect(sim.node('coinflip[1].tails')!.message).toBe("when 'heads == tails' evaluated false");
  });
});
