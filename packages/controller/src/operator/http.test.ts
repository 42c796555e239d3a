import { parse } from 'yaml';
import { Labels } from '@argo-ts/spec';
import type { Action } from './types.js';
import type { HTTP, Workflow } from './model.js';
import { seededRuntime } from '@argo-ts/lang';
import { httpOutcome, type HttpAttempt } from './http.js';

const rt = seededRuntime(new Date('2024-06-01T12:00:00Z'), 'http-test');
import { nodeId } from '@argo-ts/lang';
import { Simulator, type Script } from './testing/simulator.js';

type HttpRequestAction = Extract<Action, { type: 'httpRequest' }>;
/** Answers a request the way a server (or the network) would. */
type Server = (http: HTTP) => HttpAttempt | undefined;

function wf(yaml: string): Workflow {
  const w = parse(yaml) as Workflow;
  w.metadata = { name: 'wf' };
  return w;
}

/** Pods print their command line, as `echo` would. */
const echoResult: Script = (_name, pod) => {
  const main = pod.spec!.containers.find((c) => c.name === 'main')!;
  const tmpl = JSON.parse(main.env!.find((e) => e.name === 'ARGO_TEMPLATE')!.value!) as { container: { command: string[] } };
  return { exitCode: 0, outputs: { result: tmpl.container.command.slice(1).join(' ') } };
};

function respond(statusCode: number, body: string, headers: Record<string, string[]> = {}): HttpAttempt {
  return { response: { statusCode, body, headers } };
}

/**
 * Drives operate like the kube layer does: every httpRequest the operator
 * emits is answered through `httpOutcome` and recorded as the node's task
 * result (once per node, as the runner does); pods finish per `script`.
 */
function runWith(sim: Simulator, server: Server, maxSteps = 50): { requests: HttpRequestAction[] } {
  const requests: HttpRequestAction[] = [];
  for (let i = 0; i < maxSteps; i++) {
    const r = sim.step();
    if (['Succeeded', 'Failed', 'Error'].includes(r.status.phase ?? '')) return { requests };
    let changed = sim.settle();
    for (const a of r.actions) {
      if (a.type !== 'httpRequest') continue;
      requests.push(a);
      if (sim.ctx.taskResults.has(a.nodeId)) continue;
      const attempt = server(a.http);
      if (!attempt) continue;
      const res = httpOutcome(a.http, attempt, rt);
      sim.ctx.taskResults.set(a.nodeId, { metadata: { name: a.nodeId, labels: { [Labels.workflow]: 'wf' } }, ...res });
      changed++;
    }
    if (!changed && r.requeueAfterMs === undefined) return { requests };
  }
  throw new Error('workflow did not complete');
}

const STEPS = (http: string) => `
spec:
  entrypoint: main
  arguments: {parameters: [{name: base, value: "http://127.0.0.1:9"}]}
  templates:
  - name: main
    steps:
    - - name: call
        template: call
        arguments: {parameters: [{name: path, value: "/items/7"}]}
    - - name: show
        template: show
        arguments: {parameters: [{name: msg, value: "{{steps.call.outputs.result}}"}]}
  - name: call
    inputs: {parameters: [{name: path}]}
    http:
${http.split('\n').map((l) => `      ${l}`).join('\n')}
  - name: show
    inputs: {parameters: [{name: msg}]}
    container: {image: busybox, command: [echo, "{{inputs.parameters.msg}}"]}
`;

const GET = 'url: "{{workflow.parameters.base}}{{inputs.parameters.path}}"\nheaders: [{name: X-Path, value: "{{inputs.parameters.path}}"}]';

