/**
 * HTTP templates through the whole controller (in-memory API, real
 * informers, operator and runner, a loopback server): the request's result
 * comes back as a WorkflowTaskResult, its event requeues the workflow, and
 * the body reaches the next step. A restarted controller neither loses a
 * request that was in flight nor repeats one whose result was recorded.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Labels } from '@argo-ts/spec';
import { nodeId } from '@argo-ts/lang';
import { startController, type RunningController } from './controller.js';
import { FakeKubeApi } from './testing/fake-api.js';
import { finishPod, onEachNewPod, quiet, untilWithin } from './testing/controller-harness.js';
import { Resources } from './resources.js';
import type { KubeObject } from './api.js';
import type { Workflow } from '../operator/model.js';

let server: Server;
let base: string;
const hits: string[] = [];
/** Requests to /hold wait here until released. */
const held: ServerResponse[] = [];

beforeAll(async () => {
  server = createServer((req: IncomingMessage, res: ServerResponse) => {
    hits.push(req.url!);
    if (req.url === '/hold') { held.push(res); return; }
    res.end(`hello from ${req.url}`);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

const until = untilWithin(8000);

/** Finishes every pod, printing the last word of its command. */
function kubelet(api: FakeKubeApi): () => void {
  return onEachNewPod(api, (pod) => {
    const main = (pod.spec as { containers: Array<{ name: string; env?: Array<{ name: string; value?: string }> }> }).containers.find((c) => c.name === 'main')!;
    const tmpl = JSON.parse(main.env!.find((e) => e.name === 'ARGO_TEMPLATE')!.value!) as { container: { command: string[] } };
    finishPod(api, pod, { result: tmpl.container.command.at(-1) });
  });
}

function workflow(path: string): Workflow {
  return {
    apiVersion: 'argoproj.io/v1alpha1', kind: 'Workflow', metadata: { name: 'h', namespace: 'argo' },
    spec: {
      entrypoint: 'main',
      templates: [
        { name: 'main', steps: [[{ name: 'get', template: 'get' }], [{ name: 'say', template: 'say', arguments: { parameters: [{ name: 'msg', value: '{{steps.get.outputs.result}}' }] } }]] },
        { name: 'get', http: { url: `${base}${path}` } },
        { name: 'say', inputs: { parameters: [{ name: 'msg' }] }, container: { image: 'alpine', command: ['echo', '{{inputs.parameters.msg}}'] } },
      ],
    },
  } as Workflow;
}

const phase = (api: FakeKubeApi) => api.all<Workflow & KubeObject>(Resources.workflows)[0]?.status?.phase;
const node = (api: FakeKubeApi, name: string) => Object.values(api.all<Workflow & KubeObject>(Resources.workflows)[0]?.status?.nodes ?? {}).find((n) => n.displayName === name);

describe('HTTP templates through the controller', () => {
  let api: FakeKubeApi;
  let ctl: RunningController | undefined;
  let stopKubelet = quiet;
  beforeEach(() => { api = new FakeKubeApi(); hits.length = 0; });
  afterEach(async () => { stopKubelet(); await ctl?.stop(); ctl = undefined; });

  it('runs the request once and hands the body to the next step', async () => {
    api.seed(Resources.workflows, workflow('/one') as unknown as KubeObject);
    stopKubelet = kubelet(api);
    ctl = await startController({ api, namespace: 'argo', workers: 2, qps: 0, log: quiet });
    await until(() => phase(api) === 'Succeeded');
    expect(node(api, 'get')).toMatchObject({ type: 'HTTP', phase: 'Succeeded', outputs: { result: `hello from /one` } });
    expect(node(api, 'say')!.outputs?.result).toBe('hello from /one');
    expect(hits).toEqual(['/one']);
  });

  it('sends a request that was in flight when the controller stopped again after the restart', async () => {
    api.seed(Resources.workflows, workflow('/hold') as unknown as KubeObject);
    stopKubelet = kubelet(api);
    ctl = await startController({ api, namespace: 'argo', workers: 2, qps: 0, log: quiet });
    await until(() => hits.length === 1);
    await ctl.stop();
    expect(api.all(Resources.workflowTaskResults)).toEqual([]);
    ctl = await startController({ api, namespace: 'argo', workers: 2, qps: 0, log: quiet });
    await until(() => hits.length === 2);
    held.splice(0).forEach((r) => r.end('late'));
    await until(() => phase(api) === 'Succeeded');
    expect(node(api, 'say')!.outputs?.result).toBe('late');
    expect(hits).toEqual(['/hold', '/hold']);
  });

  it('a restarted controller that finds the result recorded but not yet in the status uses it without a request', async () => {
    const wf = workflow('/two');
    const id = nodeId('h', 'h[0].get');
    wf.status = { phase: 'Running', startedAt: '2026-01-01T00:00:00Z', nodes: { [id]: { id, name: 'h[0].get', displayName: 'get', type: 'HTTP', phase: 'Pending', templateName: 'get' } } };
    api.seed(Resources.workflows, wf as unknown as KubeObject);
    api.seed(Resources.workflowTaskResults, {
      apiVersion: 'argoproj.io/v1alpha1', kind: 'WorkflowTaskResult', metadata: { name: id, namespace: 'argo', labels: { [Labels.workflow]: 'h' } },
      phase: 'Succeeded', outputs: { result: 'recorded earlier' },
    });
    stopKubelet = kubelet(api);
    ctl = await startController({ api, namespace: 'argo', workers: 1, qps: 0, log: quiet });
    await until(() => phase(api) === 'Succeeded');
    expect(node(api, 'say')!.outputs?.result).toBe('recorded earlier');
    expect(hits).toEqual([]);
  });
});
