import { fnv32a } from '@argo-ts/lang';
import { dagWorkflow, stepsWorkflow, suspendedWorkflow, at } from '../testdata/fixtures.js';
import type { NodeStatus, Workflow } from '../types.js';
import { compareSiblings, loopIndex } from './node-tree.js';
import { resourcesDurationText, treeRows, treeTable } from './tree.js';
import { podNameOf } from '../workflow/names.js';
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
    nodes['steps-abc-102'] = { id: 'steps-abc-102', name: 'steps-abc[2]', displayName: '[2]', type: 'StepGroup', boundaryID: 'steps-abc', children: ['steps-abc-131'] };
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
    expect(lines[2]).toMatch(/^ ├───✔ hello1\s+whalesay\s+steps-abc-whalesay-3488355582\s+4s$/);
    expect(lines[4]).toMatch(/^ {3}└─✖ hello2b\s+whalesay\s+steps-abc-whalesay-1338992850\s+7s\s+exit code 1$/);
  });

  it('shows ǁ for an active suspend node, and words and ASCII connectors with --no-utf8', () => {
    const utf = treeTable(suspendedWorkflow(), { style, now }).map((r) => r[0]);
    expect(utf[2]).toBe(' └─┬─ǁ approve');
    const ascii = treeTable(dagWorkflow(), { style: { utf8: false, color: false }, now }).map((r) => r[0]);
    // Argo's --no-utf8 draws the connectors in 7-bit ASCII too.
    expect(ascii).toContain(' |-Succeeded A');
    expect(ascii).toContain(' |-Running C');
    expect(ascii).toContain('   `-Pending D(1)');
    const suspended = treeTable(suspendedWorkflow(), { style: { utf8: false, color: false }, now }).map((r) => r[0]);
    expect(suspended[2]).toBe(' `-+-Suspend approve');
  });

  it('keeps only matching rows with a filter', () => {
    const rows = treeTable(dagWorkflow(), { style, now, filter: (n) => n.phase === 'Running' });
    // The exit handler (Pending) is filtered out, but Argo still prints the blank row before its tree.
    expect(rows.slice(1).map((r) => r[0].trim())).toEqual(['● dag-x', '├─● C', '└─● D', '']);
  });

  it('measures a running pod until now', () => {
    const rows = treeTable(dagWorkflow(), { style, now });
    expect(rows.find((r) => r[0].endsWith(' C'))![3]).toBe('16s');
  });
});

describe('podNameOf', () => {
  it('follows the v2 pod name format and the root-pod and v1 exceptions', () => {
    const wf = dagWorkflow();
    // Argo hashes the node name (GeneratePodName), whatever the node's id says.
    expect(podNameOf(wf, wf.status!.nodes!['dag-x-1']!)).toBe(`dag-x-echo-${fnv32a(wf.status!.nodes!['dag-x-1']!.name)}`);
    expect(podNameOf(wf, { id: 'dag-x', name: 'dag-x', type: 'Pod', templateName: 'echo' })).toBe('dag-x');
    expect(podNameOf(wf, wf.status!.nodes!['dag-x']!)).toBe('');
    wf.metadata.annotations = { 'workflows.argoproj.io/pod-name-format': 'v1' };
    expect(podNameOf(wf, wf.status!.nodes!['dag-x-1']!)).toBe('dag-x-1');
  });
});

