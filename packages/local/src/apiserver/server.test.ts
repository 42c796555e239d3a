/** HTTP-level behaviour: restart, deletion modes, dry run, errors, discovery, OpenAPI, auth, Table. */
import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { PassThrough } from 'node:stream';
import { startApiServer } from './server.js';
import { startHarness, waitFor, workflow, type Harness } from './testing/harness.js';

const WF = '/apis/argoproj.io/v1alpha1/namespaces/default/workflows';
const PODS = '/api/v1/namespaces/default/pods';

async function call(base: string, method: string, p: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: any; headers: Headers }> {
  const res = await fetch(base + p, {
    method,
    headers: { 'Content-Type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // plain text
  }
  return { status: res.status, body: parsed, headers: res.headers };
}

const pod = (name: string, extra: Record<string, unknown> = {}) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name, ...extra }, spec: { containers: [{ name: 'main', image: 'x' }] } });

describe('restart', () => {
  it('serves the same object with the same resourceVersion after a restart, ignoring a torn WAL tail', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'argo-ts-restart-'));
    try {
      const first = await startApiServer({ stateDir: dir });
      const created = await call(first.url, 'POST', WF, workflow('keep'));
      expect(created.status).toBe(201);
      await first.close();
      appendFileSync(path.join(dir, 'wal-0000000001.log'), '{"rv":99,"op":"put","res":"argopr');
      const second = await startApiServer({ stateDir: dir });
      try {
        const got = await call(second.url, 'GET', `${WF}/keep`);
        expect(got.body).toEqual(created.body);
        expect(second.store.recoveredTornTail).toBe(true);
        const next = await call(second.url, 'POST', WF, workflow('after'));
        expect(Number(next.body.metadata.resourceVersion)).toBe(Number(created.body.metadata.resourceVersion) + 1);
      } finally {
        await second.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('API semantics', () => {
  let h: Harness;
  let url: string;
  beforeEach(async () => {
    h = await startHarness({ podDeletionMode: 'graceful' });
    url = h.server.url;
  });
  afterEach(() => h.close());

  it('answers errors as Status objects with causes', async () => {
    const bad = await call(url, 'POST', WF, { ...workflow('Bad_Name') });
    expect(bad.status).toBe(422);
    expect(bad.body).toMatchObject({ kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'Invalid', code: 422, details: { name: 'Bad_Name', group: 'argoproj.io', kind: 'Workflow' } });
    expect(bad.body.details.causes[0].field).toBe('metadata.name');
    const missing = await call(url, 'GET', `${WF}/nope`);
    expect(missing.body).toMatchObject({ reason: 'NotFound', code: 404, message: 'workflows.argoproj.io "nope" not found' });
    expect((await call(url, 'PUT', WF, {})).status).toBe(405);
    expect((await call(url, 'POST', WF, workflow('x'), {}).then(() => call(url, 'PATCH', `${WF}/x`, {}, { 'Content-Type': 'application/apply-patch+yaml' }))).status).toBe(415);
    expect((await call(url, 'POST', WF, { ...workflow('k'), kind: 'Pod' })).status).toBe(400);
    expect((await call(url, 'GET', '/openapi/v2')).status).toBe(404);
  });

  it('validates Argo kinds with the spec schema: 422 with field causes, unknown fields per fieldValidation', async () => {
    const invalid = await call(url, 'POST', WF, { ...workflow('v'), spec: { entrypoint: 5, templates: [] } });
    expect(invalid.status).toBe(422);
    expect(invalid.body.reason).toBe('Invalid');
    expect(invalid.body.details.causes.map((c: any) => c.field)).toContain('spec.entrypoint');
    const extra = { ...workflow('u'), spec: { ...(workflow('u').spec as object), bogus: 1 } };
    const strict = await call(url, 'POST', `${WF}?fieldValidation=Strict`, extra);
    expect(strict.status).toBe(400);
    expect(strict.body.message).toContain('unknown field "spec.bogus"');
    const warned = await call(url, 'POST', `${WF}?fieldValidation=Warn`, extra);
    expect(warned.status).toBe(201);
    expect(warned.headers.get('warning')).toContain('unknown field \\"spec.bogus\\"');
    expect(warned.body.spec.bogus).toBeUndefined();
    expect((await call(url, 'POST', `${WF}?fieldValidation=Sometimes`, workflow('w'))).status).toBe(400);
  });

  it('validates changed status nodes of a workflow (incrementally) and prunes their unknown fields', async () => {
    const created = (await call(url, 'POST', WF, workflow('nodes'))).body;
    const node = (id: string) => ({ id, name: id, type: 'Pod', phase: 'Running' });
    const first = await call(url, 'PUT', `${WF}/nodes/status`, { ...created, status: { phase: 'Running', nodes: { a: node('a'), b: node('b') } } });
    expect(first.status).toBe(200);
    const bad = await call(url, 'PUT', `${WF}/nodes/status`, { ...first.body, status: { phase: 'Running', nodes: { a: node('a'), b: { ...node('b'), phase: 5 } } } });
    expect(bad.status).toBe(422);
    expect(bad.body.details.causes.map((c: any) => c.field)).toEqual(['status.nodes.b.phase']);
    const badTop = await call(url, 'PUT', `${WF}/nodes/status`, { ...first.body, status: { phase: 7, nodes: { a: node('a') } } });
    expect(badTop.body.details.causes.map((c: any) => c.field)).toEqual(['status.phase']);
    const extra = await call(url, 'PUT', `${WF}/nodes/status`, { ...first.body, status: { phase: 'Running', nodes: { a: node('a'), b: { ...node('b'), bogus: 1 } } } });
    expect(extra.status).toBe(200);
    expect(extra.body.status.nodes.b).toEqual(node('b'));
    expect(extra.headers.get('warning')).toContain('status.nodes.b.bogus');
  });

  it('lets exactly one of many concurrent updates from the same resourceVersion win', async () => {
    const created = (await call(url, 'POST', WF, workflow('race'))).body;
    const attempts = await Promise.all(
      Array.from({ length: 20 }, (_, i) => call(url, 'PUT', `${WF}/race`, { ...created, metadata: { ...created.metadata, labels: { n: String(i) } } })),
    );
    expect(attempts.filter((a) => a.status === 200)).toHaveLength(1);
    expect(attempts.filter((a) => a.status === 409)).toHaveLength(19);
  });

  it('refuses a pod whose service account does not exist, as the ServiceAccount admission does', async () => {
    const pods = '/api/v1/namespaces/default/pods';
    const pod = (name: string, sa?: string) => ({ metadata: { name }, spec: { serviceAccountName: sa, containers: [{ name: 'main', image: 'busybox' }] } });
    const refused = await call(url, 'POST', pods, pod('p1', 'github.com'));
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ reason: 'Forbidden', message: 'pods "p1" is forbidden: error looking up service account default/github.com: serviceaccount "github.com" not found' });
    expect((await call(url, 'GET', `${pods}/p1`)).status).toBe(404);
    expect((await call(url, 'POST', pods, pod('p2'))).status).toBe(201);
  });

  it('cuts a long generateName to 58 characters before the 5-character suffix', async () => {
    const prefix = 'global-parameter-from-configmap-referenced-as-local-variable-';
    const created = await call(url, 'POST', WF, { ...workflow('ignored'), metadata: { generateName: prefix } });
    expect(created.status).toBe(201);
    expect(created.body.metadata.name).toMatch(new RegExp(`^${prefix.slice(0, 58)}[a-z0-9]{5}$`));
  });

  it('does nothing on dryRun=All', async () => {
    const dry = await call(url, 'POST', `${WF}?dryRun=All`, workflow('dry'));
    expect(dry.status).toBe(201);
    expect(dry.body.metadata.uid).toBeDefined();
    expect((await call(url, 'GET', `${WF}/dry`)).status).toBe(404);
  });

  it('marks a scheduled pod for graceful deletion until the kubelet deletes it with grace 0', async () => {
    await call(url, 'POST', PODS, pod('g'));
    await call(url, 'PATCH', `${PODS}/g`, { spec: { nodeName: 'local' } }, { 'Content-Type': 'application/merge-patch+json' });
    const marked = await call(url, 'DELETE', `${PODS}/g`, { kind: 'DeleteOptions', apiVersion: 'v1', propagationPolicy: 'Background' });
    expect(marked.body.metadata.deletionTimestamp).toBeDefined();
    expect(marked.body.metadata.deletionGracePeriodSeconds).toBe(30);
    expect((await call(url, 'GET', `${PODS}/g`)).status).toBe(200);
    expect((await call(url, 'DELETE', `${PODS}/g?gracePeriodSeconds=0`)).status).toBe(200);
    expect((await call(url, 'GET', `${PODS}/g`)).status).toBe(404);
    await call(url, 'POST', PODS, pod('unscheduled'));
    await call(url, 'DELETE', `${PODS}/unscheduled`);
    expect((await call(url, 'GET', `${PODS}/unscheduled`)).status).toBe(404);
  });

  it('waits for dependents on Foreground deletion and keeps them on Orphan', async () => {
    const owner = (await call(url, 'POST', WF, workflow('fg'))).body;
    const ref = { apiVersion: 'argoproj.io/v1alpha1', kind: 'Workflow', name: owner.metadata.name, uid: owner.metadata.uid, blockOwnerDeletion: true };
    await call(url, 'POST', '/api/v1/namespaces/default/configmaps', { metadata: { name: 'dep', ownerReferences: [ref], finalizers: ['hold'] } });
    const marked = await call(url, 'DELETE', `${WF}/fg`, { propagationPolicy: 'Foreground' });
    expect(marked.body.metadata.finalizers).toEqual(['foregroundDeletion']);
    await h.server.gcIdle();
    expect((await call(url, 'GET', `${WF}/fg`)).status).toBe(200);
    await call(url, 'PATCH', '/api/v1/namespaces/default/configmaps/dep', { metadata: { finalizers: null } }, { 'Content-Type': 'application/merge-patch+json' });
    await h.server.gcIdle();
    expect((await call(url, 'GET', '/api/v1/namespaces/default/configmaps/dep')).status).toBe(404);
    expect((await call(url, 'GET', `${WF}/fg`)).status).toBe(404);

    const o2 = (await call(url, 'POST', WF, workflow('orph'))).body;
    await call(url, 'POST', '/api/v1/namespaces/default/configmaps', { metadata: { name: 'kept', ownerReferences: [{ ...ref, name: 'orph', uid: o2.metadata.uid }] } });
    await call(url, 'DELETE', `${WF}/orph?propagationPolicy=Orphan`);
    await h.server.gcIdle();
    const kept = await call(url, 'GET', '/api/v1/namespaces/default/configmaps/kept');
    expect(kept.status).toBe(200);
    expect(kept.body.metadata.ownerReferences).toBeUndefined();
  });

  it('deletes a collection by label and pages lists with limit/continue', async () => {
    for (const n of ['a', 'b', 'c']) await call(url, 'POST', WF, workflow(n, { metadata: { labels: { grp: n === 'c' ? 'two' : 'one' } } }));
    const page1 = await call(url, 'GET', `${WF}?limit=2`);
    expect(page1.body.items.map((i: any) => i.metadata.name)).toEqual(['a', 'b']);
    expect(page1.body.metadata.remainingItemCount).toBe(1);
    const page2 = await call(url, 'GET', `${WF}?limit=2&continue=${page1.body.metadata.continue}`);
    expect(page2.body.items.map((i: any) => i.metadata.name)).toEqual(['c']);
    expect(page2.body.metadata.continue).toBeUndefined();
    const deleted = await call(url, 'DELETE', `${WF}?labelSelector=grp%3Done`);
    expect(deleted.body.items).toHaveLength(2);
    expect((await call(url, 'GET', WF)).body.items.map((i: any) => i.metadata.name)).toEqual(['c']);
  });

  it('filters events by involvedObject fields', async () => {
    const ev = (name: string, obj: string) => ({ metadata: { name }, involvedObject: { kind: 'Workflow', name: obj, namespace: 'default' }, reason: 'Started', message: 'm', type: 'Normal' });
    await call(url, 'POST', '/api/v1/namespaces/default/events', ev('e1', 'wf1'));
    await call(url, 'POST', '/api/v1/namespaces/default/events', ev('e2', 'wf2'));
    const got = await call(url, 'GET', '/api/v1/namespaces/default/events?fieldSelector=involvedObject.name%3Dwf2,involvedObject.kind%3DWorkflow');
    expect(got.body.items.map((i: any) => i.metadata.name)).toEqual(['e2']);
  });

  it('serves discovery, aggregated discovery and the OpenAPI v3 stub', async () => {
    const agg = await call(url, 'GET', '/apis', undefined, { Accept: 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json' });
    expect(agg.headers.get('content-type')).toBe('application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList');
    const argo = agg.body.items.find((i: any) => i.metadata.name === 'argoproj.io');
    expect(argo.versions[0].resources.find((r: any) => r.resource === 'workflows')).toMatchObject({ scope: 'Namespaced', shortNames: ['wf'], subresources: [{ subresource: 'status' }] });
    const v1 = await call(url, 'GET', '/api/v1');
    expect(v1.body.resources.map((r: any) => r.name)).toEqual(expect.arrayContaining(['pods', 'pods/log', 'pods/status', 'namespaces', 'events']));
    expect((await call(url, 'GET', '/apis/argoproj.io')).body.preferredVersion.version).toBe('v1alpha1');
    const root = await call(url, 'GET', '/openapi/v3');
    const rel = root.body.paths['apis/argoproj.io/v1alpha1'].serverRelativeURL;
    const doc = await call(url, 'GET', rel);
    const item = doc.body.paths['/apis/argoproj.io/v1alpha1/namespaces/{namespace}/workflows/{name}'];
    expect(item.patch['x-kubernetes-group-version-kind']).toEqual({ group: 'argoproj.io', version: 'v1alpha1', kind: 'Workflow' });
    expect(item.patch.parameters.map((p: any) => p.name)).toContain('fieldValidation');
  });

  it('serves Table output for workflows and pods', async () => {
    await call(url, 'POST', WF, workflow('t'));
    const table = await call(url, 'GET', WF, undefined, { Accept: 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json' });
    expect(table.body.kind).toBe('Table');
    expect(table.body.columnDefinitions.map((c: any) => c.name)).toEqual(['Name', 'Status', 'Age', 'Message']);
    expect(table.body.rows[0].cells[0]).toBe('t');
    expect(table.body.rows[0].object.kind).toBe('PartialObjectMetadata');
    await call(url, 'POST', PODS, pod('tp'));
    const pods = await call(url, 'GET', PODS, undefined, { Accept: 'application/json;as=Table;v=v1;g=meta.k8s.io' });
    expect(pods.body.rows[0].cells.slice(0, 4)).toEqual(['tp', '0/1', 'Pending', '0']);
  });
});

describe('streams', () => {
  it('follows a pod log until the client goes away, then aborts the source', async () => {
    const live = new PassThrough();
    let signal: AbortSignal | undefined;
    const h = await startHarness({ logs: { open: async (_ns, _pod, _c, opts) => ((signal = opts.signal), opts.follow ? live : null) } });
    try {
      await call(h.server.url, 'POST', PODS, pod('follow'));
      const res = await fetch(`${h.server.url}${PODS}/follow/log?follow=true`);
      expect(res.headers.get('content-type')).toBe('text/plain');
      const reader = res.body!.getReader();
      live.write('first\n');
      expect(new TextDecoder().decode((await reader.read()).value)).toBe('first\n');
      live.write('second\n');
      expect(new TextDecoder().decode((await reader.read()).value)).toBe('second\n');
      await reader.cancel();
      await waitFor(() => signal?.aborted);
      const notFollowing = await call(h.server.url, 'GET', `${PODS}/follow/log`);
      expect(notFollowing.status).toBe(400);
      expect((await call(h.server.url, 'GET', `${PODS}/follow/log?previous=true`)).body.message).toContain('previous terminated container');
      const limited = new PassThrough();
      limited.end('0123456789\n');
      signal = undefined;
      const h2 = await startHarness({ logs: { open: async () => limited } });
      try {
        await call(h2.server.url, 'POST', PODS, pod('lim'));
        expect((await call(h2.server.url, 'GET', `${PODS}/lim/log?limitBytes=4`)).body).toBe('0123');
      } finally {
        await h2.close();
      }
    } finally {
      await h.close();
    }
  });

  it('ends a watch at timeoutSeconds and marks the end of initial events', async () => {
    const h = await startHarness();
    try {
      await call(h.server.url, 'POST', WF, workflow('init'));
      const started = Date.now();
      const res = await call(h.server.url, 'GET', `${WF}?watch=true&timeoutSeconds=1&sendInitialEvents=true&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true`);
      expect(Date.now() - started).toBeGreaterThanOrEqual(900);
      const events = (res.body as string).trim().split('\n').map((l) => JSON.parse(l));
      expect(events[0]).toMatchObject({ type: 'ADDED', object: { metadata: { name: 'init' } } });
      expect(events[1]).toMatchObject({ type: 'BOOKMARK', object: { metadata: { annotations: { 'k8s.io/initial-events-end': 'true' } } } });
      expect(h.server.store.watcherCount).toBe(0);
    } finally {
      await h.close();
    }
  });
});

describe('listening', () => {
  it('refuses a non-loopback host without allowRemote and a token', async () => {
    await expect(startApiServer({ stateDir: '/nonexistent', host: '0.0.0.0' })).rejects.toThrow('only loopback');
  });

  it('releases the state directory when the port is taken, so a retry on another port works', async () => {
    const h = await startHarness();
    try {
      const dir = mkdtempSync(path.join(tmpdir(), 'argo-ts-port-'));
      await expect(startApiServer({ stateDir: dir, port: h.server.port })).rejects.toThrow('EADDRINUSE');
      const retry = await startApiServer({ stateDir: dir });
      await retry.close();
      rmSync(dir, { recursive: true, force: true });
    } finally {
      await h.close();
    }
  });

  it('with an admin token set, a request without credentials is system:anonymous: health only, everything else 403', async () => {
    const h = await startHarness({ token: 's3cret' });
    try {
      const anon = (p: string, method = 'GET') => call(h.server.url, method, p);
      expect((await anon('/readyz')).status).toBe(200);
      expect((await anon('/version')).status).toBe(200);
      const secrets = await anon('/api/v1/secrets');
      expect(secrets.status).toBe(403);
      expect(secrets.body.message).toBe('secrets is forbidden: User "system:anonymous" cannot list resource "secrets" in API group "" at the cluster scope');
      const create = await call(h.server.url, 'POST', '/api/v1/namespaces/default/pods', { metadata: { name: 'p' }, spec: { containers: [{ name: 'c', image: 'x' }] } });
      expect(create.status).toBe(403);
      expect(create.body.message).toBe('pods is forbidden: User "system:anonymous" cannot create resource "pods" in API group "" in the namespace "default"');
      const api = await anon('/api');
      expect(api.status).toBe(403);
      expect(api.body.message).toBe('forbidden: User "system:anonymous" cannot get path "/api"');
      expect((await call(h.server.url, 'GET', '/api/v1/secrets', undefined, { Authorization: 'Bearer s3cret' })).status).toBe(200);
      expect((await call(h.server.url, 'GET', '/argo-ts-token/s3cret/api/v1/secrets')).status).toBe(200);
      expect((await call(h.server.url, 'GET', '/api/v1/secrets', undefined, { Authorization: 'Bearer wrong' })).status).toBe(401);
    } finally {
      await h.close();
    }
  });
});
