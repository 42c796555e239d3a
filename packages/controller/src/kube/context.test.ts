import { ContextLoader, collectRefs } from './context.js';
import { FakeKubeApi } from './testing/fake-api.js';
import { Resources } from './resources.js';
import type { Workflow } from '../operator/model.js';

const wf = (spec: Record<string, unknown>): Workflow => ({ metadata: { name: 'w', namespace: 'ns' }, spec } as Workflow);

describe('collectRefs', () => {
  it('finds template refs (namespaced and cluster), configMapKeyRefs and memoize caches, skipping unresolved names', () => {
    const r = collectRefs({
      workflowTemplateRef: { name: 'base' },
      templates: [
        { name: 'a', steps: [[{ name: 's', templateRef: { name: 'lib', template: 't' } }, { name: 'c', templateRef: { name: 'clib', template: 't', clusterScope: true } }]] },
        { name: 'b', inputs: { parameters: [{ name: 'p', valueFrom: { configMapKeyRef: { name: 'settings', key: 'k' } } }] }, memoize: { key: 'x', cache: { configMap: { name: 'memo' } } } },
        { name: 'c', dag: { tasks: [{ name: 't', templateRef: { name: '{{inputs.parameters.lib}}', template: 'x' } }] } },
      ],
    });
    expect([...r.templates].sort()).toEqual(['base', 'lib']);
    expect([...r.clusterTemplates]).toEqual(['clib']);
    expect([...r.configMaps].sort()).toEqual(['memo', 'settings']);
  });
});

describe('ContextLoader', () => {
  let api: FakeKubeApi;
  let t: number;
  beforeEach(() => {
    api = new FakeKubeApi();
    t = 0;
    api.seed(Resources.workflowTemplates, { metadata: { name: 'lib', namespace: 'ns' }, spec: { templates: [{ name: 't', steps: [[{ name: 'x', templateRef: { name: 'deeper', template: 'y' } }]] }] } });
    api.seed(Resources.workflowTemplates, { metadata: { name: 'deeper', namespace: 'ns' }, spec: { templates: [{ name: 'y', inputs: { parameters: [{ name: 'p', valueFrom: { configMapKeyRef: { name: 'cm1', key: 'k' } } }] } }] } });
    api.seed(Resources.clusterWorkflowTemplates, { metadata: { name: 'clib' }, spec: { templates: [] } });
    api.seed(Resources.configMaps, { metadata: { name: 'cm1', namespace: 'ns' }, data: { k: 'v' } } as never);
  });

  it('follows template references transitively and loads referenced ConfigMaps and task results', async () => {
    const loader = new ContextLoader(api, 1000, () => t);
    const w = wf({ templates: [{ name: 'm', steps: [[{ name: 'a', templateRef: { name: 'lib', template: 't' } }, { name: 'b', templateRef: { name: 'clib', template: 'z', clusterScope: true } }]] }] });
    const got = await loader.load(w, [{ metadata: { name: 'w-1' }, outputs: { result: 'r' } }]);
    expect([...got.ctx.workflowTemplates.keys()].sort()).toEqual(['deeper', 'lib']);
    expect([...got.ctx.clusterWorkflowTemplates.keys()]).toEqual(['clib']);
    expect(got.ctx.configMaps.get('cm1')?.data).toEqual({ k: 'v' });
    expect(got.ctx.taskResults.get('w-1')?.outputs?.result).toBe('r');
    expect(got.warnings).toEqual([]);
  });

  it('caches reads for the TTL, then reads again', async () => {
    const loader = new ContextLoader(api, 1000, () => t);
    const w = wf({ workflowTemplateRef: { name: 'deeper' } });
    await loader.load(w, []);
    await loader.load(w, []);
    const gets = () => api.calls.filter((c) => c.method === 'get' && c.name === 'deeper').length;
    expect(gets()).toBe(1);
    t = 1500;
    await loader.load(w, []);
    expect(gets()).toBe(2);
  });

  it('warns about missing templates', async () => {
    const got = await new ContextLoader(api).load(wf({ workflowTemplateRef: { name: 'nope' } }), []);
    expect(got.warnings).toEqual(['WorkflowTemplate nope not found']);
  });

  describe('artifact repository', () => {
    const repos = (annotations?: Record<string, string>) => api.seed(Resources.configMaps, {
      metadata: { name: 'artifact-repositories', namespace: 'ns', ...(annotations ? { annotations } : {}) },
      data: { 'default-v1': 's3:\n  bucket: my-bucket\n', other: 's3:\n  bucket: other\n', bad: 'a: [' },
    } as never);

    it.each<[Record<string, string> | undefined, Record<string, unknown>, unknown, string[]]>([
      [{ 'workflows.argoproj.io/default-artifact-repository': 'default-v1' }, {}, { s3: { bucket: 'my-bucket' } }, []],
      [undefined, {}, undefined, []],
      [undefined, { artifactRepositoryRef: { key: 'other' } }, { s3: { bucket: 'other' } }, []],
      [undefined, { artifactRepositoryRef: { key: 'missing' } }, undefined, ['artifactRepositoryRef: key missing not found in ConfigMap ns/artifact-repositories']],
      [undefined, { artifactRepositoryRef: { configMap: 'nope', key: 'x' } }, undefined, ['artifactRepositoryRef: ConfigMap ns/nope not found']],
      [undefined, { artifactRepositoryRef: { key: 'bad' } }, undefined, [expect.stringMatching(/^artifactRepositoryRef: ConfigMap ns\/artifact-repositories key bad: expected YAML/) as unknown as string]],
    ])('annotations %j, spec %j', async (annotations, spec, want, warnings) => {
      repos(annotations);
      const got = await new ContextLoader(api).load(wf(spec), []);
      expect(got.artifactRepository).toEqual(want);
      expect(got.warnings).toEqual(warnings);
    });
  });
});
