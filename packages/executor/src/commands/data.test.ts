import { rm } from 'node:fs/promises';
import { Annotations } from '@argo-ts/spec';
import { runInProcess } from '../run.js';
import { startFakeKube, type FakeKube } from '../testkit/fake-kube.js';
import { testContext } from '../testkit/context.js';

describe('argoexec data', () => {
  let kube: FakeKube;
  const roots: string[] = [];
  beforeAll(async () => { kube = await startFakeKube(); });
  afterAll(async () => { await kube.close(); await Promise.all(roots.map((r) => rm(r, { recursive: true, force: true }))); });

  it('lists the source, applies the transformations, prints and reports the result', async () => {
    const ctx = await testContext(['data'], {
      data: {
        source: { artifactPaths: { http: { url: 'http://example.invalid/logs/main.log' } } },
        transformation: [{ expression: 'filter(data, {# endsWith "main.log"})' }, { expression: 'map(data, {trimPrefix(#, "http://example.invalid/")})' }],
      },
    }, kube.kubeConfig);
    roots.push(ctx.root);
    expect(await runInProcess(ctx)).toEqual({ exitCode: 0 });
    expect(ctx.output().stdout).toBe('["logs/main.log"]\n');
    const patch = kube.requests.find((r) => r.method === 'PATCH');
    expect(JSON.parse(patch!.body.metadata.annotations[Annotations.outputs])).toEqual({ result: '["logs/main.log"]', exitCode: '0' });
  });

  it('evaluates matches with Go regexp syntax, as a when does in the controller', async () => {
    // Issue 12: `(?i)` is Go syntax; the executor's own evaluator used JavaScript RegExp and threw here.
    const ctx = await testContext(['data'], {
      data: {
        source: { artifactPaths: { http: { url: 'http://example.invalid/Foo.txt' } } },
        transformation: [{ expression: 'map(data, {trimPrefix(#, "http://example.invalid/")})' }, { expression: 'filter(data, {# matches "(?i)^foo"})' }],
      },
    }, kube.kubeConfig);
    roots.push(ctx.root);
    expect(await runInProcess(ctx)).toEqual({ exitCode: 0 });
    expect(ctx.output().stdout).toBe('["Foo.txt"]\n');
  });

  it('fails clearly without a source', async () => {
    const ctx = await testContext(['data'], { data: { source: {}, transformation: [] } }, kube.kubeConfig);
    roots.push(ctx.root);
    expect(await runInProcess(ctx)).toEqual({ exitCode: 1, message: 'data.source.artifactPaths: is required (the only data source Argo has)' });
  });
});
