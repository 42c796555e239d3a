import { at, dagWorkflow, stepsWorkflow, suspendedWorkflow } from '../testdata/fixtures.js';
import { listRows, sortByCreation, displayStatus } from './list.js';
import { headerLines, progressOf, renderWorkflow } from './workflow.js';

const style = { utf8: true, color: false };
const now = new Date(at(120));

describe('workflow view', () => {
  it('prints the header in %-20s %v layout with Argo labels', () => {
    const lines = headerLines(stepsWorkflow(), { style, now });
    expect(lines[0]).toBe('Name:                steps-abc');
    expect(lines[1]).toBe('Namespace:           argo');
    expect(lines[2]).toBe('ServiceAccount:      unset (will run with the default ServiceAccount)');
    expect(lines[3]).toBe('Status:              Failed');
    expect(lines[4]).toBe('Message:             child failed');
    expect(lines.find((l) => l.startsWith('Created:'))).toMatch(/\(2 minutes ago\)$/);
    expect(lines).toContain('Duration:            12 seconds');
    expect(lines).toContain('Progress:            3/3');
    expect(lines).toContain('Parameters:');
    expect(lines).toContain('  message:           hi');
  });

  it('has no Finished line while running and counts progress over pods', () => {
    const wf = dagWorkflow();
    const lines = headerLines(wf, { style, now });
    expect(lines.some((l) => l.startsWith('Finished:'))).toBe(false);
    expect(lines).toContain('ServiceAccount:      runner');
    expect(progressOf(wf)).toBe('3/6');
    wf.status!.progress = '4/7';
    expect(progressOf(wf)).toBe('4/7');
  });

  it('puts the tree after a blank line', () => {
    const full = renderWorkflow(stepsWorkflow(), { style, now });
    const blank = full.indexOf('');
    expect(full[blank + 1]).toMatch(/^STEP\s+TEMPLATE/);
  });

  it('-o short prints the tree alone, with NODENAME, and the header only when there is no tree', () => {
    const short = renderWorkflow(stepsWorkflow(), { style, now, short: true });
    expect(short).toEqual([
      // Pod names hash the node name (Argo's GeneratePodName), not the fixture's short node id.
      'STEP            TEMPLATE           PODNAME                        DURATION  MESSAGE      NODENAME',
      ' ✔ steps-abc    hello-hello-hello',
      ' ├───✔ hello1   whalesay           steps-abc-whalesay-3488355582  4s',
      ' └─┬─✔ hello2a  whalesay           steps-abc-whalesay-1322215231  3s',
      '   └─✖ hello2b  whalesay           steps-abc-whalesay-1338992850  7s        exit code 1',
    ]);
    const bare = stepsWorkflow();
    bare.status = { ...bare.status, nodes: {} };
    expect(renderWorkflow(bare, { style, now, short: true })[0]).toBe('Name:                steps-abc');
  });
});

describe('list view', () => {
  it('prints NAME STATUS AGE DURATION PRIORITY MESSAGE, newest first', () => {
    const older = stepsWorkflow();
    const newer = dagWorkflow();
    newer.metadata.creationTimestamp = at(60);
    const lines = listRows(sortByCreation([older, newer]), { now });
    expect(lines[0]).toMatch(/^NAME\s+STATUS\s+AGE\s+DURATION\s+PRIORITY\s+MESSAGE$/);
    expect(lines[1]).toMatch(/^dag-x\s+Running\s+1m\s+2m\s+0$/);
    expect(lines[2]).toMatch(/^steps-abc\s+Failed\s+2m\s+12s\s+0\s+child failed$/);
  });

  it('adds NAMESPACE with -A and hides headers with --no-headers', () => {
    const lines = listRows([stepsWorkflow()], { now, allNamespaces: true, noHeaders: true });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^argo\s+steps-abc\s+Failed/);
  });

  it('says Running (Suspended) for a suspended running workflow', () => {
    const wf = dagWorkflow();
    wf.spec.suspend = true;
    expect(displayStatus(wf)).toBe('Running (Suspended)');
  });
});

describe('header in Argo words', () => {
  it('reads the status as Argo does: suspended by a waiting suspend node, terminated, not yet started', () => {
    const wf = suspendedWorkflow();
    wf.spec.suspend = false;
    expect(displayStatus(wf)).toBe('Running (Suspended)');
    const stopped = stepsWorkflow();
    stopped.spec.shutdown = 'Stop';
    expect(headerLines(stopped, { style, now })[3]).toBe('Status:              Failed (Terminated)');
    const fresh = dagWorkflow();
    delete fresh.status;
    expect(displayStatus(fresh)).toBe('Pending');
    delete fresh.metadata.creationTimestamp;
    expect(displayStatus(fresh)).toBe('Unknown');
  });

  it('prints a condition message when it has one, with Argo icons for metric errors and spec warnings', () => {
    const wf = stepsWorkflow();
    wf.status!.conditions = [
      { type: 'PodRunning', status: 'False' },
      { type: 'SpecWarning', status: 'True', message: 'spec deprecated' },
      { type: 'Completed', status: 'True' },
    ];
    const lines = headerLines(wf, { style, now });
    const at = lines.indexOf('Conditions:');
    expect(lines.slice(at, at + 4)).toEqual([
      'Conditions:',
      ' PodRunning          False',
      '⚠ SpecWarning        spec deprecated',
      ' Completed           True',
    ]);
    expect(headerLines(wf, { style: { utf8: false, color: false }, now })).toContain('Warning SpecWarning  spec deprecated');
  });

  it('says unset for a workflow run from a template, and skips parameters without a value', () => {
    const wf = stepsWorkflow();
    wf.spec.workflowTemplateRef = { name: 'tmpl' };
    wf.spec.arguments.parameters.push({ name: 'later' });
    const lines = headerLines(wf, { style, now });
    expect(lines[2]).toBe('ServiceAccount:      unset');
    expect(lines.some((l) => l.includes('later'))).toBe(false);
  });

  it('prints no tree, not even its header, without a node named after the workflow', () => {
    const wf = stepsWorkflow();
    const nodes = wf.status!.nodes!;
    delete nodes['steps-abc'];
    const lines = renderWorkflow(wf, { style, now });
    expect(lines.some((l) => l.startsWith('STEP'))).toBe(false);
    expect(lines[lines.length - 1]).toBe('  message:           hi');
  });
});
