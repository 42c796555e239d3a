import type { V1Pod } from '@kubernetes/client-node';
import { Env, TemplateOffload } from '@argo-ts/spec';
import { buildPod, type PodBuildInput } from './build.js';
import { offloadLargeTemplate } from './offload-template.js';

function input(source: string): PodBuildInput {
  return {
    workflow: { name: 'wf', namespace: 'argo', uid: 'u1' },
    nodeId: 'wf-1', nodeName: 'wf[0].a', podName: 'wf-t-1',
    tmpl: { name: 't', script: { image: 'alpine', command: ['sh'], source } },
    spec: {}, executorImage: 'exec:1', outputsReporter: 'taskresult', includeScriptOutput: true,
  };
}
const all = (pod: V1Pod) => [...(pod.spec!.initContainers ?? []), ...pod.spec!.containers];
const envOf = (pod: V1Pod, name: string) => all(pod).find((c) => c.name === name)!.env!.find((e) => e.name === Env.template)!.value;

describe('offloadLargeTemplate', () => {
  it('leaves a template that fits in the environment where it is', () => {
    const pod = buildPod(input('echo hi'));
    expect(offloadLargeTemplate(pod, { name: 'wf', uid: 'u1' })).toEqual({ pod });
  });

  it('moves a 170 KB template into a ConfigMap named after the pod, mounted at /argo/config, as Argo does', () => {
    const source = 'x'.repeat(170 * 1024);
    const pod = buildPod(input(source));
    const json = envOf(pod, 'init')!;
    const { pod: out, configMap } = offloadLargeTemplate(pod, { name: 'wf', uid: 'u1' });
    expect(configMap).toEqual({
      apiVersion: 'v1', kind: 'ConfigMap',
      metadata: {
        name: 'wf-t-1', namespace: 'argo', labels: { 'workflows.argoproj.io/workflow': 'wf' },
        annotations: { 'workflows.argoproj.io/node-name': 'wf[0].a', 'workflows.argoproj.io/node-id': 'wf-1' },
        ownerReferences: [{ apiVersion: 'argoproj.io/v1alpha1', kind: 'Workflow', name: 'wf', uid: 'u1', controller: true, blockOwnerDeletion: true }],
      },
      data: { ARGO_TEMPLATE: json },
    });
    expect(out.spec!.volumes).toContainEqual({ name: 'argo-env-config', configMap: { name: 'wf-t-1' } });
    for (const name of ['init', 'wait', 'main']) {
      expect(envOf(out, name)).toBe(TemplateOffload.sentinel);
      expect(all(out).find((c) => c.name === name)!.volumeMounts).toContainEqual({ name: 'argo-env-config', mountPath: '/argo/config', readOnly: true });
    }
    // The input pod is not changed.
    expect(envOf(pod, 'init')).toBe(json);
  });

  it('counts what execve counts: NAME=value and its NUL', () => {
    const fits = TemplateOffload.maxEnvBytes - `${Env.template}=`.length - 1;
    const pod = (n: number): V1Pod => ({ metadata: { name: 'p' }, spec: { containers: [{ name: 'main', env: [{ name: Env.template, value: 'y'.repeat(n) }] }] } });
    expect(offloadLargeTemplate(pod(fits), { name: 'wf', uid: 'u' }).configMap).toBeUndefined();
    expect(offloadLargeTemplate(pod(fits + 1), { name: 'wf', uid: 'u' }).configMap).toBeDefined();
  });
});
