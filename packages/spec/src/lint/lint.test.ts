/** lintObjects/lintPaths behaviour: what valid Argo must pass, the options, and plain-object input. */
import { loadManifests } from '../yaml/load.js';
import { formatProblem } from '../yaml/problem.js';
import { lintObjects, type LintObjectsOptions } from './index.js';

function lint(text: string, opts: LintObjectsOptions = {}): string[] {
  const { documents, problems } = loadManifests(text, 'wf.yaml');
  expect(problems).toEqual([]);
  return lintObjects(documents, opts).problems.map(formatProblem);
}

const WF = 'apiVersion: argoproj.io/v1alpha1\nkind: Workflow\nmetadata:\n  generateName: t-\nspec:\n';
const ECHO = '  - name: echo\n    inputs:\n      parameters:\n      - name: msg\n    container:\n      image: alpine\n      args: ["{{inputs.parameters.msg}}"]\n';

describe('lint accepts valid Argo', () => {
  it('step outputs of earlier groups, loops over maps and withParam items', () => {
    expect(lint(WF + `  entrypoint: main
  templates:
  - name: main
    steps:
    - - name: gen
        template: gen
    - - name: use
        template: echo
        arguments: {parameters: [{name: msg, value: "{{steps.gen.outputs.parameters.out}} {{steps.gen.outputs.result}} {{steps.gen.status}}"}]}
      - name: each
        template: echo
        arguments: {parameters: [{name: msg, value: "{{item.a}}"}]}
        withItems: [{a: 1}, {a: 2}]
      - name: param
        template: echo
        arguments: {parameters: [{name: msg, value: "{{item.whatever}}"}]}
        withParam: "{{steps.gen.outputs.result}}"
  - name: gen
    script:
      image: alpine
      source: echo hi
    outputs:
      parameters:
      - name: out
        valueFrom: {path: /tmp/out}
` + ECHO)).toEqual([]);
  });

  it('task outputs of transitive dependencies named through depends', () => {
    expect(lint(WF + `  entrypoint: main
  templates:
  - name: main
    dag:
      tasks:
      - name: a
        template: gen
      - name: b
        template: gen
        depends: a.Succeeded || a.Failed
      - name: c
        template: echo
        depends: "b && !a.Errored"
        arguments: {parameters: [{name: msg, value: "{{tasks.a.outputs.result}} {{tasks.b.exitCode}}"}]}
  - name: gen
    container: {image: alpine}
` + ECHO)).toEqual([]);
  });

  it('workflow.failures in exit handlers, globals set by globalName, custom tags', () => {
    expect(lint(WF + `  entrypoint: main
  onExit: exit
  templates:
  - name: main
    container:
      image: alpine
      args: ["{{custom.thing}} {{workflow.status}} {{workflow.labels.x}}"]
    outputs:
      parameters:
      - name: p
        globalName: shared
        valueFrom: {path: /tmp/p}
  - name: exit
    container:
      image: alpine
      args: ["{{workflow.failures}} {{workflow.outputs.parameters.shared}}"]
`)).toEqual([]);
  });

  it('WorkflowTemplates: parameters may come from the workflow that runs them', () => {
    const text = `apiVersion: argoproj.io/v1alpha1
kind: WorkflowTemplate
metadata: {name: lib}
spec:
  templates:
  - name: hello
    container:
      image: alpine
      args: ["{{workflow.parameters.anything}}"]
`;
    expect(lint(text)).toEqual([]);
  });
});

describe('lint options', () => {
  const usesCluster = WF + `  entrypoint: main
  templates:
  - name: main
    steps:
    - - name: a
        templateRef: {name: shared, template: hello, clusterScope: true}
`;

  it('asks the resolver for templates the files do not hold', () => {
    expect(lint(usesCluster)).toEqual(['wf.yaml:11:9: spec.templates[0].steps[0][0].templateRef: cluster workflow template "shared" not found']);
    const calls: Array<[string, boolean]> = [];
    const resolveTemplateRef = (name: string, clusterScope: boolean) => {
      calls.push([name, clusterScope]);
      return { spec: { templates: [{ name: 'hello', container: { image: 'alpine' } }] } };
    };
    expect(lint(usesCluster, { resolveTemplateRef })).toEqual([]);
    expect(calls).toEqual([['shared', true]]);
  });

  it('honours strict and kinds', () => {
    const text = WF + '  entrypoint: main\n  templates:\n  - name: main\n    colour: red\n    container: {image: alpine}\n';
    expect(lint(text)).toEqual(['wf.yaml:9:5: spec.templates[0].colour: unknown field "colour"']);
    expect(lint(text, { strict: false })).toEqual([]);
    expect(lint(text, { kinds: ['WorkflowTemplate'] })).toEqual([]);
  });

  it('lints plain objects (as submit does) and reports without a position', () => {
    const wf = {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Workflow',
      metadata: { generateName: 'x-' },
      spec: { entrypoint: 'main', templates: [{ name: 'main', steps: [[{ name: 'a', template: 'nope' }]] }] },
    };
    const result = lintObjects([wf], { source: 'submitted' });
    expect(result.problems.map(formatProblem)).toEqual(['submitted: spec.templates[0].steps[0][0].template: template "nope" not found']);
    expect(result.objects).toHaveLength(1);
    expect(lintObjects([wf], { files: ['a.yaml'] }).problems[0].file).toBe('a.yaml');
  });

  it('ignores objects that are not Argo kinds', () => {
    expect(lintObjects([{ apiVersion: 'v1', kind: 'ConfigMap', data: 3 }]).problems).toEqual([]);
  });
});

describe('spec.arguments enums, as Argo validates them', () => {
  const args = (param: string) => `${WF}  entrypoint: main\n  arguments:\n    parameters:\n${param}  templates:\n  - name: main\n    container: {image: alpine, command: [echo]}\n`;
  it('accepts a value among the enum, and a value known only at run time', () => {
    expect(lint(args('    - name: env\n      value: prod\n      enum: [dev, prod]\n'))).toEqual([]);
    expect(lint(args('    - name: n\n      value: 2\n      enum: [1, 2]\n'))).toEqual([]);
    expect(lint(args('    - name: env\n      value: "{{workflow.name}}"\n      enum: [dev, prod]\n'))).toEqual([]);
  });
  it("refuses a value outside it, and an empty enum, in Argo's words", () => {
    expect(lint(args('    - name: env\n      value: test\n      enum: [dev, prod]\n'))).toEqual([
      'wf.yaml:10:7: spec.arguments.parameters[0].value: spec.arguments.env.value should be present in spec.arguments.env.enum list',
    ]);
    expect(lint(args('    - name: env\n      value: dev\n      enum: []\n'))).toEqual([
      'wf.yaml:11:7: spec.arguments.parameters[0].enum: spec.arguments.env.enum should contain at least one value',
    ]);
  });
});

describe('volumeClaimGC', () => {
  it("refuses a strategy Argo does not know, naming the two it does", () => {
    const wf = `${WF}  entrypoint: main\n  volumeClaimGC:\n    strategy: Always\n  templates:\n  - name: main\n    container: {image: alpine, command: [echo]}\n`;
    expect(lint(wf)).toEqual(['wf.yaml:8:5: spec.volumeClaimGC.strategy: expected one of OnWorkflowCompletion, OnWorkflowSuccess, got "Always"']);
    expect(lint(wf.replace('Always', 'OnWorkflowCompletion'))).toEqual([]);
  });
});
