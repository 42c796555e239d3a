/**
 * A loopback stand-in for the few API calls the executor makes (read secret,
 * read/watch/patch own pod, create/patch WorkflowTaskResult), recording each request.
 * For tests of this package and of packages that embed the executor.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { KubeConfig } from '@kubernetes/client-node';

export interface RecordedRequest { method: string; path: string; contentType?: string; body: any }

export interface FakeKube {
  kubeConfig: KubeConfig;
  requests: RecordedRequest[];
  secrets: Record<string, Record<string, string>>;
  taskResults: Map<string, any>;
  /** ConfigMaps and Jobs by `<plural>/<namespace>/<name>`, for resource templates. */
  objects: Map<string, any>;
  /** Status codes to answer the next requests with (consumed in order), to simulate API failures. */
  failNext: number[];
  /** Pods by `<namespace>/<name>` (GET and watch); absent pods are 404. */
  pods: Map<string, any>;
  /** Stores a pod and sends it to the watches of its name as MODIFIED (ADDED if new). */
  setPod(pod: any): void;
  /** How many pod watches are open right now. */
  openWatches(): number;
  close(): Promise<void>;
}

async function body(req: IncomingMessage): Promise<any> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return text ? JSON.parse(text) : undefined;
}

export async function startFakeKube(): Promise<FakeKube> {
  const fake = { requests: [], secrets: {}, taskResults: new Map(), objects: new Map(), failNext: [], pods: new Map() } as unknown as FakeKube;
  const watches: { key: string; res: ServerResponse }[] = [];
  fake.setPod = (pod) => {
    const key = `${pod.metadata.namespace}/${pod.metadata.name}`;
    const type = fake.pods.has(key) ? 'MODIFIED' : 'ADDED';
    fake.pods.set(key, pod);
    for (const w of watches) if (w.key === key) w.res.write(`${JSON.stringify({ type, object: pod })}\n`);
  };
  fake.openWatches = () => watches.length;
  const server: Server = createServer((req, res) => {
    void body(req).then((b) => {
      const [path = '', search = ''] = (req.url ?? '').split('?');
      const query = new URLSearchParams(search);
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
      m = path.match(/^\/api\/v1\/namespaces\/([^/]+)\/pods$/);
      if (m && req.method === 'GET' && query.get('watch') === 'true') {
        const name = query.get('fieldSelector')?.match(/^metadata\.name=(.+)$/)?.[1];
        // Like a real API server: headers go out at once, so the client's watch call returns its AbortController.
        res.writeHead(200, { 'content-type': 'application/json' });
        res.flushHeaders();
        watches.push({ key: `${m[1]}/${name}`, res });
        res.on('close', () => { const i = watches.findIndex((w) => w.res === res); if (i >= 0) watches.splice(i, 1); });
        return;
      }
      m = path.match(/^\/api\/v1\/namespaces\/([^/]+)\/pods\/([^/]+)$/);
      if (m && req.method === 'GET') {
        const pod = fake.pods.get(`${m[1]}/${m[2]}`);
        return pod ? send(200, pod) : send(404, { kind: 'Status', code: 404, reason: 'NotFound', message: `pods "${m[2]}" not found` });
      }
      if (m && req.method === 'PATCH') return send(200, { apiVersion: 'v1', kind: 'Pod', metadata: { name: m[2], namespace: m[1], ...b.metadata } });
      m = path.match(/^\/apis\/argoproj\.io\/v1alpha1\/namespaces\/([^/]+)\/workflowtaskresults(?:\/([^/]+))?$/);
      if (m && req.method === 'POST') {
        const key = `${m[1]}/${b.metadata.name}`;
        if (fake.taskResults.has(key)) return send(409, { kind: 'Status', code: 409, reason: 'AlreadyExists', message: `workflowtaskresults.argoproj.io "${b.metadata.name}" already exists` });
        fake.taskResults.set(key, b);
        return send(201, b);
      }
      if (m && m[2] && req.method === 'PATCH') {
        const key = `${m[1]}/${m[2]}`;
        fake.taskResults.set(key, { ...fake.taskResults.get(key), ...b });
        return send(200, fake.taskResults.get(key));
      }
      if (generic(fake, req.method!, path, b, req.headers['content-type'], send)) return;
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
  fake.close = () => new Promise((r) => {
    server.close(() => r());
    server.closeAllConnections();
  });
  return fake;
}

const DISCOVERY: Record<string, { name: string; kind: string }[]> = {
  '/api/v1': [{ name: 'configmaps', kind: 'ConfigMap' }],
  '/apis/batch/v1': [{ name: 'jobs', kind: 'Job' }],
};

/** Discovery plus create/get/replace/merge-patch/delete for the kinds in DISCOVERY. */
function generic(fake: FakeKube, method: string, path: string, b: any, contentType: string | undefined, send: (c: number, o: unknown) => void): boolean {
  const disc = DISCOVERY[path];
  if (disc && method === 'GET') {
    send(200, { kind: 'APIResourceList', groupVersion: path.replace(/^\/apis?\//, ''), resources: disc.map((r) => ({ ...r, namespaced: true, singularName: '', verbs: [] })) });
    return true;
  }
  const m = path.match(/^(\/api\/v1|\/apis\/batch\/v1)\/namespaces\/([^/]+)\/(configmaps|jobs)(?:\/([^/]+))?$/);
  if (!m) return false;
  const [, , ns, plural, name] = m;
  const key = (n: string) => `${plural}/${ns}/${n}`;
  const notFound = () => send(404, { kind: 'Status', code: 404, reason: 'NotFound', message: `${plural} "${name}" not found` });
  if (method === 'POST') {
    const k = key(b.metadata.name);
    if (fake.objects.has(k)) { send(409, { kind: 'Status', code: 409, reason: 'AlreadyExists', message: `${plural} "${b.metadata.name}" already exists` }); return true; }
    const obj = { ...b, metadata: { ...b.metadata, namespace: ns, uid: `uid-${k}`, resourceVersion: '1' } };
    fake.objects.set(k, obj);
    send(201, obj);
    return true;
  }
  const current = name ? fake.objects.get(key(name)) : undefined;
  if (!current) { notFound(); return true; }
  if (method === 'GET') send(200, current);
  else if (method === 'DELETE') { fake.objects.delete(key(name!)); send(200, { kind: 'Status', status: 'Success' }); }
  else if (method === 'PUT') {
    const obj = { ...b, metadata: { ...b.metadata, resourceVersion: String(Number(current.metadata.resourceVersion) + 1) } };
    fake.objects.set(key(name!), obj);
    send(200, obj);
  } else if (method === 'PATCH') {
    const obj = mergePatch(current, b);
    obj.metadata.resourceVersion = String(Number(current.metadata.resourceVersion) + 1);
    obj.metadata.lastPatchType = contentType;
    fake.objects.set(key(name!), obj);
    send(200, obj);
  } else return false;
  return true;
}

function mergePatch(target: any, patch: any): any {
  if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) return patch;
  const out: any = target && typeof target === 'object' && !Array.isArray(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v);
  }
  return out;
}
