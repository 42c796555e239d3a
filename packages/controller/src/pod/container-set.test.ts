import type { V1Container } from '@kubernetes/client-node';
import { Env } from '@argo-ts/spec';
import { DEPENDENCIES_ENV, buildContainerSetPod } from './container-set.js';
import { PodBuildError, type PodBuildInput } from './build.js';

function input(tmpl: PodBuildInput['tmpl']): PodBuildInput {
  return {
    workflow: { name: 'wf', namespace: 'argo', uid: 'u1' }, nodeId: 'wf-1', nodeName: 'wf', podName: 'wf-main-1', tmpl,
    spec: {}, executorImage: 'exec:1', outputsReporter: 'annotation', includeScriptOutput: true,
    images: { 'argoproj/argosay:v2': { entrypoint: ['/argosay'] } },
  };
}
const env = (c: V1Container, name: string) => c.env?.find((e) => e.name === name)?.value;

describe('buildContainerSetPod', () => {
  const pod = buildContainerSetPod(input({
    name: 'main',
    volumes: [{ name: 'workspace', emptyDir: {} }],
    containerSet: {
      volumeMounts: [{ name: 'workspace', mountPath: '/workspace' }],
      containers: [
        { name: 'a', image: 'argoproj/argosay:v2', args: ['echo', 'hi', '/workspace/out'] },
        { name: 'main', image: 'alpine', command: ['sh', '-c', 'cat /workspace/out'], dependencies: ['a'], volumeMounts: [{ name: 'workspace', mountPath: '/w2' }] },
      ],
    },
  }));
  const ctr = (n: string) => pod.spec!.containers.find((c) => c.name === n)!;

  it('wraps each container in the emissary under its own name, with its dependencies', () => {
    expect(pod.spec!.initContainers!.map((c) => c.name)).toEqual(['init']);
    expect(pod.spec!.containers.map((c) => c.name)).toEqual(['wait', 'a', 'main']);
    expect(ctr('a').command).toEqual(['/bin/sh', '/var/run/argo/emissary.sh', '--', '/argosay', 'echo', 'hi', '/workspace/out']);
    expect(ctr('main').command).toEqual(['/bin/sh', '/var/run/argo/emissary.sh', '--', 'sh', '-c', 'cat /workspace/out']);
    expect(env(ctr('a'), Env.containerName)).toBe('a');
    expect(env(ctr('main'), Env.containerName)).toBe('main');
    expect(env(ctr('a'), DEPENDENCIES_ENV)).toBeUndefined();
    expect(env(ctr('main'), DEPENDENCIES_ENV)).toBe('a');
    expect((ctr('main') as unknown as Record<string, unknown>)['dependencies']).toBeUndefined();
    expect(ctr('a').args).toBeUndefined();
  });

  it('mounts the containerSet volumeMounts in every container, and in wait under /mainctrfs', () => {
    expect(ctr('a').volumeMounts).toEqual([{ name: 'var-run-argo', mountPath: '/var/run/argo' }, { name: 'workspace', mountPath: '/workspace' }]);
    expect(ctr('main').volumeMounts).toEqual([
      { name: 'var-run-argo', mountPath: '/var/run/argo' }, { name: 'workspace', mountPath: '/workspace' }, { name: 'workspace', mountPath: '/w2' },
    ]);
    expect(ctr('wait').volumeMounts).toContainEqual({ name: 'workspace', mountPath: '/mainctrfs/workspace' });
    expect(pod.spec!.volumes!.map((v) => v.name)).toContain('workspace');
  });

  it('refuses names that cannot be a directory or list item', () => {
    expect(() => buildContainerSetPod(input({ name: 't', containerSet: { containers: [{ name: 'A,b', image: 'x', command: ['x'] }] } })))
      .toThrow(new PodBuildError('InvalidContainerSet', "containerSet.containers[0].name: expected a DNS label, got 'A,b'"));
    expect(() => buildContainerSetPod(input({ name: 't', containerSet: { containers: [] } })))
      .toThrow('containerSet.containers: expected at least one container');
  });
  it('passes containerSet.retryStrategy to every container as the emissary env', () => {
    const p = buildContainerSetPod(input({ name: 't', containerSet: {
      retryStrategy: { retries: '2', duration: '1m30s' },
      containers: [{ name: 'a', image: 'x', command: ['x'] }, { name: 'main', image: 'x', command: ['x'], dependencies: ['a'] }],
    } }));
    for (const n of ['a', 'main']) {
      const c = p.spec!.containers.find((x) => x.name === n)!;
      expect(env(c, Env.containerRetries)).toBe('2');
      expect(env(c, Env.containerRetryDelay)).toBe('90');
    }
    expect(env(p.spec!.containers.find((x) => x.name === 'wait')!, Env.containerRetries)).toBeUndefined();
    const ms = buildContainerSetPod(input({ name: 't', containerSet: { retryStrategy: { retries: 1, duration: '300ms' }, containers: [{ name: 'main', image: 'x', command: ['x'] }] } }));
    expect(env(ms.spec!.containers[1]!, Env.containerRetryDelay)).toBe('0.3');
    const none = buildContainerSetPod(input({ name: 't', containerSet: { containers: [{ name: 'main', image: 'x', command: ['x'] }] } }));
    expect(env(none.spec!.containers[1]!, Env.containerRetries)).toBeUndefined();
  });

  it('refuses a containerSet.retryStrategy it cannot pass on', () => {
    const bad = (retryStrategy: object) => () => buildContainerSetPod(input({ name: 't', containerSet: { retryStrategy, containers: [{ name: 'main', image: 'x', command: ['x'] }] } as never }));
    expect(bad({ retries: 'two' })).toThrow(new PodBuildError('InvalidContainerSet', "containerSet.retryStrategy.retries: expected a non-negative integer, got 'two'"));
    expect(bad({ retries: 1, duration: 'soon' })).toThrow("containerSet.retryStrategy.duration: expected a duration such as 300ms, 1s or 5m, got 'soon'");
  });
});
