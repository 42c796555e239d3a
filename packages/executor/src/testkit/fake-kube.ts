/**
 * A loopback stand-in for the few API calls the executor makes (read secret,
 * patch own pod, create/patch WorkflowTaskResult), recording each request.
 * For tests of this package and of packages that embed the executor.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { KubeConfig } from '@kubernetes/client-node';

export interface RecordedRequest { method: string; path: string; contentType?: string; body: any }

export interface FakeKube {
  kubeConfig: KubeConfig;
  requests: RecordedRequest[];
  secrets: Record<string, Record<string, string>>;
  taskResults: Map<string, any>;
  /** Status codes to answer the next requests with (consumed in order), to simulate API failures. */
  failNext: number[];
  close(): Promise<void>;
}

async function body(req: IncomingMessage): Promise<any> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return text ? JSON.parse(text) : undefined;
}

export async function startFakeKube(): Promise<FakeKube> {
  const fake = { requests: [], secrets: {}, taskResults: new Map(), failNext: [] } as unknown as FakeKube;
  const server: Server = createServer((req, res) => {
    void body(req).then((b) => {
      const path = (req.url ?? '').split('?')[0]!;
      fake.requests.push({ method: req.method!, path, contentType: req.headers['content-type'], body: b });
      const send = (code: number, obj: unknown) => {
        res.writeHead(code, { 'content-type': 'application/json' });
        res.end(JSON.stringify(obj));
      };
      const forced = fake.failNext.shift();
      if (forced) return send(forced, { kind: 'Status', code: forced, message: 'forced failure' });
      let m = path.match(/^\/api\/v1\/namespaces\/([^/]+)\/secrets\/([^/]+)$/);
      if (m && req.method === 'GET') {
        const data = fake.secrets[`${m[1]}/${m[2]}`];
        if (!data) return send(404, { kind: 'Status', code: 404, reason: 'NotFound', message: `secrets "${m[2]}" not found` });
        const enc = Object.fromEntries(Object.entries(data).map(([k, v]) => [k, Buffer.from(v).toString('base64')]));
        return send(200, { apiVersion: 'v1', kind: 'Secret', metadata: { name: m[2], namespace: m[1] }, data: enc });
      }
      m = path.match(/^\/api\/v1\/namespaces\/([^/]+)\/pods\/([^/]+)$/);
      if (m && req.method === 'PATCH') return send(200, { apiVersion: 'v1', kind: 'Pod', metadata: { name: m[2], namespace: m[1], ...b.metadata } });
      m = path.match(/^\/apis\/argoproj\.io\/v1alpha1\/namespaces\/([^/]+)\/workflowtaskresults(?:\/([^/]+))?$/);
      if (m && req.method === 'POST') {
        const key = `${m[1]}/${b.metadata.name}`;
        if (fake.taskResults.has(key)) return send(409, { kind: 'Status', code: 409, reason: 'AlreadyExists' });
        fake.taskResults.set(key, b);
        return send(201, b);
      }
      if (m && m[2] && req.method === 'PATCH') {
        const key = `${m[1]}/${m[2]}`;
        fake.taskResults.set(key, { ...fake.taskResults.get(key), ...b });
        return send(200, fake.taskResults.get(key));
      }
      send(404, { kind: 'Status', code: 404, message: `fake kube: no route for ${req.method} ${path}` });
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: 'fake', server: `http://127.0.0.1:${port}`, skipTLSVerify: true }],
    users: [{ name: 'u', token: 'test' }],
    contexts: [{ name: 'fake', cluster: 'fake', user: 'u' }],
    currentContext: 'fake',
  });
  fake.kubeConfig = kc;
  fake.close = () => new Promise((r) => server.close(() => r()));
  return fake;
}