describe('http template', () => {
  it('creates an HTTP node, asks for the substituted request and passes the body on as outputs.result', () => {
    const sim = new Simulator(wf(STEPS(GET)), echoResult);
    const { requests } = runWith(sim, () => respond(200, '{"id":7}'));
    expect(sim.wf.status!.phase).toBe('Succeeded');
    const call = sim.node('wf[0].call')!;
    expect(call).toMatchObject({ type: 'HTTP', phase: 'Succeeded', templateName: 'call', displayName: 'call', outputs: { result: '{"id":7}' } });
    expect(call.id).toBe(nodeId('wf', 'wf[0].call'));
    expect(requests[0]).toEqual({
      type: 'httpRequest', nodeId: call.id, nodeName: 'wf[0].call',
      http: { url: 'http://127.0.0.1:9/items/7', method: 'GET', headers: [{ name: 'X-Path', value: '/items/7' }] },
    });
    expect(sim.node('wf[1].show')!.outputs?.result).toBe('{"id":7}');
    expect(sim.created).toHaveLength(1);
  });

  it('keeps the node Pending and re-emits the same request until its result arrives', () => {
    const sim = new Simulator(wf(STEPS(GET)), echoResult);
    const requests = [1, 2, 3].flatMap(() => sim.step().actions.filter((a) => a.type === 'httpRequest'));
    expect(sim.node('wf[0].call')!.phase).toBe('Pending');
    expect(requests).toHaveLength(3);
    expect(new Set(requests.map((r) => JSON.stringify(r))).size).toBe(1);
    expect(sim.node('wf[1].show')).toBeUndefined();
  });

  it('fails on a non-2xx status with Argo\'s message and keeps the body', () => {
    const sim = new Simulator(wf(STEPS(GET)), echoResult);
    runWith(sim, () => respond(404, 'no such item'));
    expect(sim.wf.status!.phase).toBe('Failed');
    expect(sim.node('wf[0].call')).toMatchObject({ phase: 'Failed', message: 'received non-2xx response code: 404', outputs: { result: 'no such item' } });
    expect(sim.node('wf[1].show')).toBeUndefined();
  });

  it('counts every 2xx, and only 2xx, as success by default', () => {
    for (const code of [200, 201, 204, 299]) expect(httpOutcome({ url: 'u' }, respond(code, ''), rt).phase).toBe('Succeeded');
    for (const code of [199, 300, 302, 500]) expect(httpOutcome({ url: 'u' }, respond(code, ''), rt).phase).toBe('Failed');
  });

  it('uses successCondition instead of the status code when given', () => {
    const cond = 'url: "http://x/"\nsuccessCondition: "response.statusCode == 404 && response.body contains \\"gone\\""';
    const ok = new Simulator(wf(STEPS(cond)), echoResult);
    runWith(ok, () => respond(404, 'it is gone'));
    expect(ok.wf.status!.phase).toBe('Succeeded');
    expect(ok.node('wf[1].show')!.outputs?.result).toBe('it is gone');

    const no = new Simulator(wf(STEPS(cond)), echoResult);
    runWith(no, () => respond(200, 'it is gone'));
    expect(no.wf.status!.phase).toBe('Failed');
    expect(no.node('wf[0].call')!.message).toBe(`successCondition 'response.statusCode == 404 && response.body contains "gone"' evaluated false`);
  });

  it('gives successCondition the request and the response headers', () => {
    const http: HTTP = { url: 'http://x/', method: 'POST', body: 'b', headers: [{ name: 'A', value: '1' }, { name: 'S', valueFrom: { secretKeyRef: { name: 's', key: 'k' } } }],
      successCondition: 'request.method == "POST" && request.body == "b" && request.headers["A"][0] == "1" && response.headers["Content-Type"][0] == "text/plain" && request.url == "http://x/"' };
    expect(httpOutcome(http, respond(500, '', { 'Content-Type': ['text/plain'] }), rt)).toMatchObject({ phase: 'Succeeded' });
    expect(httpOutcome({ ...http, successCondition: 'request.headers["S"] == nil' }, respond(200, ''), rt).phase).toBe('Succeeded');
  });

  it('fails with a clear message when successCondition is not a boolean or does not evaluate', () => {
    expect(httpOutcome({ url: 'u', successCondition: 'response.statusCode' }, respond(200, ''), rt))
      .toMatchObject({ phase: 'Failed', message: "successCondition 'response.statusCode' evaluated to 200, expected a boolean" });
    expect(httpOutcome({ url: 'u', successCondition: 'response.statusCode ==' }, respond(200, ''), rt).message)
      .toMatch(/^failed to evaluate expression 'response.statusCode ==': /);
  });

  it('fails the node with the runner\'s reason when there is no response (timeout)', () => {
    const sim = new Simulator(wf(STEPS(`${GET}\ntimeoutSeconds: 2`)), echoResult);
    const { requests } = runWith(sim, () => ({ error: 'GET http://127.0.0.1:9/items/7: no response within 2s (timeoutSeconds)' }));
    expect(requests[0]!.http.timeoutSeconds).toBe(2);
    expect(sim.wf.status!.phase).toBe('Failed');
    expect(sim.node('wf[0].call')).toMatchObject({ phase: 'Failed', message: 'GET http://127.0.0.1:9/items/7: no response within 2s (timeoutSeconds)' });
    expect(sim.node('wf[0].call')!.outputs).toBeUndefined();
  });

  it('errors the node when the request names an input that does not resolve', () => {
    const sim = new Simulator(wf(STEPS('url: "http://x/{{inputs.parameters.nope}}"')), echoResult);
    const { requests } = runWith(sim, () => respond(200, ''));
    expect(requests).toEqual([]);
    expect(sim.wf.status!.phase).toBe('Failed');
    expect(sim.node('wf[0].call')).toMatchObject({ phase: 'Error' });
    expect(sim.node('wf[0].call')!.message).toMatch(/inputs\.parameters\.nope/);
  });

  it('retries an HTTP template under retryStrategy with one request per attempt', () => {
    const sim = new Simulator(wf(`
spec:
  entrypoint: call
  templates:
  - name: call
    retryStrategy: {limit: 2}
    http: {url: "http://x/"}
`), echoResult);
    let n = 0;
    const { requests } = runWith(sim, () => (++n < 2 ? respond(503, 'busy') : respond(200, 'ok')));
    expect(sim.wf.status!.phase).toBe('Succeeded');
    expect(new Set(requests.map((r) => r.nodeName))).toEqual(new Set(['wf(0)', 'wf(1)']));
    expect(sim.node('wf')).toMatchObject({ type: 'Retry', phase: 'Succeeded', outputs: { result: 'ok' } });
  });

  it('runs an http exit handler and hook (as Argo\'s life-cycle-hooks examples do)', () => {
    const sim = new Simulator(wf(`
spec:
  entrypoint: main
  hooks:
    exit: {template: http}
  templates:
  - name: main
    container: {image: busybox, command: [echo, hi]}
  - name: http
    http: {url: "http://x/{{workflow.status}}"}
`), echoResult);
    const { requests } = runWith(sim, () => respond(200, 'noted'));
    expect(sim.wf.status!.phase).toBe('Succeeded');
    expect(requests.map((r) => r.http.url)).toContain('http://x/Succeeded');
    expect(sim.node('wf.onExit')).toMatchObject({ type: 'HTTP', phase: 'Succeeded' });
  });

  it('fails a waiting HTTP node when the workflow is stopped', () => {
    const sim = new Simulator(wf(STEPS(GET)), echoResult);
    runWith(sim, () => undefined, 2);
    sim.wf = { ...sim.wf, spec: { ...sim.wf.spec, shutdown: 'Stop' } };
    sim.step();
    expect(sim.node('wf[0].call')).toMatchObject({ phase: 'Failed', message: "Stopped with strategy 'Stop'" });
    expect(sim.last!.actions.filter((a) => a.type === 'httpRequest')).toEqual([]);
  });
});

describe('plugin template', () => {
  it('fails the node at once, naming the plugin that is not installed', () => {
    const sim = new Simulator(wf(`
spec:
  entrypoint: main
  templates:
  - name: main
    steps:
    - - name: hello
        template: hello
  - name: hello
    plugin: {hello: {text: hi}}
`), echoResult);
    sim.run();
    expect(sim.wf.status!.phase).toBe('Failed');
    expect(sim.node('wf[0].hello')).toMatchObject({
      type: 'Plugin', phase: 'Failed', message: 'plugin templates are not supported: no executor plugin named "hello" is installed',
    });
    expect(sim.created).toEqual([]);
  });
});
