/**
 * Outputs a person supplies to a suspended node (`valueFrom.supplied`, set by `argo node set`):
 * the node carries them from its start, the next step reads the supplied value once resumed.
 */
import { parse } from 'yaml';
import { parseNodeFieldSelector, setNodePatch, settleSuspendNodes, type ApiWorkflow } from '@argo-ts/spec';
import type { NodeStatus, Workflow } from './model.js';
import { Simulator, declaredOutputs } from './testing/simulator.js';

const wf = (): Workflow => ({
  ...(parse(`
spec:
  entrypoint: main
  templates:
  - name: main
    steps:
    - - {name: approve, template: approve}
    - - {name: act, template: act, arguments: {parameters: [{name: answer, value: '{{steps.approve.outputs.parameters.answer}}'}]}}
  - name: approve
    suspend: {}
    outputs: {parameters: [{name: answer, valueFrom: {supplied: {}}}]}
  - name: act
    inputs: {parameters: [{name: answer}]}
    container: {image: alpine, command: [echo, '{{inputs.parameters.answer}}']}
`) as Workflow),
  metadata: { name: 'wf' },
});

/** Applies a node patch as a merge patch of status.nodes would. */
function patchNodes(sim: Simulator, nodes: Record<string, Partial<NodeStatus>>): void {
  const all = { ...sim.wf.status!.nodes! };
  for (const [id, p] of Object.entries(nodes)) all[id] = { ...all[id]!, ...p } as NodeStatus;
  sim.wf = { ...sim.wf, status: { ...sim.wf.status!, nodes: all } };
}

describe('a suspended node with supplied outputs', () => {
  it('declares them on the node, and the next step reads the value supplied before resume', () => {
    const sim = new Simulator(wf(), declaredOutputs);
    sim.run();
    const approve = sim.node('wf[0].approve')!;
    expect(approve).toMatchObject({ type: 'Suspend', phase: 'Running', outputs: { parameters: [{ name: 'answer', valueFrom: { supplied: {} } }] } });
    const now = new Date('2026-01-01T00:00:00Z');
    const sel = parseNodeFieldSelector('displayName=approve');
    patchNodes(sim, setNodePatch(sim.wf as unknown as ApiWorkflow, sel, { outputParameters: { answer: 'yes' } }, 'displayName=approve', now).nodes as Record<string, Partial<NodeStatus>>);
    patchNodes(sim, settleSuspendNodes(sim.wf as unknown as ApiWorkflow, sel, 'Succeeded', now) as Record<string, Partial<NodeStatus>>);
    sim.run();
    expect(sim.wf.status!.phase).toBe('Succeeded');
    expect(sim.node('wf[1].act')!.inputs!.parameters).toEqual([{ name: 'answer', value: 'yes' }]);
  });

  it('refuses what Argo refuses: an undeclared name, a value set twice, a node that is not suspended', () => {
    const sim = new Simulator(wf(), declaredOutputs);
    sim.run();
    const w = sim.wf as unknown as ApiWorkflow;
    const now = new Date('2026-01-01T00:00:00Z');
    const approve = parseNodeFieldSelector('displayName=approve');
    expect(() => setNodePatch(w, approve, { outputParameters: { nope: 'x' } }, 'displayName=approve', now)).toThrow("node is not expecting output parameter 'nope'");
    patchNodes(sim, setNodePatch(w, approve, { outputParameters: { answer: 'yes' } }, 'displayName=approve', now).nodes as Record<string, Partial<NodeStatus>>);
    expect(() => setNodePatch(sim.wf as unknown as ApiWorkflow, approve, { outputParameters: { answer: 'no' } }, 'displayName=approve', now))
      .toThrow("cannot set output parameter 'answer' because it does not use valueFrom.raw or it was already set");
    expect(() => setNodePatch(w, parseNodeFieldSelector('displayName=main'), { message: 'm' }, 'displayName=main', now))
      .toThrow('currently, set only targets suspend nodes: no suspend nodes matching nodeFieldSelector: displayName=main');
  });
});
