/**
 * RBAC over HTTP: service-account tokens from TokenRequest, each request verb
 * allowed and denied, the bootstrap grants of a namespace's `default`
 * account, and what a pod's token can never do.
 */
import { startHarness, type Harness } from './testing/harness.js';

let h: Harness;

async function call(method: string, path: string, opts: { token?: string; body?: unknown; contentType?: string } = {}): Promise<{ status: number; body: any }> {
  const headers: Record<string, string> = { 'Content-Type': opts.contentType ?? 'application/json' };
  if (opts.token) headers.Authorization = `Bearer ${opts.token}`;
  const res = await fetch(h.server.url + path, { method, headers, body: opts.body === undefined ? undefined : JSON.stringify(opts.body) });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // a watch stream or plain text
  }
  return { status: res.status, body };
}

async function admin(method: string, path: string, body?: unknown): Promise<any> {
  const r = await call(method, path, { body });
  if (r.status >= 300) throw new Error(`${method} ${path}: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}

async function tokenFor(ns: string, sa: string, pod?: { name: string; uid: string }): Promise<string> {
  const body = { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest', spec: { ...(pod ? { boundObjectRef: { kind: 'Pod', apiVersion: 'v1', ...pod } } : {}) } };
  return (await admin('POST', `/api/v1/namespaces/${ns}/serviceaccounts/${sa}/token`, body)).status.token;
}

const CM = '/api/v1/namespaces/team/configmaps';
const ROBOT = 'User "system:serviceaccount:team:robot"';
const cm = (name: string) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data: { k: 'v' } });
const pod = (name: string, sa = 'default') => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec: { serviceAccountName: sa, containers: [{ name: 'main', image: 'x' }] } });

let robot: string;

beforeAll(async () => {
  h = await startHarness();
  await admin('POST', '/api/v1/namespaces', { metadata: { name: 'team' } });
  await admin('POST', '/api/v1/namespaces/team/serviceaccounts', { metadata: { name: 'robot' } });
  robot = await tokenFor('team', 'robot');
});
afterAll(async () => {
  await h.close();
});

describe('a service account without grants', () => {
  // Each verb as the API server derives it from the request, and the message Kubernetes sends.
  it.each([
    ['GET', `${CM}/c`, 'get', 'configmaps "c" is forbidden', undefined],
    ['GET', CM, 'list', 'configmaps is forbidden', undefined],
    ['GET', `${CM}?watch=true&timeoutSeconds=1`, 'watch', 'configmaps is forbidden', undefined],
    ['POST', CM, 'create', 'configmaps is forbidden', cm('c')],
    ['PUT', `${CM}/c`, 'update', 'configmaps "c" is forbidden', cm('c')],
    ['PATCH', `${CM}/c`, 'patch', 'configmaps "c" is forbidden', { data: { k: 'w' } }],
    ['DELETE', `${CM}/c`, 'delete', 'configmaps "c" is forbidden', undefined],
    ['DELETE', CM, 'deletecollection', 'configmaps is forbidden', undefined],
  ])('%s %s is refused: cannot %s', async (method, path, verb, subject, body) => {
    const r = await call(method, path, { token: robot, body, contentType: method === 'PATCH' ? 'application/merge-patch+json' : undefined });
    expect(r.status).toBe(403);
    expect(r.body).toMatchObject({
      kind: 'Status', status: 'Failure', reason: 'Forbidden', code: 403,
      message: `${subject}: ${ROBOT} cannot ${verb} resource "configmaps" in API group "" in the namespace "team"`,
    });
  });

  it('may still read discovery, OpenAPI and the version', async () => {
    for (const p of ['/api', '/api/v1', '/apis', '/apis/argoproj.io/v1alpha1', '/version', '/openapi/v3']) {
      expect([p, (await call('GET', p, { token: robot })).status]).toEqual([p, 200]);
    }
  });
});

describe('a Role bound by a RoleBinding', () => {
  beforeAll(async () => {
    await admin('POST', '/apis/rbac.authorization.k8s.io/v1/namespaces/team/roles', {
      metadata: { name: 'cm-all' }, rules: [{ apiGroups: [''], resources: ['configmaps'], verbs: ['*'] }],
    });
    await admin('POST', '/apis/rbac.authorization.k8s.io/v1/namespaces/team/rolebindings', {
      metadata: { name: 'robot-cm' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'cm-all' },
      subjects: [{ kind: 'ServiceAccount', name: 'robot', namespace: 'team' }],
    });
  });

  it('allows every verb it grants, in its namespace only', async () => {
    const as = (method: string, path: string, body?: unknown, contentType?: string) => call(method, path, { token: robot, body, contentType }).then((r) => r.status);
    expect(await as('POST', CM, cm('c'))).toBe(201);
    expect(await as('GET', `${CM}/c`)).toBe(200);
    expect(await as('GET', CM)).toBe(200);
    expect(await as('GET', `${CM}?watch=true&timeoutSeconds=1`)).toBe(200);
    expect(await as('PUT', `${CM}/c`, cm('c'))).toBe(200);
    expect(await as('PATCH', `${CM}/c`, { data: { k: 'w' } }, 'application/merge-patch+json')).toBe(200);
    expect(await as('DELETE', `${CM}/c`)).toBe(200);
    expect(await as('DELETE', CM)).toBe(200);
    expect(await as('GET', '/api/v1/namespaces/default/configmaps')).toBe(403);
    expect(await as('GET', '/api/v1/namespaces/team/secrets')).toBe(403);
  });
});

describe('ClusterRoles', () => {
  it('grant through a RoleBinding in its namespace, and through a ClusterRoleBinding everywhere', async () => {
    await admin('POST', '/apis/rbac.authorization.k8s.io/v1/clusterroles', {
      metadata: { name: 'wf-reader' }, rules: [{ apiGroups: ['argoproj.io'], resources: ['workflows'], verbs: ['get', 'list'] }],
    });
    const wfs = (ns: string) => call('GET', `/apis/argoproj.io/v1alpha1/namespaces/${ns}/workflows`, { token: robot }).then((r) => r.status);
    expect(await wfs('team')).toBe(403);
    await admin('POST', '/apis/rbac.authorization.k8s.io/v1/namespaces/team/rolebindings', {
      metadata: { name: 'robot-wf' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'wf-reader' },
      subjects: [{ kind: 'ServiceAccount', name: 'robot' }],
    });
    expect([await wfs('team'), await wfs('default')]).toEqual([200, 403]);
    await admin('POST', '/apis/rbac.authorization.k8s.io/v1/clusterrolebindings', {
      metadata: { name: 'robot-wf-everywhere' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'wf-reader' },
      subjects: [{ kind: 'ServiceAccount', name: 'robot', namespace: 'team' }],
    });
    expect([await wfs('team'), await wfs('default')]).toEqual([200, 200]);
    // Across namespaces is a cluster-scoped request: only the ClusterRoleBinding can allow it.
    expect((await call('GET', '/apis/argoproj.io/v1alpha1/workflows', { token: robot })).status).toBe(200);
  });

  it('honour resourceNames and subresources', async () => {
    await admin('POST', '/api/v1/namespaces/team/pods', pod('mine'));
    await admin('POST', '/api/v1/namespaces/team/pods', pod('theirs'));
    await admin('POST', '/apis/rbac.authorization.k8s.io/v1/clusterroles', {
      metadata: { name: 'one-pod' }, rules: [{ apiGroups: [''], resources: ['pods', 'pods/status'], resourceNames: ['mine'], verbs: ['get', 'watch'] }],
    });
    await admin('POST', '/apis/rbac.authorization.k8s.io/v1/namespaces/team/rolebindings', {
      metadata: { name: 'robot-one-pod' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'one-pod' },
      subjects: [{ kind: 'ServiceAccount', name: 'robot' }],
    });
    const get = (p: string) => call('GET', `/api/v1/namespaces/team/pods${p}`, { token: robot });
    expect((await get('/mine')).status).toBe(200);
    expect((await get('/mine/status')).status).toBe(200);
    expect((await get('/theirs')).body.message).toBe(`pods "theirs" is forbidden: ${ROBOT} cannot get resource "pods" in API group "" in the namespace "team"`);
    expect((await get('')).status).toBe(403);
    expect((await get('?watch=true&timeoutSeconds=1&fieldSelector=metadata.name%3Dmine')).status).toBe(200);
    expect((await get('?watch=true&timeoutSeconds=1&fieldSelector=metadata.name%3Dtheirs')).status).toBe(403);
  });
});

describe("a namespace's default service account (the bootstrap policy)", () => {
  let dflt: string;
  beforeAll(async () => {
    dflt = await tokenFor('team', 'default');
  });

  it("may do what the executor needs, but not create pods (issue 14 finding 2: a step could make a pod of its choosing)", async () => {
    const denied = await call('POST', '/api/v1/namespaces/team/pods', { token: dflt, body: pod('made-by-default') });
    expect(denied.body.message).toBe('pods is forbidden: User "system:serviceaccount:team:default" cannot create resource "pods" in API group "" in the namespace "team"');
    await admin('POST', '/api/v1/namespaces/team/pods', pod('executor-own'));
    expect((await call('GET', '/api/v1/namespaces/team/pods/executor-own', { token: dflt })).status).toBe(200);
    expect((await call('PATCH', '/api/v1/namespaces/team/pods/executor-own', { token: dflt, body: { metadata: { annotations: { a: 'b' } } }, contentType: 'application/merge-patch+json' })).status).toBe(200);
    expect((await call('DELETE', '/api/v1/namespaces/team/pods/executor-own', { token: dflt })).status).toBe(403);
    await admin('POST', '/api/v1/namespaces/team/secrets', { metadata: { name: 'creds0' }, stringData: { k: 'v' } });
    expect((await call('GET', '/api/v1/namespaces/team/secrets/creds0', { token: dflt })).status).toBe(200);
    const result = { apiVersion: 'argoproj.io/v1alpha1', kind: 'WorkflowTaskResult', metadata: { name: 'n0' } };
    expect((await call('POST', '/apis/argoproj.io/v1alpha1/namespaces/team/workflowtaskresults', { token: dflt, body: result })).status).toBe(201);
  });

  it("may do what Argo's quick-start examples need once the quick-start role is bound, as Argo's install binds it", async () => {
    const binding = { metadata: { name: 'quick-start' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'argo-ts-quick-start' }, subjects: [{ kind: 'ServiceAccount', name: 'default', namespace: 'team' }] };
    await admin('POST', '/apis/rbac.authorization.k8s.io/v1/namespaces/team/rolebindings', binding);
    expect((await call('POST', '/api/v1/namespaces/team/pods', { token: dflt, body: pod('made-by-default') })).status).toBe(201);
    expect((await call('GET', '/api/v1/namespaces/team/pods/made-by-default', { token: dflt })).status).toBe(200);
    expect((await call('PATCH', '/api/v1/namespaces/team/pods/made-by-default', { token: dflt, body: { metadata: { annotations: { a: 'b' } } }, contentType: 'application/merge-patch+json' })).status).toBe(200);
    expect((await call('GET', '/api/v1/namespaces/team/pods?watch=true&timeoutSeconds=1', { token: dflt })).status).toBe(200);
    expect((await call('GET', '/api/v1/namespaces/team/pods', { token: dflt })).status).toBe(200);
    expect((await call('DELETE', '/api/v1/namespaces/team/pods/made-by-default', { token: dflt })).status).toBe(200);
    await admin('POST', '/api/v1/namespaces/team/secrets', { metadata: { name: 'creds' }, stringData: { k: 'v' } });
    expect((await call('GET', '/api/v1/namespaces/team/secrets/creds', { token: dflt })).status).toBe(200);
    const result = { apiVersion: 'argoproj.io/v1alpha1', kind: 'WorkflowTaskResult', metadata: { name: 'n1' } };
    expect((await call('POST', '/apis/argoproj.io/v1alpha1/namespaces/team/workflowtaskresults', { token: dflt, body: result })).status).toBe(201);
    await admin('DELETE', '/apis/rbac.authorization.k8s.io/v1/namespaces/team/rolebindings/quick-start');
  });

  it('may not create ConfigMaps, list secrets, or act in another namespace', async () => {
    const r = await call('POST', '/api/v1/namespaces/team/configmaps', { token: dflt, body: cm('x') });
    expect(r.body.message).toBe('configmaps is forbidden: User "system:serviceaccount:team:default" cannot create resource "configmaps" in API group "" in the namespace "team"');
    expect((await call('GET', '/api/v1/namespaces/team/secrets', { token: dflt })).status).toBe(403);
    expect((await call('GET', '/api/v1/namespaces/default/pods/x', { token: dflt })).status).toBe(403);
  });

  it('gets its bindings in every new namespace, pointing at the bootstrap ClusterRoles', async () => {
    const rbs = await admin('GET', '/apis/rbac.authorization.k8s.io/v1/namespaces/team/rolebindings');
    const boot = rbs.items.filter((b: any) => b.metadata.name.endsWith('-default'));
    expect(boot.map((b: any) => [b.metadata.name, b.roleRef.name, b.subjects])).toEqual([
      ['argo-ts-executor-default', 'argo-ts-executor', [{ kind: 'ServiceAccount', name: 'default', namespace: 'team' }]],
    ]);
    const roles = await admin('GET', '/apis/rbac.authorization.k8s.io/v1/clusterroles');
    expect(roles.items.map((r: any) => r.metadata.name)).toEqual(expect.arrayContaining(['argo-ts-executor', 'argo-ts-quick-start']));
  });
});

describe("what a pod's token can never do", () => {
  it('act as the admin: cluster-scoped reads, RBAC writes and token minting are refused', async () => {
    const dflt = await tokenFor('team', 'default');
    expect((await call('GET', '/api/v1/namespaces', { token: dflt })).body.message)
      .toBe('namespaces is forbidden: User "system:serviceaccount:team:default" cannot list resource "namespaces" in API group "" at the cluster scope');
    const crb = { metadata: { name: 'escalate' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'argo-ts-quick-start' }, subjects: [{ kind: 'Group', name: 'system:authenticated' }] };
    expect((await call('POST', '/apis/rbac.authorization.k8s.io/v1/clusterrolebindings', { token: dflt, body: crb })).status).toBe(403);
    expect((await call('POST', '/api/v1/namespaces/team/serviceaccounts/robot/token', { token: dflt, body: { spec: {} } })).body.message)
      .toBe('serviceaccounts "robot" is forbidden: User "system:serviceaccount:team:default" cannot create resource "serviceaccounts/token" in API group "" in the namespace "team"');
  });

  it('survive tampering, its service account, or its pod', async () => {
    const [head, , sig] = robot.split('.');
    const forged = Buffer.from(JSON.stringify({ iss: 'argo-ts-local', sub: 'admin', exp: 4e9, 'kubernetes.io': { namespace: 'team', serviceaccount: { name: 'robot', uid: 'x' } } })).toString('base64url');
    expect((await call('GET', '/api', { token: `${head}.${forged}.${sig}` })).status).toBe(401);
    expect((await call('GET', '/api', { token: 'not-a-token' })).status).toBe(401);

    const p = await admin('POST', '/api/v1/namespaces/team/pods', pod('bound', 'robot'));
    const bound = await tokenFor('team', 'robot', { name: 'bound', uid: p.metadata.uid });
    expect((await call('GET', '/api', { token: bound })).status).toBe(200);
    await admin('DELETE', '/api/v1/namespaces/team/pods/bound');
    expect((await call('GET', '/api', { token: bound })).status).toBe(401);

    await admin('POST', '/api/v1/namespaces/team/serviceaccounts', { metadata: { name: 'brief' } });
    const brief = await tokenFor('team', 'brief');
    expect((await call('GET', '/api', { token: brief })).status).toBe(200);
    await admin('DELETE', '/api/v1/namespaces/team/serviceaccounts/brief');
    await admin('POST', '/api/v1/namespaces/team/serviceaccounts', { metadata: { name: 'brief' } });
    expect((await call('GET', '/api', { token: brief })).status).toBe(401);
  });

  it('refuses a TokenRequest for a missing account or pod, or with a bad expiry, naming the field', async () => {
    expect((await call('POST', '/api/v1/namespaces/team/serviceaccounts/nobody/token', { body: { spec: {} } })).status).toBe(404);
    const r = await call('POST', '/api/v1/namespaces/team/serviceaccounts/robot/token', { body: { spec: { expirationSeconds: 10 } } });
    expect([r.status, r.body.message]).toEqual([422, expect.stringContaining('spec.expirationSeconds: must be a whole number of seconds from 600')]);
    const p = await call('POST', '/api/v1/namespaces/team/serviceaccounts/robot/token', { body: { spec: { boundObjectRef: { kind: 'Pod', name: 'gone', uid: 'u' } } } });
    expect(p.status).toBe(404);
  });
});

describe('RBAC objects', () => {
  it('are validated with the field named, and a binding keeps its roleRef', async () => {
    const bad = await call('POST', '/apis/rbac.authorization.k8s.io/v1/namespaces/team/roles', { body: { metadata: { name: 'r' }, rules: [{ apiGroups: [''], resources: ['pods'] }] } });
    expect([bad.status, bad.body.message]).toEqual([422, expect.stringContaining('rules[0].verbs')]);
    const noRef = await call('POST', '/apis/rbac.authorization.k8s.io/v1/namespaces/team/rolebindings', { body: { metadata: { name: 'b' }, subjects: [] } });
    expect([noRef.status, noRef.body.message]).toEqual([422, expect.stringContaining('roleRef')]);
    const rb = await admin('POST', '/apis/rbac.authorization.k8s.io/v1/namespaces/team/rolebindings', {
      metadata: { name: 'fixed' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'cm-all' }, subjects: [],
    });
    const moved = await call('PUT', '/apis/rbac.authorization.k8s.io/v1/namespaces/team/rolebindings/fixed', { body: { ...rb, roleRef: { ...rb.roleRef, name: 'other' } } });
    expect([moved.status, moved.body.message]).toEqual([422, expect.stringContaining('roleRef: Invalid value: {"apiGroup":"rbac.authorization.k8s.io","kind":"Role","name":"other"}: cannot change roleRef')]);
    expect((await call('POST', '/apis/rbac.authorization.k8s.io/v1/clusterroles', { body: { metadata: { name: 'system:colon-names' }, rules: [] } })).status).toBe(201);
  });
});
