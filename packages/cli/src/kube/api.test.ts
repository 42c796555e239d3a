import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { compressNodes } from '@argo-ts/spec';
import { CliError } from '../errors.js';
import { renderWorkflow } from '../format/workflow.js';
import { stepsWorkflow } from '../testdata/fixtures.js';
import type { Workflow } from '../types.js';
import { HttpArgoApi } from './api.js';
import { Resources } from './resources.js';

type Handler = (req: IncomingMessage, body: string, res: ServerResponse) => void;
let server: Server;
let handler: Handler;
let url: string;
const seen: Array<{ method: string; url: string; contentType?: string; body: string; auth?: string }> = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => { body += d; });
    req.on('end', () => {
      seen.push({ method: req.method!, url: req.url!, contentType: req.headers['content-type'], body, auth: req.headers.authorization });
      handler(req, body, res);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));
beforeEach(() => { seen.length = 0; });

const api = () => new HttpArgoApi({ server: url, namespace: 'argo', token: 'tok', origin: 'test' });
const json = (res: ServerResponse, status: number, body: unknown) => { res.writeHead(status, { 'content-type': 'application/json' }); res.end(JSON.stringify(body)); };

describe('HttpArgoApi', () => {
  it('sends merge patches with the merge-patch content type and a bearer token', async () => {
    handler = (_req, body, res) => json(res, 200, { metadata: { name: 'w' }, spec: JSON.parse(body).spec });
    const out = await api().mergePatch(Resources.workflow, 'w', { spec: { suspend: true } });
    expect(out.spec).toEqual({ suspend: true });
    expect(seen[0]).toMatchObject({ method: 'PATCH', url: '/apis/argoproj.io/v1alpha1/namespaces/argo/workflows/w', contentType: 'application/merge-patch+json', auth: 'Bearer tok' });
  });

  it('turns a Status error into a one-line CliError with a code', async () => {
    handler = (_req, _b, res) => json(res, 404, { kind: 'Status', message: 'workflows.argoproj.io "w" not found', code: 404 });
    const err = await api().get(Resources.workflow, 'w').catch((e) => e);
    expect(err).toBeInstanceOf(CliError);
    expect(err.code).toBe('not-found');
    expect(err.message).toBe('get workflow argo/w: workflows.argoproj.io "w" not found');
  });

  it('reports an unreachable server as transient', async () => {
    const dead = new HttpArgoApi({ server: 'http://127.0.0.1:1', namespace: 'argo', origin: 'kc' });
    const err = await dead.list(Resources.workflow, { namespace: 'argo' }).catch((e) => e);
    expect(err.code).toBe('unreachable');
    expect(err.transient).toBe(true);
    expect(err.message).toMatch(/^list workflows in argo: cannot reach http:\/\/127\.0\.0\.1:1 \(kc\)/);
  });

  it('watches with the name as field selector, skips bookmarks, restarts after 410 from the current state', async () => {
    let call = 0;
    handler = (req, _b, res) => {
      call++;
      res.writeHead(200, { 'content-type': 'application/json' });
      if (call === 1) {
        res.write(`${JSON.stringify({ type: 'BOOKMARK', object: { metadata: { resourceVersion: '6' } } })}\n`);
        res.write(`${JSON.stringify({ type: 'MODIFIED', object: { metadata: { name: 'w', resourceVersion: '7' }, status: { phase: 'Running' } } })}\n`);
        res.end(`${JSON.stringify({ type: 'ERROR', object: { kind: 'Status', code: 410, message: 'too old' } })}\n`);
      } else {
        res.end(`${JSON.stringify({ type: 'ADDED', object: { metadata: { name: 'w', resourceVersion: '9' }, status: { phase: 'Succeeded' } } })}\n`);
      }
      void req;
    };
    const phases: string[] = [];
    await api().watch(Resources.workflow, { namespace: 'argo', name: 'w', resourceVersion: '5' }, (ev) => {
      phases.push(`${ev.type}:${ev.object.status?.phase}`);
      return ev.object.status?.phase !== 'Succeeded';
    });
    expect(phases).toEqual(['MODIFIED:Running', 'ADDED:Succeeded']);
    const first = new URL(seen[0]!.url, url);
    expect(first.searchParams.get('fieldSelector')).toBe('metadata.name=w');
    expect(first.searchParams.get('resourceVersion')).toBe('5');
    expect(first.searchParams.get('watch')).toBe('true');
    expect(new URL(seen[1]!.url, url).searchParams.get('resourceVersion')).toBeNull();
  });

  it('falls back to the main resource for status writes when there is no status subresource', async () => {
    handler = (req, body, res) => (req.url!.endsWith('/status') ? json(res, 404, { message: 'not found' }) : json(res, 200, { metadata: { name: 'w' }, ...JSON.parse(body) }));
    const out = await api().mergePatchStatus(Resources.workflow, 'w', { status: { phase: 'Running' } });
    expect(out.status).toEqual({ phase: 'Running' });
    expect(seen.map((s) => s.url)).toEqual(['/apis/argoproj.io/v1alpha1/namespaces/argo/workflows/w/status', '/apis/argoproj.io/v1alpha1/namespaces/argo/workflows/w']);
  });
  it('reads workflows stored with compressedNodes (get, list, watch) with their nodes, and `argo get` shows them', async () => {
    const plain = stepsWorkflow();
    const { nodes, ...rest } = plain.status!;
    const stored = { ...plain, metadata: { ...plain.metadata, resourceVersion: '7' }, status: { ...rest, compressedNodes: compressNodes(nodes!) } };
    handler = (req, _b, res) => {
      if (req.url!.includes('watch=true')) {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(`${JSON.stringify({ type: 'MODIFIED', object: stored })}\n`);
      } else if (req.url!.endsWith('/workflows')) json(res, 200, { items: [stored] });
      else json(res, 200, stored);
    };
    const got = await api().get(Resources.workflow, plain.metadata.name!) as unknown as Workflow;
    expect(got.status).toEqual(plain.status);
    expect((await api().list(Resources.workflow, { namespace: 'argo' }))[0]!.status).toEqual(plain.status);
    let watched: unknown;
    await api().watch(Resources.workflow, { namespace: 'argo', name: plain.metadata.name! }, (ev) => { watched = ev.object.status; return false; });
    expect(watched).toEqual(plain.status);
    const view = { style: { utf8: true, color: false }, now: new Date() };
    const shown = renderWorkflow(got, view);
    expect(shown).toEqual(renderWorkflow(plain, view));
    for (const n of Object.values(nodes!).filter((x) => x.type === 'Pod')) expect(shown.some((l) => l.includes(n.displayName!))).toBe(true);
  });
  it('writes a status past 1 MB back compressed (argo retry) and returns it with plain nodes', async () => {
    // A server with a status subresource: the main PUT keeps the old status.
    handler = (req, body, res) => {
      const o = JSON.parse(body);
      json(res, 200, { ...o, metadata: { ...o.metadata, resourceVersion: '2' }, status: req.url!.endsWith('/status') ? o.status : {} });
    };
    const wf = stepsWorkflow();
    const big = Object.fromEntries(Object.entries(wf.status!.nodes!).map(([id, n]) => [id, { ...n, message: 'm'.repeat(300_000) }]));
    const out = await api().replaceWithStatus(Resources.workflow, { ...wf, status: { ...wf.status, nodes: big } } as never);
    expect(seen.map((x) => x.method)).toEqual(['PUT', 'PUT']);
    for (const req of seen) {
      const sent = JSON.parse(req.body);
      expect(sent.status.nodes).toBeUndefined();
      expect(sent.status.compressedNodes).toEqual(expect.any(String));
      expect(req.body.length).toBeLessThan(1024 * 1024);
    }
    expect((out as unknown as Workflow).status!.nodes).toEqual(big);
    seen.length = 0;
    await api().replaceWithStatus(Resources.workflow, wf as never);
    expect(JSON.parse(seen[1]!.body).status.nodes).toEqual(wf.status!.nodes);
  });
});
