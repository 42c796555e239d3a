import { globalScope, inputsScope, itemScope, loopNodeScope, nodeScope, ABSENT } from './index.js';

describe('globalScope', () => {
  const wf = {
    metadata: {
      name: 'wf-1', namespace: 'argo', uid: 'u-1', labels: { app: 'demo' },
      annotations: { 'example.io/owner': 'team', 'workflows.argoproj.io/scheduled-time': '2026-04-29T00:00:00Z' },
      creationTimestamp: '2024-03-04T05:06:07Z',
    },
    spec: { entrypoint: 'main', serviceAccountName: 'sa', priority: 5, arguments: { parameters: [{ name: 'greeting', value: 'hello' }, { name: 'n', value: 3 }] } },
    status: { phase: 'Running', startedAt: '2024-03-04T05:06:07Z', outputs: { parameters: [{ name: 'g', value: 'G' }], artifacts: [{ name: 'art', s3: { key: 'k' } }] } },
  };
  const s = globalScope(wf, { now: new Date('2024-03-04T05:06:17.5Z') });

  it.each<[string, unknown]>([
    ['workflow.name', 'wf-1'], ['workflow.namespace', 'argo'], ['workflow.uid', 'u-1'], ['workflow.mainEntrypoint', 'main'],
    ['workflow.serviceAccountName', 'sa'], ['workflow.priority', '5'],
    ['workflow.parameters.greeting', 'hello'], ['workflow.parameters.n', '3'],
    ['workflow.parameters.json', '[{"name":"greeting","value":"hello"},{"name":"n","value":"3"}]'],
    ['workflow.labels.app', 'demo'], ['workflow.labels.json', '{"app":"demo"}'], ['workflow.annotations.example.io/owner', 'team'],
    ['workflow.creationTimestamp', '2024-03-04T05:06:07Z'], ['workflow.creationTimestamp.RFC3339', '2024-03-04T05:06:07Z'],
    ['workflow.creationTimestamp.Y', '2024'], ['workflow.creationTimestamp.m', '03'], ['workflow.creationTimestamp.d', '04'],
    ['workflow.creationTimestamp.H', '05'], ['workflow.creationTimestamp.s', '1709528767'], ['workflow.creationTimestamp.j', '064'],
    ['workflow.scheduledTime', '2026-04-29T00:00:00Z'], ['workflow.duration', '10.5'], ['workflow.status', 'Running'],
    ['workflow.outputs.parameters.g', 'G'], ['workflow.outputs.artifacts.art', { name: 'art', s3: { key: 'k' } }],
  ])('%s', (k, v) => expect(s[k]).toEqual(v));

  it('lets resolved parameters override the spec', () => {
    expect(globalScope(wf, { parameters: [{ name: 'greeting', value: 'hey' }] })['workflow.parameters.greeting']).toBe('hey');
  });
});

describe('inputsScope', () => {
  it('exposes parameters (value, else default), artifacts and declared output paths', () => {
    const s = inputsScope({
      inputs: { parameters: [{ name: 'a', value: 'x' }, { name: 'b', default: 'dflt' }, { name: 'c' }], artifacts: [{ name: 'in', path: '/tmp/in' }] },
      outputs: { parameters: [{ name: 'o', valueFrom: { path: '/tmp/o' } }], artifacts: [{ name: 'oa', path: '/tmp/oa' }] },
    });
    expect(s).toEqual({
      'inputs.parameters': '[{"name":"a","value":"x"},{"name":"b","default":"dflt","value":"dflt"},{"name":"c"}]',
      'inputs.parameters.a': 'x', 'inputs.parameters.b': 'dflt',
      'inputs.artifacts.in': { name: 'in', path: '/tmp/in' }, 'inputs.artifacts.in.path': '/tmp/in',
      'outputs.parameters.o.path': '/tmp/o', 'outputs.artifacts.oa.path': '/tmp/oa',
    });
  });
});

describe('itemScope', () => {
  it.each<[unknown, Record<string, unknown>]>([
    ['a', { item: 'a' }],
    [3, { item: 3 }],
    [{ k: 'v', n: 1, m: { x: 1 } }, { item: { k: 'v', n: 1, m: { x: 1 } }, 'item.k': 'v', 'item.n': '1', 'item.m': '{"x":1}' }],
    [[1, 2], { item: [1, 2] }],
  ])('%j', (item, want) => expect(itemScope(item)).toEqual(want));
});

describe('nodeScope', () => {
  it('gives pod nodes an empty hostNodeName when the pod did not report one, other nodes none', () => {
    expect(nodeScope('steps', 'p', { type: 'Pod', phase: 'Succeeded' })['steps.p.hostNodeName']).toBe('');
    expect(nodeScope('steps', 'p', { type: 'Steps', phase: 'Succeeded' })['steps.p.hostNodeName']).toBeUndefined();
  });

  it('exposes id, status, times, exit code, result, parameters, artifacts and absent outputs', () => {
    const s = nodeScope('steps', 'gen', {
      id: 'wf-123', phase: 'Succeeded', startedAt: '2024-01-01T00:00:00Z', finishedAt: new Date('2024-01-01T00:00:05Z'),
      hostNodeName: 'node-1', podIP: '10.0.0.1',
      outputs: { result: 'out', exitCode: '0', parameters: [{ name: 'p', value: 'v' }], artifacts: [{ name: 'a', s3: { key: 'k' } }] },
    }, ['missing']);
    expect(s).toEqual({
      'steps.gen.id': 'wf-123', 'steps.gen.status': 'Succeeded', 'steps.gen.startedAt': '2024-01-01T00:00:00Z',
      'steps.gen.finishedAt': '2024-01-01T00:00:05Z', 'steps.gen.hostNodeName': 'node-1', 'steps.gen.ip': '10.0.0.1',
      'steps.gen.exitCode': '0', 'steps.gen.outputs.result': 'out', 'steps.gen.outputs.parameters.p': 'v',
      'steps.gen.outputs.artifacts.a': { name: 'a', s3: { key: 'k' } }, 'steps.gen.outputs.parameters.missing': ABSENT,
    });
  });
});

describe('loopNodeScope', () => {
  const child = (i: number, phase: string, result: string, p?: string) => ({
    displayName: `fan(${i}:x)`, phase, type: 'Pod',
    outputs: { result, ...(p !== undefined ? { parameters: [{ name: 'p', value: p }] } : {}) },
  });

  it('aggregates succeeded children in loop order, results parsed as JSON', () => {
    const s = loopNodeScope('tasks', 'fan', [child(2, 'Succeeded', '{"m":2}', 'c'), child(0, 'Succeeded', '1', 'a'), child(1, 'Failed', 'x', 'b'), child(10, 'Succeeded', 'hello', 'd')]);
    expect(s).toEqual({
      'tasks.fan.outputs.result': '[1,{"m":2},"hello"]',
      'tasks.fan.outputs.parameters': '[{"p":"a"},{"p":"c"},{"p":"d"}]',
      'tasks.fan.outputs.parameters.p': '["a","c","d"]',
    });
  });

  it('keeps parameter values structured when every value is JSON object or list', () => {
    const s = loopNodeScope('steps', 'fan', [child(0, 'Succeeded', '', '{"a":1}'), child(1, 'Succeeded', '', '[2]')]);
    expect(s['steps.fan.outputs.parameters.p']).toBe('[{"a":1},[2]]');
  });

  it('gives nothing for a loop without children', () => {
    expect(loopNodeScope('steps', 'fan', [])).toEqual({});
  });
});
