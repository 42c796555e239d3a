/** Strict validation through the HTTP server: create, update and patch answer Kubernetes' 422 Status and store nothing. */
import { startHarness, type Harness } from '../testing/harness.js';

const PVCS = '/api/v1/namespaces/default/persistentvolumeclaims';
const PODS = '/api/v1/namespaces/default/pods';
const UNSUPPORTED = 'Unsupported value: "Foo": supported values: "ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce", "ReadWriteOncePod"';

const pvc = (name: string, modes: unknown[]) => ({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name }, spec: { accessModes: modes, resources: { requests: { storage: '1Gi' } } } });

async function call(h: Harness, method: string, path: string, body?: unknown, contentType = 'application/json'): Promise<{ status: number; body: any }> {
  const res = await fetch(h.server.url + path, { method, headers: { 'Content-Type': contentType }, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: res.status, body: await res.json() };
}

describe('strict validation over HTTP', () => {
  let h: Harness;
  beforeAll(async () => { h = await startHarness(); });
  afterAll(() => h.close());

  it('answers a create with 422 and Kubernetes\' Status body', async () => {
    const r = await call(h, 'POST', PVCS, pvc('bad', ['Foo']));
    expect(r).toEqual({
      status: 422,
      body: {
        kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', reason: 'Invalid', code: 422,
        message: `PersistentVolumeClaim "bad" is invalid: spec.accessModes: ${UNSUPPORTED}`,
        details: { name: 'bad', group: '', kind: 'PersistentVolumeClaim', causes: [{ reason: 'FieldValueNotSupported', message: UNSUPPORTED, field: 'spec.accessModes' }] },
      },
    });
    expect(h.server.store.get('core/persistentvolumeclaims', 'default', 'bad')).toBeUndefined();
  });

  it('refuses an update and a patch that make a stored object invalid, keeping the stored one', async () => {
    const created = await call(h, 'POST', PVCS, pvc('good', ['ReadWriteOnce']));
    expect(created.status).toBe(201);
    const put = await call(h, 'PUT', `${PVCS}/good`, { ...created.body, spec: { ...created.body.spec, accessModes: ['Foo'] } });
    expect([put.status, put.body.message]).toEqual([422, `PersistentVolumeClaim "good" is invalid: spec.accessModes: ${UNSUPPORTED}`]);
    const patch = await call(h, 'PATCH', `${PVCS}/good`, { spec: { accessModes: ['Foo'] } }, 'application/strategic-merge-patch+json');
    expect([patch.status, patch.body.message]).toEqual([422, `PersistentVolumeClaim "good" is invalid: spec.accessModes: ${UNSUPPORTED}`]);
    expect((h.server.store.get('core/persistentvolumeclaims', 'default', 'good')!.spec as { accessModes: string[] }).accessModes).toEqual(['ReadWriteOnce']);
  });

  it('refuses a pod whose mount names no volume, and a malformed quantity with 400', async () => {
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'main', image: 'alpine', volumeMounts: [{ name: 'work', mountPath: '/work' }] }] } };
    const r = await call(h, 'POST', PODS, pod);
    expect([r.status, r.body.message]).toEqual([422, 'Pod "p" is invalid: spec.containers[0].volumeMounts[0].name: Not found: "work"']);
    const q = await call(h, 'POST', PODS, { ...pod, spec: { containers: [{ name: 'main', image: 'alpine', resources: { requests: { memory: 'much' } } }] } });
    expect([q.status, q.body.reason]).toEqual([400, 'BadRequest']);
  });

  it("accepts the same bodies with validation: 'off'", async () => {
    const off = await startHarness({ validation: 'off' });
    try {
      expect((await call(off, 'POST', PVCS, pvc('bad', ['Foo']))).status).toBe(201);
    } finally {
      await off.close();
    }
  });
});
