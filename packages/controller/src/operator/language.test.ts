/**
 * Issue 12's user-visible disagreements, through operate: the operator reads
 * `depends`, `workflow.*` and Go durations exactly as the lint does, because
 * both use @argo-ts/lang. Each case failed before the language had one home.
 */
import { parse } from 'yaml';
import { lintObjects } from '@argo-ts/spec';

const lint = (objs: Record<string, unknown>[]) => lintObjects(objs).problems;
import type { Workflow } from './model.js';
import { Simulator } from './testing/simulator.js';

function wf(yaml: string): Workflow {
  const w = parse(yaml) as Workflow;
  w.metadata = { name: 'wf', ...(w.metadata ?? {}) };
  return w;
}

function dagWith(depends: string): string {
  return `
apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {name: wf}
spec:
  entrypoint: main
  templates:
  - name: main
    dag:
      tasks:
      - {name: a, template: echo}
      - {name: b, template: echo, depends: "${depends}"}
  - name: echo
    container: {image: busybox, command: [echo, hi]}
`;
}

/** The main container's args in the template the pod's executor runs. */
function mainArgs(sim: Simulator): string[] {
  const pod = [...sim.pods.values()][0]!;
  const env = pod.spec!.containers.find((c) => c.name === 'main')!.env!;
  return JSON.parse(env.find((e) => e.name === 'ARGO_TEMPLATE')!.value!).container.args;
}

describe('the operator and the lint read the language the same way', () => {
  it.each([
    ['a.Bogus', 'unknown result "Bogus" for task "a"'],
    ['a.b.Succeeded', 'unknown result "b" for task "a"'],
  ])('rejects depends %j with the message the lint gives', (depends, why) => {
    const text = dagWith(depends);
    const lintMessages = lint([parse(text)]).map((p) => p.message);
    expect(lintMessages).toEqual([`cannot parse "${depends}": ${why}: use one of Succeeded, Failed, Errored, Skipped, Omitted, Daemoned, AnySucceeded, AllFailed`]);
    const sim = new Simulator(wf(text), () => ({ exitCode: 0 }));
    sim.run();
    expect(sim.wf.status!.phase).toBe('Error');
    expect(sim.wf.status!.message).toContain(`task 'b': cannot parse "${depends}": ${why}`);
    expect(sim.created).toEqual([]);
  });

  it('substitutes workflow.scheduledTime, which the lint accepts, from the CronWorkflow annotation', () => {
    const text = `
apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  name: wf
  annotations: {workflows.argoproj.io/scheduled-time: "2026-01-01T00:00:00Z"}
spec:
  entrypoint: main
  templates:
  - name: main
    container: {image: busybox, command: [echo], args: ["{{workflow.scheduledTime}}"]}
`;
    expect(lint([parse(text)])).toEqual([]);
    const sim = new Simulator(wf(text), () => ({ exitCode: 0 }));
    sim.step();
    expect(mainArgs(sim)).toEqual(['2026-01-01T00:00:00Z']);
  });

  it('reads a Go duration with several units in sprig.dateModify, as time.ParseDuration does', () => {
    const text = `
apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {name: wf, creationTimestamp: "2026-01-01T10:00:00Z"}
spec:
  entrypoint: main
  templates:
  - name: main
    container:
      image: busybox
      command: [echo]
      args: ["{{=sprig.date('15:04', sprig.dateModify('1h30m', workflow.creationTimestamp))}}", "{{=sprig.date('15:04', sprig.dateModify('1d', workflow.creationTimestamp))}}"]
`;
    const sim = new Simulator(wf(text), () => ({ exitCode: 0 }));
    sim.step();
    // '1d' is not a Go duration: sprig leaves the date as it is.
    expect(mainArgs(sim)).toEqual(['11:30', '10:00']);
  });

  it('decides a when with a catastrophic regexp on a 40-character input (RE2, no backtracking)', () => {
    const text = `
apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {name: wf}
spec:
  entrypoint: main
  arguments: {parameters: [{name: s, value: "${'a'.repeat(39)}!"}]}
  templates:
  - name: main
    steps:
    - - name: check
        template: echo
        arguments: {parameters: [{name: s, value: "{{workflow.parameters.s}}"}]}
  - name: echo
    inputs: {parameters: [{name: s}]}
    steps:
    - - name: inner
        template: leaf
        when: "'{{inputs.parameters.s}}' =~ '(a+)+$'"
  - name: leaf
    container: {image: busybox, command: [echo, hi]}
`;
    const sim = new Simulator(wf(text), () => ({ exitCode: 0 }));
    sim.run();
    expect(sim.wf.status!.phase).toBe('Succeeded');
    expect(sim.created).toEqual([]);
    expect(Object.values(sim.wf.status!.nodes!).find((n) => n.displayName === 'inner')!.phase).toBe('Skipped');
  });
});