describe('tree shape', () => {
  const wfOf = (nodes: NodeStatus[], name = 'w'): Workflow => ({
    apiVersion: 'argoproj.io/v1alpha1', kind: 'Workflow', metadata: { name }, spec: {},
    status: { nodes: Object.fromEntries(nodes.map((n) => [n.id, n])) },
  });
  const n = (id: string, type: string, extra: Partial<NodeStatus> = {}): NodeStatus => ({ id, name: id, displayName: id, type, phase: 'Succeeded', startedAt: at(0), ...extra });
  const lines = (wf: Workflow, opts = {}) => treeRows(wf, opts).map((r) => `${r.prefix}${r.node.displayName}`);

  it('orders siblings by start time, a node that never started first, then index, then name', () => {
    const wf = wfOf([
      n('w', 'DAG'),
      n('late', 'Pod', { boundaryID: 'w', startedAt: at(5) }),
      n('b', 'Pod', { boundaryID: 'w' }),
      n('a', 'Pod', { boundaryID: 'w' }),
      n('x(10:k)', 'Pod', { boundaryID: 'w' }),
      n('x(9:j)', 'Pod', { boundaryID: 'w' }),
      n('new', 'Pod', { boundaryID: 'w', startedAt: undefined }),
    ]);
    expect(lines(wf)).toEqual(['w', '├─new', '├─a', '├─b', '├─x(9:j)', '├─x(10:k)', '└─late']);
  });

  it('reads the loop index Argo-style: digits between the first ( and the first :', () => {
    expect(loopIndex('sleep(12:twelve)')).toBe(12);
    expect(loopIndex('sleep(a:b)')).toBe(-1);
    expect(loopIndex('[0]')).toBe(-1);
    expect(loopIndex('retry(3)')).toBe(-1);
    expect(compareSiblings(n('p', 'Pod', { displayName: 'x(2:a)' }), n('q', 'Pod', { displayName: 'x(10:a)' }))).toBeLessThan(0);
    expect(compareSiblings(n('p', 'Pod', { displayName: 'b' }), n('q', 'Pod', { displayName: 'a(1:x)' }))).toBeGreaterThan(0);
  });

  it('draws nothing without a node named after the workflow, and drops nodes whose boundary is missing', () => {
    expect(treeTable(wfOf([n('other', 'Pod')]), { style, now })).toEqual([]);
    const wf = wfOf([n('w', 'Steps'), n('orphan', 'Pod', { boundaryID: 'gone' }), n('tg', 'TaskGroup', { boundaryID: 'w' })]);
    expect(lines(wf)).toEqual(['w']);
  });

  it('hides a one-attempt Retry and an omitted node, keeping the sibling connectors of the full list', () => {
    const wf = wfOf([
      n('w', 'DAG'),
      n('r', 'Retry', { boundaryID: 'w', children: ['r0'] }),
      n('r0', 'Pod', { boundaryID: 'w', displayName: 'r(0)' }),
      n('o', 'Skipped', { boundaryID: 'w', phase: 'Omitted', startedAt: at(1) }),
    ]);
    // Argo counts the hidden omitted node when choosing ├─ or └─, so no row ends the list.
    expect(lines(wf)).toEqual(['w', '├─r(0)']);
  });

  it('a hidden first child of a step group hands its place on the line to its own first child', () => {
    const wf = wfOf([
      n('w', 'Steps', { phase: 'Running' }),
      n('g', 'StepGroup', { boundaryID: 'w', children: ['a', 'b'] }),
      n('a', 'Steps', { boundaryID: 'w', phase: 'Succeeded' }),
      n('a1', 'Pod', { boundaryID: 'a', phase: 'Failed' }),
      n('b', 'Pod', { boundaryID: 'w', phase: 'Failed', startedAt: at(1) }),
    ]);
    expect(lines(wf, { filter: (x: NodeStatus) => x.phase !== 'Succeeded' })).toEqual(['w', '└─┬─a1', '  └─b']);
  });

  it('puts a node listed by two groups under one of them only', () => {
    const wf = wfOf([n('w', 'Steps'), n('g', 'StepGroup', { boundaryID: 'w', children: ['p'] }), n('h', 'Retry', { boundaryID: 'w', children: ['p', 'q'] }), n('p', 'Pod', { boundaryID: 'w' }), n('q', 'Pod', { boundaryID: 'w' })]);
    expect(lines(wf).filter((r) => r.endsWith('p'))).toHaveLength(1);
  });
});

describe('columns', () => {
  it('formats resource durations as Argo does: Go durations over Argo denominators', () => {
    expect(resourcesDurationText({ memory: 65, cpu: 3 })).toBe('3s*(1 cpu),1m5s*(100Mi memory)');
    expect(resourcesDurationText({ 'ephemeral-storage': 3700, 'nvidia.com/gpu': 0 })).toBe('1h1m40s*(10Gi ephemeral-storage),0s*(1 nvidia.com/gpu)');
    expect(resourcesDurationText(undefined)).toBe('');
  });

  it('prints a template reference as name/template and a pending pod as 0s', () => {
    const wf = dagWorkflow();
    const node = wf.status!.nodes!['dag-x-1']!;
    node.templateRef = { name: 'lib', template: 'say' };
    delete node.startedAt;
    delete node.finishedAt;
    const row = treeTable(wf, { style, now }).find((r) => r[0].endsWith(' A'))!;
    expect(row.slice(1, 4)).toEqual(['lib/say', `dag-x-say-${fnv32a(node.name)}`, '0s']);
  });

  it('leaves the icon out for a phase Argo has none for', () => {
    const wf = stepsWorkflow();
    delete wf.status!.nodes!['steps-abc-111']!.phase;
    expect(treeTable(wf, { style, now })[2]![0]).toBe(' ├─── hello1');
  });
});
