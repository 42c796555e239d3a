import { describe, expect, it } from '@jest/globals';
import { RegistryClient, RegistryError, type ImageReference, type ResolvedImage } from '@argo-ts/oci';
import type { KubeApi } from './api.js';
import { parseControllerConfig } from './config.js';
import { EntrypointResolver, imagesWithoutCommand } from './entrypoints.js';
import type { Workflow } from '../operator/model.js';
import type { OperateContext } from '../operator/types.js';

const ctx = { workflowTemplates: new Map(), clusterWorkflowTemplates: new Map(), configMaps: new Map() } as unknown as OperateContext;
const wf = (templates: unknown[]): Workflow => ({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Workflow', metadata: { name: 'w', namespace: 'argo' }, spec: { entrypoint: 'a', templates } } as unknown as Workflow);

class FakeClient extends RegistryClient {
  calls: string[] = [];
  constructor(private readonly answers: Record<string, ResolvedImage | RegistryError>) { super(); }
  override async resolve(ref: ImageReference): Promise<ResolvedImage> {
    this.calls.push(ref.name);
    const a = this.answers[ref.name];
    if (!a || a instanceof RegistryError) throw a ?? new Error('unexpected');
    return a;
  }
}

const resolved = (entrypoint: string[], cmd: string[]): ResolvedImage => ({
  digest: `sha256:${'1'.repeat(64)}`, manifest: { config: { digest: `sha256:${'2'.repeat(64)}`, size: 1 }, layers: [] }, config: { config: { Entrypoint: entrypoint, Cmd: cmd } },
});

describe('imagesWithoutCommand', () => {
  it('collects literal images of containers without command, not scripts, commands or parameters', () => {
    const got = imagesWithoutCommand(wf([
      { name: 'a', container: { image: 'jq:1', args: ['.'] } },
      { name: 'b', container: { image: 'alpine:3', command: ['sh'] } },
      { name: 'c', script: { image: 'python:3', source: 'print(1)' } },
      { name: 'd', container: { image: '{{inputs.parameters.img}}' } },
      { name: 'e', containerSet: { containers: [{ name: 'x', image: 'busybox:1' }] } },
    ]), ctx);
    expect([...got]).toEqual(['jq:1', 'busybox:1']);
  });
});

describe('EntrypointResolver', () => {
  const api = { get: async () => { throw Object.assign(new Error('not found'), { code: 'NotFound' }); } } as unknown as KubeApi;
  const cfg = parseControllerConfig({ images: 'listed:1: {entrypoint: [/x]}' }, 'configmap argo/c');

  it('looks up what the index lacks, once per tag; keeps refusals; ignores unreachable registries', async () => {
    const client = new FakeClient({
      'docker.io/library/jq:1': resolved(['jq'], []),
      'docker.io/library/gone:1': new RegistryError('NotFound', 'GET https://registry-1.docker.io/v2/library/gone/manifests/1: MANIFEST_UNKNOWN: manifest unknown'),
      'offline.example/x:1': new RegistryError('Unreachable', 'GET https://offline.example/v2/x/manifests/1: getaddrinfo ENOTFOUND offline.example'),
    });
    const r = new EntrypointResolver(api, client);
    const w = wf([
      { name: 'a', container: { image: 'jq:1', args: ['.'] } },
      { name: 'b', container: { image: 'gone:1' } },
      { name: 'c', container: { image: 'offline.example/x:1', args: ['y'] } },
      { name: 'd', container: { image: 'listed:1' } },
    ]);
    const first = await r.resolve(w, ctx, cfg);
    expect(first).toEqual({
      images: { 'jq:1': { entrypoint: ['jq'], cmd: [] } },
      errors: { 'gone:1': 'GET https://registry-1.docker.io/v2/library/gone/manifests/1: MANIFEST_UNKNOWN: manifest unknown' },
    });
    expect(client.calls).toEqual(['docker.io/library/jq:1', 'docker.io/library/gone:1', 'offline.example/x:1']);
    expect(await r.resolve(w, ctx, cfg)).toEqual(first);
    // The second pass asked again only for the unreachable one (nothing is cached for it).
    expect(client.calls.slice(3)).toEqual(['offline.example/x:1']);
  });
});
