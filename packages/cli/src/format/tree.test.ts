import { dagWorkflow, stepsWorkflow, suspendedWorkflow, at } from '../testdata/fixtures.js';
import { podNameOf, treeRows, treeTable } from './tree.js';
import { alignColumns } from './table.js';

const style = { utf8: true, color: false };
const now = new Date(at(20));

describe('treeRows', () => {
  it('draws steps with Argo connectors: one-step group, then a parallel group', () => {
    const rows = treeRows(stepsWorkflow()).map((r) => `${r.prefix}${r.node.displayName}`);
    expect(rows).toEqual(['steps-abc', '├───hello1', '└─┬─hello2a', '  └─hello2b']);
  });

  it('lists DAG tasks flat, nests retry attempts, and adds the exit handler as a second tree', () => {
    const rows = treeRows(dagWorkflow()).map((r) => `${r.prefix}${r.node.displayName}`);
    expect(rows).toEqual(['dag-x', '├─A', '├─B', '├─C', '└─D', '  ├─D(0)', '  └─D(1)', 'dag-x.onExit']);
  });

  it('draws a middle parallel group with a rail for later groups', () => {
    const wf = stepsWorkflow();
    const nodes = wf.status!.nodes!;
    // Append a third group [2] after hello2a so group [1] is no longer the last.
    nodes['steps-abc-102'] = { id: 'steps-abc-102', name: 'steps-abc[2]', type: 'StepGroup', boundaryID: 'steps-abc', children: ['steps-abc-131'] };
    nodes['steps-abc-131'] = { id: 'steps-abc-131', name: 'steps-abc[2].last', displayName: 'last', type: 'Pod', boundaryID: 'steps-abc', phase: 'Pending' };
    const rows = treeRows(wf).map((r) => `${r.prefix}${r.node.displayName}`);
    expect(rows).toEqual(['steps-abc', '├───hello1', '├─┬─hello2a', '│ └─hello2b', '└───last']);
  });
});

describe('treeTable', () => {
  it('renders icons, template, pod name, duration and message columns', () => {
    const lines = alignColumns(treeTable(stepsWorkflow(), { style, now }), 2);
    expect(lines[0]).toMatch(/^STEP\s+TEMPLATE\s+PODNAME\s+DURATION\s+MESSAGE$/);
    expect(lines[1]).toMatch(/^ ✔ steps-abc\s+hello-hello-hello$/);
    expect(lines[2]).toMatch(/^ ├───✔ hello1\s+whalesay\s+steps-abc-whalesay-111\s+4s$/);
    expect(lines[4]).toMatch(/^ {3}└─✖ hello2b\s+whalesay\s+steps-abc-whalesay-122\s+7s\s+exit code 1$/);
  });

  it('shows ǁ for an active suspend node and words with --no-utf8', () => {
    const utf = treeTable(suspendedWorkflow(), { style, now }).map((r) => r[0]);
    expect(utf[2]).toBe(' └─┬─ǁ approve');
    const ascii = treeTable(dagWorkflow(), { style: { utf8: false, color: false }, now }).map((r) => r[0]);
    expect(ascii).toContain(' ├─Succeeded A');
    expect(ascii).toContain(' ├─Running C');
  });

  it('keeps only matching rows with a filter', () => {
    const rows = treeTable(dagWorkflow(), { style, now, filter: (n) => n.phase === 'Running' });
    expect(rows.slice(1).map((r) => r[0].trim())).toEqual(['● dag-x', '├─● C', '└─● D']);
  });

  it('measures a running pod until now', () => {
    const rows = treeTable(dagWorkflow(), { style, now });
    expect(rows.find((r) => r[0].endsWith(' C'))![3]).toBe('16s');
  });
});

describe('podNameOf', () => {
  it('follows the v2 pod name format and the root-pod and v1 exceptions', () => {
    const wf = dagWorkflow();
    expect(podNameOf(wf, wf.status!.nodes!['dag-x-1']!)).toBe('dag-x-echo-1');
    expect(podNameOf(wf, { id: 'dag-x', name: 'dag-x', type: 'Pod', templateName: 'echo' })).toBe('dag-x');
    expect(podNameOf(wf, wf.status!.nodes!['dag-x']!)).toBe('');
    wf.metadata.annotations = { 'workflows.argoproj.io/pod-name-format': 'v1' };
    expect(podNameOf(wf, wf.status!.nodes!['dag-x-1']!)).toBe('dag-x-1');
  });
});
