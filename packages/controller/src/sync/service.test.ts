import type { V1ConfigMap } from '@kubernetes/client-node';
import type { KubeObject } from '../kube/api.js';
import { FakeKubeApi } from '../kube/testing/fake-api.js';
import { Resources } from '../kube/resources.js';
import type { Workflow, WorkflowTemplate } from '../operator/model.js';
import type { OperateContext } from '../operator/types.js';
import { LockService, semaphoreConfigMaps } from './service.js';

const SEM = 'ns/ConfigMap/limits/k';

function ctx(templates: WorkflowTemplate[] = []): OperateContext {
  return { workflowTemplates: new Map(templates.map((t) => [t.metadata.name!, t])), clusterWorkflowTemplates: new Map(), configMaps: new Map(), taskResults: new Map() };
}

const wf = (spec: object): Workflow => ({ metadata: { name: 'w', namespace: 'ns' }, spec } as Workflow);
const semaphore = (name: string, namespace?: string) => ({ synchronization: { semaphores: [{ configMapKeyRef: { name, key: 'k' }, ...(namespace ? { namespace } : {}) }] } });

describe('LockService', () => {
  it('finds the semaphore ConfigMaps of a workflow and of the templates it references', () => {
    const spec = { ...semaphore('limits'), templates: [{ name: 't', ...semaphore('other', 'shared') }, { name: 'u', ...semaphore('{{workflow.parameters.cm}}') }] };
    expect([...semaphoreConfigMaps([spec, { templates: [{ name: 'v', ...semaphore('from-template') }] }], 'ns')]).toEqual([
      'ns/limits', 'shared/other', 'ns/from-template',
    ]);
  });

  it('reads a ConfigMap the informer has not delivered, then follows the informer once it has', async () => {
    const api = new FakeKubeApi();
    api.seed(Resources.configMaps, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'limits', namespace: 'ns' }, data: { k: '1' } } as KubeObject);
    const cache = new Map<string, V1ConfigMap & KubeObject>();
    const woken: string[] = [];
    const s = new LockService({ api, configMaps: cache, wake: (w) => woken.push(w) });
    const req = (holder: string) => ({ holder, locks: [{ key: SEM, kind: 'Semaphore' as const }], priority: 0, created: 0 });
    expect(s.session().tryAcquire(req('ns/a'))).toMatchObject({ error: `failed to initialize semaphore ${SEM} with limit: ConfigMap ns/limits not found` });
    await s.prepare(wf(semaphore('limits')), ctx());
    const first = s.session();
    expect(first.tryAcquire(req('ns/a'))).toEqual({ acquired: true });
    s.apply([{ type: 'acquire', holder: 'ns/a', locks: [SEM] }]);
    expect(s.session().tryAcquire(req('ns/b'))).toMatchObject({ acquired: false, message: `Waiting for ${SEM} lock. Lock status: 0/1` });
    const grown = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'limits', namespace: 'ns' }, data: { k: '2' } } as V1ConfigMap & KubeObject;
    cache.set('ns/limits', grown);
    s.onConfigMap(grown);
    expect(woken).toEqual(['ns/b']);
    expect(s.session().tryAcquire(req('ns/b'))).toEqual({ acquired: true });
  });

  it('forgets a deleted or completed workflow', () => {
    const s = new LockService({ api: new FakeKubeApi(), configMaps: new Map(), wake: () => undefined });
    s.apply([{ type: 'acquire', holder: 'ns/w', locks: ['ns/Mutex/m'] }, { type: 'acquire', holder: 'ns/x/n', locks: ['ns/Mutex/n'] }]);
    s.onWorkflow('update', { metadata: { name: 'w', namespace: 'ns' }, spec: {}, status: { phase: 'Running' } } as Workflow & KubeObject);
    expect(s.manager.holdersOf('ns/Mutex/m')).toEqual(['ns/w']);
    s.onWorkflow('update', { metadata: { name: 'w', namespace: 'ns' }, spec: {}, status: { phase: 'Failed' } } as Workflow & KubeObject);
    s.onWorkflow('delete', { metadata: { name: 'x', namespace: 'ns' }, spec: {} } as Workflow & KubeObject);
    expect(s.manager.snapshot()).toEqual([]);
  });
});
