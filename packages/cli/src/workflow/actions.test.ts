import { CliError } from '../errors.js';
import { dagWorkflow, stepsWorkflow, suspendedWorkflow, at } from '../testdata/fixtures.js';
import { formulateResubmit, formulateRetry, resumePatch, RESUBMITTED_FROM_LABEL, settleSuspendNodes } from './actions.js';
import { fnv32a, nodeIdFor } from './names.js';
import { parseFieldSelector } from './selectors.js';

const now = new Date(at(100));

describe('resume', () => {
  it('without a selector unsuspends and succeeds every active suspend node, supplying output defaults', () => {
    const p = resumePatch(suspendedWorkflow(), [], now);
    expect(p.spec).toEqual({ suspend: null });
    expect(Object.keys(p.nodes).sort()).toEqual(['sus-1-200', 'sus-1-201']);
    expect(p.nodes['sus-1-200']).toMatchObject({ phase: 'Succeeded', finishedAt: now.toISOString() });
    expect(p.nodes['sus-1-200']!.outputs!.parameters![0]!.value).toBe('yes');
  });

  it('with a selector only touches matching nodes and leaves spec alone', () => {
    const p = resumePatch(suspendedWorkflow(), parseFieldSelector('inputs.parameters.tag.value=t2'), now);
    expect(p.spec).toBeUndefined();
    expect(Object.keys(p.nodes)).toEqual(['sus-1-201']);
  });

  it('fails clearly when the selector matches nothing', () => {
    expect(() => resumePatch(suspendedWorkflow(), parseFieldSelector('displayName=nope'), now)).toThrow(/no suspended node matches/);
  });

  it('stop with a selector fails the matching suspend node with the message', () => {
    const nodes = settleSuspendNodes(suspendedWorkflow(), parseFieldSelector('displayName=approve'), 'Failed', now, 'rejected');
    expect(nodes).toEqual({ 'sus-1-200': { phase: 'Failed', finishedAt: now.toISOString(), message: 'rejected' } });
  });
});

describe('retry', () => {
  it('removes failed pods, resets their ancestors to Running and the workflow to Running', () => {
    const { workflow, podsToDelete, taskResultsToDelete } = formulateRetry(stepsWorkflow(), { selector: [] });
    const nodes = workflow.status!.nodes!;
    expect(podsToDelete).toEqual(['steps-abc-whalesay-122']);
    expect(taskResultsToDelete).toEqual(['steps-abc-122']);
    expect(nodes['steps-abc-122']).toBeUndefined();
    expect(nodes['steps-abc-121']!.phase).toBe('Succeeded');
    // hello1 links to group [1] only because it ran before it: it stays as it was.
    expect(nodes['steps-abc-111']).toEqual(stepsWorkflow().status!.nodes!['steps-abc-111']);
    expect(nodes['steps-abc-101']!.phase).toBe('Running');
    expect(nodes['steps-abc-101']!.children).toEqual(['steps-abc-121']);
    expect(nodes['steps-abc']!.phase).toBe('Running');
    expect(nodes['steps-abc']!.finishedAt).toBeUndefined();
    expect(workflow.status!.phase).toBe('Running');
    expect(workflow.status!.finishedAt).toBeUndefined();
    expect(workflow.status!.message).toBeUndefined();
    expect(workflow.metadata.labels).toEqual({ team: 'a' });
  });

  it('with --restart-successful re-runs matching successful nodes and what came after them', () => {
    const { workflow, podsToDelete } = formulateRetry(stepsWorkflow(), { restartSuccessful: true, selector: parseFieldSelector('displayName=hello1') });
    expect(podsToDelete.sort()).toEqual(['steps-abc-whalesay-111', 'steps-abc-whalesay-121', 'steps-abc-whalesay-122']);
    expect(Object.keys(workflow.status!.nodes!).sort()).toEqual(['steps-abc', 'steps-abc-100']);
  });

  it('deletes the recorded response of a failed HTTP node so that the re-run sends its request again', () => {
    const wf = stepsWorkflow();
    const failed = wf.status!.nodes!['steps-abc-122']!;
    failed.type = 'HTTP';
    const { workflow, podsToDelete, taskResultsToDelete } = formulateRetry(wf, { selector: [] });
    expect(podsToDelete).toEqual([]);
    expect(taskResultsToDelete).toEqual(['steps-abc-122']);
    expect(workflow.status!.nodes!['steps-abc-122']).toBeUndefined();
  });

  it('overrides parameters and refuses workflows that did not fail', () => {
    const { workflow } = formulateRetry(stepsWorkflow(), { selector: [], parameters: [{ name: 'message', value: 'again' }] });
    expect(workflow.spec.arguments.parameters).toEqual([{ name: 'message', value: 'again' }]);
    let err: unknown;
    try { formulateRetry(dagWorkflow(), { selector: [] }); } catch (e) { err = e; }
    expect((err as CliError).code).toBe('invalid-input');
    expect((err as CliError).message).toBe('workflow dag-x is Running: only Failed or Error workflows can be retried');
  });

  it('does not change the input object', () => {
    const wf = stepsWorkflow();
    const before = JSON.stringify(wf);
    formulateRetry(wf, { selector: [] });
    expect(JSON.stringify(wf)).toBe(before);
  });
});

describe('resubmit', () => {
  it('creates a new workflow from the old spec, keeping user labels only', () => {
    const wf = formulateResubmit(stepsWorkflow(), { parameters: [{ name: 'message', value: 'x' }] });
    expect(wf.metadata).toEqual({ generateName: 'steps-abc-', namespace: 'argo', labels: { team: 'a', [RESUBMITTED_FROM_LABEL]: 'steps-abc' } });
    expect(wf.status).toBeUndefined();
    expect(wf.spec.arguments.parameters).toEqual([{ name: 'message', value: 'x' }]);
  });

  it('--memoized carries successful pods over as Skipped under a fixed new name', () => {
    const wf = formulateResubmit(stepsWorkflow(), { memoized: true, randomSuffix: () => 'zzzzz', now });
    expect(wf.metadata.name).toBe('steps-abc-zzzzz');
    const nodes = Object.values(wf.status!.nodes!);
    const h1 = nodes.find((n) => n.displayName === 'hello1')!;
    expect(h1).toMatchObject({ type: 'Skipped', phase: 'Skipped', message: 'original pod: steps-abc-111', name: 'steps-abc-zzzzz[0].hello1' });
    expect(h1.id).toBe(`steps-abc-zzzzz-${fnv32a('steps-abc-zzzzz[0].hello1')}`);
    expect(nodes.find((n) => n.displayName === 'hello2b')).toMatchObject({ type: 'Pod', phase: 'Pending' });
    const root = wf.status!.nodes!['steps-abc-zzzzz']!;
    expect(root.children).toEqual([nodeIdFor('steps-abc-zzzzz', 'steps-abc-zzzzz[0]')]);
  });

  it('--memoized refuses a workflow that did not fail', () => {
    expect(() => formulateResubmit(dagWorkflow(), { memoized: true })).toThrow(/only Failed or Error workflows can be resubmitted with --memoized/);
  });

  it('fnv32a matches the Go hash/fnv New32a reference values', () => {
    expect(fnv32a('')).toBe(0x811c9dc5);
    expect(fnv32a('a')).toBe(0xe40c292c);
    expect(fnv32a('foobar')).toBe(0xbf9cf968);
  });
});
