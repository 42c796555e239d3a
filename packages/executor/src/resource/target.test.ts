import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { KubeConfig } from '@kubernetes/client-node';
import { runOnTarget, type TargetRequest } from './target.js';

/** A minimal API server: discovery for pods and workflows, and every other request recorded and answered 200 (404 for "gone"). */
describe('runOnTarget', () => {
  let server: Server;
  const kc = new KubeConfig();
  const seen: { method: string; url: string; contentType?: string; body: unknown }[] = [];
  beforeAll(async () => {
    server = createServer((req, res) => {
      let text = '';
      req.on('data', (c) => (text += c));
      req.on('end', () => {
        const url = req.url ?? '';
        const send = (code: number, obj: unknown) => { res.writeHead(code, { 'content-type': 'application/json' }); res.end(JSON.stringify(obj)); };
        if (url === '/api/v1') return send(200, { resources: [{ name: 'pods', singularName: 'pod', shortNames: ['po'], kind: 'Pod', namespaced: true }] });
        if (url === '/apis') return send(200, { groups: [{ name: 'argoproj.io', preferredVersion: { groupVersion: 'argoproj.io/v1alpha1' } }] });
        if (url === '/apis/argoproj.io/v1alpha1') return send(200, { resources: [{ name: 'workflows', singularName: 'workflow', shortNames: ['wf'], kind: 'Workflow', namespaced: true }] });
        seen.push({ method: req.method!, url, contentType: req.headers['content-type'], body: text ? JSON.parse(text) : undefined });
        if (url.includes('/gone')) return send(404, { kind: 'Status', code: 404, message: 'pods "gone" not found' });
        send(200, { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'answered' } });
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    kc.loadFromOptions({
      clusters: [{ name: 'c', server: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, skipTLSVerify: true }],
      users: [{ name: 'u', token: 't' }], contexts: [{ name: 'x', cluster: 'c', user: 'u' }], currentContext: 'x',
    });
  });
  afterAll(() => new Promise<void>((r) => { server.close(() => r()); server.closeAllConnections(); }));
  beforeEach(() => { seen.length = 0; });

  const req = (over: Partial<TargetRequest>): TargetRequest => ({
    kubeConfig: kc, action: 'patch', target: { type: 'pod', name: 'p1' }, flags: {}, defaultNamespace: 'argo', ...over,
  });

  it('sends a JSON-patch list with its content type to the object the flags name', async () => {
    const manifest = '- op: add\n  path: /metadata/annotations/foo\n  value: bar\n';
    const out = await runOnTarget(req({ manifest, mergeStrategy: 'json' }));
    expect(out).toEqual({ obj: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p1', namespace: 'argo' } }, result: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'answered' } } });
    expect(seen).toEqual([{
      method: 'PATCH', url: '/api/v1/namespaces/argo/pods/p1?fieldManager=argoexec', contentType: 'application/json-patch+json',
      body: [{ op: 'add', path: '/metadata/annotations/foo', value: 'bar' }],
    }]);
  });

  it('sends strategic merge by default and merge when asked, to a custom resource in the flags\' namespace', async () => {
    await runOnTarget(req({ manifest: 'metadata:\n  labels: {a: b}\n' }));
    await runOnTarget(req({ target: { type: 'wf', name: 'w' }, flags: { namespace: 'ns2' }, manifest: '{"spec": {"suspend": true}}', mergeStrategy: 'merge' }));
    expect(seen.map((s) => [s.url, s.contentType, s.body])).toEqual([
      ['/api/v1/namespaces/argo/pods/p1?fieldManager=argoexec', 'application/strategic-merge-patch+json', { metadata: { labels: { a: 'b' } } }],
      ['/apis/argoproj.io/v1alpha1/namespaces/ns2/workflows/w?fieldManager=argoexec', 'application/merge-patch+json', { spec: { suspend: true } }],
    ]);
  });

  it('refuses a patch body that does not fit the strategy, before any request', async () => {
    await expect(runOnTarget(req({ manifest: 'op: add', mergeStrategy: 'json' }))).rejects.toThrow('resource.manifest: mergeStrategy json needs a list of JSON-patch operations');
    await expect(runOnTarget(req({ manifest: '- op: add' }))).rejects.toThrow('resource.manifest: mergeStrategy strategic needs an object');
    await expect(runOnTarget(req({ manifest: '' }))).rejects.toThrow('resource.manifest: the patch body is required for action patch');
    await expect(runOnTarget(req({ manifest: 'a: 1', mergeStrategy: 'apply' }))).rejects.toThrow('resource.mergeStrategy: "apply" is not one of strategic, merge, json');
    expect(seen).toEqual([]);
  });

  it('gets and deletes by target, with delete options, not-found tolerance and a clear refusal for create', async () => {
    expect((await runOnTarget(req({ action: 'get', target: { type: 'po', name: 'gone' }, flags: { ignoreNotFound: true } }))).result).toBeUndefined();
    await expect(runOnTarget(req({ action: 'get', target: { type: 'po', name: 'gone' } }))).rejects.toThrow('GET /api/v1/namespaces/argo/pods/gone: 404 pods "gone" not found');
    expect((await runOnTarget(req({ action: 'delete', target: { type: 'pods', name: 'gone' } }))).result).toBeUndefined();
    await runOnTarget(req({ action: 'delete', flags: { gracePeriodSeconds: 0, propagationPolicy: 'Foreground' } }));
    expect(seen.at(-1)).toEqual({ method: 'DELETE', url: '/api/v1/namespaces/argo/pods/p1', contentType: 'application/json', body: { apiVersion: 'v1', kind: 'DeleteOptions', gracePeriodSeconds: 0, propagationPolicy: 'Foreground' } });
    await expect(runOnTarget(req({ action: 'create', manifest: 'a: 1' }))).rejects.toThrow('resource.flags: a target ("pod p1") only works with get, patch, delete; action create takes its object from resource.manifest');
    await expect(runOnTarget(req({ action: 'delete', manifest: 'kind: Pod' }))).rejects.toThrow('resource: action delete names its object either in resource.flags or in resource.manifest, not both');
  });
});
