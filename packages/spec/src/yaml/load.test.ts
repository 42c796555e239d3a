import { loadManifests } from './load.js';
import { formatProblem } from './problem.js';

const WF = `apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  name: wf
spec:
  entrypoint: main
  templates:
  - name: a
  - name: b
  - name: main
    steps:
    - - name: s0
        template: a
      - name: s1
        template: b
`;

describe('loadManifests', () => {
  it('maps a field path to the line and column of its key', () => {
    const { documents, problems } = loadManifests(WF, 'wf.yaml');
    expect(problems).toEqual([]);
    expect(documents).toHaveLength(1);
    const doc = documents[0];
    expect(doc.kind).toBe('Workflow');
    expect(doc.name).toBe('wf');
    expect(doc.locate(['spec', 'templates', 2, 'steps', 0, 1, 'template'])).toEqual({ line: 15, column: 9 });
    expect(doc.locate(['spec', 'templates', 2, 'steps', 0, 1])).toEqual({ line: 14, column: 9 });
    expect(doc.locate(['spec', 'entrypoint'])).toEqual({ line: 6, column: 3 });
  });

  it('points a missing field at its closest existing parent', () => {
    const doc = loadManifests(WF, 'wf.yaml').documents[0];
    expect(doc.locate(['spec', 'templates', 0, 'container', 'image'])).toEqual({ line: 8, column: 5 });
    expect(doc.locate(['spec', 'templates', 9])).toEqual({ line: 7, column: 3 });
  });

  it('splits documents on --- and ignores empty ones', () => {
    const text = `---\n# only a comment\n---\nkind: A\n---\n---\nkind: B\n...\n`;
    const { documents, problems } = loadManifests(text, 'm.yaml');
    expect(problems).toEqual([]);
    expect(documents.map((d) => [d.kind, d.index])).toEqual([['A', 0], ['B', 1]]);
    expect(documents[1].locate(['kind'])).toEqual({ line: 7, column: 1 });
  });

  it('reports syntax errors as file:line:col: yaml: <what>, never throwing', () => {
    const { documents, problems } = loadManifests('a: 1\nb:\n\t- x\n', 'tab.yaml');
    expect(documents).toEqual([]);
    expect(problems.map(formatProblem)).toEqual(['tab.yaml:3:1: yaml: Tabs are not allowed as indentation']);
    expect(problems[0]).toMatchObject({ code: 'yaml-syntax', severity: 'error', transient: false });
  });

  it('keeps the other documents of a file when one is broken', () => {
    const { documents, problems } = loadManifests('kind: A\n---\nx: [1, 2\n---\nkind: C\n', 'mix.yaml');
    expect(documents.map((d) => d.kind)).toEqual(['A', 'C']);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ path: 'yaml', line: 4, code: 'yaml-syntax' });
  });

  it('rejects a document that is not a mapping', () => {
    const { problems } = loadManifests('- a\n- b\n', 'list.yaml');
    expect(problems.map(formatProblem)).toEqual(['list.yaml:1:1: (document): expected a mapping with apiVersion and kind, got list']);
  });

  it('reads a plain 0755 as octal, like go-yaml, and leaves yes/no as strings', () => {
    const doc = loadManifests('mode: 0755\nother: 0o10\nplain: 755\nflag: yes\nname: n\n', 'o.yaml').documents[0];
    expect(doc.object).toEqual({ mode: 493, other: 8, plain: 755, flag: 'yes', name: 'n' });
  });

  it('accepts a quoted scalar whose closing "] sits at its parent key indentation, as go-yaml does', () => {
    const text = 'spec:\n  c:\n    args: ["\n      echo hi &&\n      echo \\"there\\"\n    "]\n    image: x\n';
    const { documents, problems } = loadManifests(text, 'flow.yaml');
    expect(problems).toEqual([]);
    expect(documents[0].object).toEqual({ spec: { c: { args: [' echo hi && echo "there" '], image: 'x' } } });
    expect(documents[0].locate(['spec', 'c', 'image'])).toEqual({ line: 7, column: 5 });
  });

  it('parses JSON and still locates fields', () => {
    const text = '{\n  "apiVersion": "argoproj.io/v1alpha1",\n  "kind": "Workflow",\n  "spec": {\n    "entrypoint": 3\n  }\n}\n';
    const doc = loadManifests(text, 'wf.json').documents[0];
    expect(doc.kind).toBe('Workflow');
    expect(doc.locate(['spec', 'entrypoint'])).toEqual({ line: 5, column: 5 });
  });

  it('locates a {{tag}} inside a string exactly, whatever the scalar style', () => {
    const text = 'a: |\n  one\n    two {{x}} {{y}}\nb: "q \\" {{z}}"\nc: >\n  folded\n  {{w}}\n';
    const doc = loadManifests(text, 't.yaml').documents[0];
    expect(doc.locateTag?.(['a'], 1)).toEqual({ line: 3, column: 15 });
    expect(doc.locateTag?.(['b'], 0)).toEqual({ line: 4, column: 10 });
    expect(doc.locateTag?.(['c'], 0)).toEqual({ line: 7, column: 3 });
    expect(doc.locateTag?.(['c'], 1)).toBeUndefined();
    expect(doc.locateTag?.(['missing'], 0)).toBeUndefined();
  });
});
