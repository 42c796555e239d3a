/**
 * Bad input to the local API server (issue 14, finding 12): deeply nested
 * JSON answers 400 with a clear message, never a 500 from an exhausted
 * stack, on a core kind and on a Workflow, and the server keeps serving;
 * bodies over Kubernetes' 3 MiB answer 413.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startApiServer, type ApiServer } from '@argo-ts/local';

function nested(levels: number): string {
  return '{"a":'.repeat(levels) + '1' + '}'.repeat(levels);
}

describe('deeply nested JSON', () => {
  let dir: string;
  let server: ApiServer;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'argo-ts-apiinput-'));
    server = await startApiServer({ stateDir: dir, podDeletionMode: 'immediate' });
  });
  afterAll(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it.each([
    ['/api/v1/namespaces/default/configmaps', (x: string) => `{"metadata":{"name":"deep"},"data":{},"x":${x}}`],
    ['/apis/argoproj.io/v1alpha1/namespaces/default/workflows', (x: string) => `{"apiVersion":"argoproj.io/v1alpha1","kind":"Workflow","metadata":{"name":"deep"},"spec":${x}}`],
  ])('POST %s with 2,000 and 100,000 levels answers 400 BadRequest', async (path, body) => {
    for (const levels of [2_000, 100_000]) {
      const res = await fetch(server.url + path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: body(nested(levels)) });
      const status = (await res.json()) as { reason: string; message: string };
      expect({ levels, code: res.status, reason: status.reason }).toEqual({ levels, code: 400, reason: 'BadRequest' });
      expect(status.message).toMatch(/nests objects and arrays more than \d+ levels deep/);
    }
    expect((await fetch(`${server.url}/api/v1/namespaces/default/configmaps`)).status).toBe(200);
  });

  it('answers 413 to a body over 3 MiB (a 10 MB outputs annotation, a create), as Kubernetes does, and keeps serving', async () => {
    const big = 'x'.repeat(10 * 1024 * 1024);
    const create = await fetch(`${server.url}/api/v1/namespaces/default/configmaps`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ metadata: { name: 'big' }, data: { big } }),
    });
    expect({ code: create.status, body: await create.json() }).toMatchObject({ code: 413, body: { reason: 'RequestEntityTooLarge', message: 'Request entity too large: limit is 3145728' } });
    await fetch(`${server.url}/api/v1/namespaces/default/configmaps`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ metadata: { name: 'small' } }) });
    const patch = await fetch(`${server.url}/api/v1/namespaces/default/configmaps/small`, {
      method: 'PATCH', headers: { 'content-type': 'application/merge-patch+json' }, body: JSON.stringify({ metadata: { annotations: { 'workflows.argoproj.io/outputs': big } } }),
    });
    expect(patch.status).toBe(413);
    expect((await fetch(`${server.url}/api/v1/namespaces/default/configmaps/small`)).status).toBe(200);
  });
});
