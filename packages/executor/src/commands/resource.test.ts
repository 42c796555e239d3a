import { runInProcess } from '../run.js';
import { runResource } from './resource.js';
import { startFakeKube, type FakeKube } from '../testkit/fake-kube.js';
import { testContext } from '../testkit/context.js';
import { Annotations } from '@argo-ts/spec';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

describe('argoexec resource', () => {
  let kube: FakeKube;
  const roots: string[] = [];
  beforeAll(async () => { kube = await startFakeKube(); });
  afterAll(async () => { await kube.close(); await Promise.all(roots.map((r) => rm(r, { recursive: true, force: true }))); });
  beforeEach(() => { kube.objects.clear(); kube.requests.length = 0; });

  const cm = (name: string, data: Record<string, string> = { a: '1' }) =>
    `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\ndata:\n${Object.entries(data).map(([k, v]) => `  ${k}: "${v}"`).join('\n')}\n`;
  async function run(resource: object, outputs?: object, pollMs = 1000) {
    const ctx = await testContext(['resource'], { resource, outputs }, kube.kubeConfig);
    roots.push(ctx.root);
    const result = pollMs === 1000 ? await runInProcess(ctx) : await runResource(ctx, pollMs).catch((e: Error) => ({ exitCode: 1, message: e.message }));
    return { ctx, result };
  }
  const reported = () => {
    const patch = kube.requests.filter((r) => r.method === 'PATCH' && r.path.includes('/pods/')).pop();
    return JSON.parse(patch!.body.metadata.annotations[Annotations.outputs]);
  };

  it('creates a resource with an owner reference and reports jsonPath outputs', async () => {
    const { ctx, result } = await run(
      { action: 'create', manifest: cm('made'), setOwnerReference: true },
      { parameters: [{ name: 'n', valueFrom: { jsonPath: '{.metadata.name}' } }, { name: 'a', valueFrom: { jsonPath: '{.data.a}' } }] },
    );
    expect(result).toEqual({ exitCode: 0 });
    const obj = kube.objects.get('configmaps/argo/made');
    expect(obj.metadata.ownerReferences).toEqual([{ apiVersion: 'argoproj.io/v1alpha1', kind: 'Workflow', name: 'wf-1', uid: 'uid-1', controller: true, blockOwnerDeletion: true }]);
    expect(ctx.output().stdout).toBe('argo/configmap/made\n');
    expect(reported().parameters).toEqual([
      { name: 'n', value: 'made', valueFrom: { jsonPath: '{.metadata.name}' } },
      { name: 'a', value: '1', valueFrom: { jsonPath: '{.data.a}' } },
    ]);
  });

  it('reports jqFilter outputs as jq -rc does (raw strings, compact JSON, one result a line) and names a bad filter', async () => {
    await run(
      { action: 'create', manifest: cm('jq', { a: '1', b: 'two' }) },
      { parameters: [
        { name: 's', valueFrom: { jqFilter: '.data.b' } },
        { name: 'o', valueFrom: { jqFilter: '.data' } },
        { name: 'k', valueFrom: { jqFilter: '.data | keys[]' } },
      ] },
    );
    expect(reported().parameters.map((p: { name: string; value: string }) => [p.name, p.value])).toEqual([
      ['s', 'two'], ['o', '{"a":"1","b":"two"}'], ['k', 'a\nb'],
    ]);
    const bad = await run({ action: 'get', flags: ['configmaps/jq'] }, { parameters: [{ name: 'x', valueFrom: { jqFilter: '.[' } }] }, 10);
    expect(bad.result).toMatchObject({ exitCode: 1 });
    expect((bad.result as { message: string }).message).toMatch(/^output parameter "x": valueFrom.jqFilter "\.\[": jq: error: syntax error/);
  });

  it('fails a second create with the API message, applies idempotently, patches and deletes', async () => {
    await run({ action: 'create', manifest: cm('x') });
    const again = await run({ action: 'create', manifest: cm('x') });
    expect(again.result.exitCode).toBe(1);
    expect(again.result.message).toBe('resource create ConfigMap/x: configmaps "x" already exists');
    expect((await run({ action: 'apply', manifest: cm('x', { a: '2' }) })).result.exitCode).toBe(0);
    expect(kube.objects.get('configmaps/argo/x').data).toEqual({ a: '2' });
    expect((await run({ action: 'apply', manifest: cm('y') })).result.exitCode).toBe(0);
    expect(kube.objects.has('configmaps/argo/y')).toBe(true);
    expect((await run({ action: 'patch', mergeStrategy: 'merge', manifest: cm('x', { b: '3' }) })).result.exitCode).toBe(0);
    expect(kube.objects.get('configmaps/argo/x').data).toEqual({ a: '2', b: '3' });
    expect(kube.objects.get('configmaps/argo/x').metadata.lastPatchType).toBe('application/merge-patch+json');
    expect((await run({ action: 'delete', manifest: cm('x') })).result.exitCode).toBe(0);
    expect(kube.objects.has('configmaps/argo/x')).toBe(false);
    expect((await run({ action: 'delete', manifest: cm('x') })).result.exitCode).toBe(0);
  });

  it('waits for the success condition, and fails on the failure condition', async () => {
    const job = 'apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: pi\nspec: {}\n';
    const done = run({ action: 'create', manifest: job, successCondition: 'status.succeeded > 0', failureCondition: 'status.failed > 3' }, undefined, 20);
    setTimeout(() => { kube.objects.get('jobs/argo/pi').status = { succeeded: 1 }; }, 150);
    expect((await done).result).toEqual({ exitCode: 0 });
    const failing = run({ action: 'create', manifest: job.replace('name: pi', 'name: bad'), successCondition: 'status.succeeded > 0', failureCondition: 'status.failed > 3' }, undefined, 20);
    setTimeout(() => { kube.objects.get('jobs/argo/bad').status = { failed: 4 }; }, 150);
    expect((await failing).result).toEqual({ exitCode: 1, message: 'Job/bad: failure condition "status.failed > 3" matched' });
  });

  it('patches, gets and deletes the object resource.flags names, the manifest being only the patch body', async () => {
    await run({ action: 'create', manifest: cm('x') });
    const patched = await run({ action: 'patch', mergeStrategy: 'merge', flags: ['configmap', 'x', '-n', 'argo'], manifest: 'data:\n  b: "3"\n' });
    expect(patched.result).toEqual({ exitCode: 0 });
    expect(patched.ctx.output().stdout).toBe('argo/configmap/x\n');
    expect(kube.objects.get('configmaps/argo/x').data).toEqual({ a: '1', b: '3' });
    expect(kube.objects.get('configmaps/argo/x').metadata.lastPatchType).toBe('application/merge-patch+json');
    const got = await run({ action: 'get', flags: ['configmaps/x'] }, { parameters: [{ name: 'b', valueFrom: { jsonPath: '{.data.b}' } }] });
    expect(got.result).toEqual({ exitCode: 0 });
    expect(reported().parameters).toEqual([{ name: 'b', value: '3', valueFrom: { jsonPath: '{.data.b}' } }]);
    // The fake lists no short names and serves no /apis, so discovery fails there (unknown types: discovery.test.ts).
    expect((await run({ action: 'delete', flags: ['cm', 'x'] }, undefined, 20)).result).toEqual({ exitCode: 1, message: 'resource delete cm/x: GET /apis: 404 fake kube: no route for GET /apis' });
    expect((await run({ action: 'delete', flags: ['ConfigMap', 'x', '--ignore-not-found'] })).result).toEqual({ exitCode: 0 });
    expect(kube.objects.has('configmaps/argo/x')).toBe(false);
  });

  it('refuses a kubectl flag it does not implement, naming it', async () => {
    const { result } = await run({ action: 'patch', flags: ['pod', 'p', '--dry-run=server'], manifest: 'a: 1' }, undefined, 20);
    expect(result).toEqual({ exitCode: 1, message: 'resource.flags[2]: kubectl flag "--dry-run" is not supported for action patch (supported: -n/--namespace)' });
    expect(kube.requests).toEqual([]);
  });

  it('takes the manifest from an input artifact with manifestFrom, at the artifact\'s path or the default one', async () => {
    for (const [path, name] of [['/tmp/cm.yaml', 'from-path'], [undefined, 'from-default']] as const) {
      const ctx = await testContext(['resource'], {
        inputs: { artifacts: [{ name: 'manifest', ...(path ? { path } : {}) }] },
        resource: { action: 'create', manifestFrom: { artifact: { name: 'manifest' } } },
      }, kube.kubeConfig);
      roots.push(ctx.root);
      const file = ctx.resolvePath(path ?? '/argo/inputs/artifacts/manifest');
      await mkdir(dirname(file), { recursive: true });
      await writeFile(file, cm(name));
      expect(await runResource(ctx, 20)).toEqual({ exitCode: 0 });
      expect(kube.objects.get(`configmaps/argo/${name}`)?.data).toEqual({ a: '1' });
    }
  });

  it('names a manifest kind the server does not serve, as kubectl does', async () => {
    const { result } = await run({ action: 'create', manifest: 'apiVersion: v1\nkind: Widget\nmetadata:\n  name: w\n' }, undefined, 20);
    expect(result).toEqual({ exitCode: 1, message: 'resource.manifest: no matches for kind "Widget" in version "v1"' });
    const other = await run({ action: 'create', manifest: 'apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\n' }, undefined, 20);
    expect(other.result).toEqual({ exitCode: 1, message: 'resource.manifest: no matches for kind "Widget" in version "example.com/v1"' });
  });

  it('rejects a manifest that is not an object with apiVersion and kind', async () => {
    const { result } = await run({ action: 'create', manifest: 'just: text' });
    expect(result).toEqual({ exitCode: 1, message: 'resource.manifest: must be one object with apiVersion and kind' });
  });
});
