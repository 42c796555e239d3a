import { suspendedWorkflow } from '../testdata/fixtures.js';
import { applyOverrides, mergeParameterSources } from './overrides.js';
import { filterWorkflows } from './lookup.js';
import { matchesNode, nodeField, parseFieldSelector, parseLabels, parseParameter } from './selectors.js';
import { dagWorkflow, stepsWorkflow, at } from '../testdata/fixtures.js';
import { Labels } from './labels.js';
import { Labels as SpecLabels } from '@argo-ts/spec';

describe('selectors', () => {
  const node = suspendedWorkflow().status!.nodes!['sus-1-200']!;
  it('reads node fields by path, parameters by name', () => {
    expect(nodeField(node, 'inputs.parameters.tag.value')).toBe('t1');
    expect(nodeField(node, 'displayName')).toBe('approve');
    expect(nodeField(node, 'templateRef.name')).toBeUndefined();
  });
  it('matches = and != requirements together', () => {
    expect(matchesNode(node, parseFieldSelector('displayName=approve,phase!=Succeeded'))).toBe(true);
    expect(matchesNode(node, parseFieldSelector('displayName==approve,phase=Succeeded'))).toBe(false);
  });
  it('rejects malformed selectors and parameters with the flag named', () => {
    expect(() => parseFieldSelector('justakey')).toThrow('--node-field-selector: "justakey" is not key=value or key!=value');
    expect(() => parseParameter('novalue')).toThrow('-p novalue: expected name=value');
    expect(parseParameter('a=b=c')).toEqual({ name: 'a', value: 'b=c' });
    expect(parseLabels('a=1, b=2')).toEqual({ a: '1', b: '2' });
  });
  it('uses the same label keys as @argo-ts/spec', () => {
    expect(Labels.workflow).toBe(SpecLabels.workflow);
    expect(Labels.completed).toBe(SpecLabels.completed);
    expect(Labels.cronWorkflow).toBe(SpecLabels.cronWorkflow);
  });
});

describe('submit overrides', () => {
  it('overwrites and appends parameters, -p winning over -f', () => {
    const params = mergeParameterSources({ message: 'file', count: 3 }, [{ name: 'message', value: 'flag' }]);
    expect(params).toEqual([{ name: 'message', value: 'flag' }, { name: 'count', value: '3' }]);
    const wf = applyOverrides(stepsWorkflow(), { parameters: params, entrypoint: 'e', serviceAccount: 'sa', labels: 'x=y', generateName: 'g-' });
    expect(wf.spec.arguments.parameters).toEqual([{ name: 'message', value: 'flag' }, { name: 'count', value: '3' }]);
    expect(wf.spec.entrypoint).toBe('e');
    expect(wf.spec.serviceAccountName).toBe('sa');
    expect(wf.metadata.labels).toMatchObject({ x: 'y', team: 'a' });
    expect(wf.metadata.name).toBeUndefined();
    expect(wf.metadata.generateName).toBe('g-');
  });
});

describe('list filters', () => {
  const now = new Date(at(3600));
  const running = dagWorkflow();
  const failed = stepsWorkflow();
  it('--running / --completed / --status / --prefix', () => {
    expect(filterWorkflows([running, failed], { running: true }, now)).toEqual([running]);
    expect(filterWorkflows([running, failed], { completed: true }, now)).toEqual([failed]);
    expect(filterWorkflows([running, failed], { status: ['failed,Succeeded'] }, now)).toEqual([failed]);
    expect(filterWorkflows([running, failed], { prefix: 'dag' }, now)).toEqual([running]);
    expect(() => filterWorkflows([], { running: true, completed: true }, now)).toThrow('mutually exclusive');
  });
  it('--since and --older use creation and finish times', () => {
    const recent = dagWorkflow();
    recent.metadata.creationTimestamp = at(3500);
    expect(filterWorkflows([running, recent], { since: '5m' }, now)).toEqual([recent]);
    expect(filterWorkflows([running, failed], { older: '30m' }, now)).toEqual([failed]);
    expect(filterWorkflows([failed], { older: '2h' }, now)).toEqual([]);
    expect(() => filterWorkflows([], { since: 'soon' }, now)).toThrow('--since soon: not a duration');
  });
});
