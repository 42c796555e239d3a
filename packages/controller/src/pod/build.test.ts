import type { V1Container, V1Pod } from '@kubernetes/client-node';
import { Annotations, Env, Labels } from '@argo-ts/spec';
import { PodBuildError, buildExecutorPod, buildPod, imageRepository, type PodBuildInput } from './build.js';
import { buildContainerSetPod } from './container-set.js';

function input(over: Partial<PodBuildInput> = {}): PodBuildInput {
  return {
    workflow: { name: 'wf', namespace: 'argo', uid: 'u1' },
    nodeId: 'wf-1', nodeName: 'wf[0].a', podName: 'wf-t-1',
    tmpl: { name: 't', container: { image: 'alpine', command: ['sh', '-c'], args: ['echo hi'] } },
    spec: {}, executorImage: 'exec:1', outputsReporter: 'taskresult', includeScriptOutput: true,
    ...over,
  };
}
const ctr = (pod: V1Pod, name: string): V1Container => [...(pod.spec!.initContainers ?? []), ...pod.spec!.containers].find((c) => c.name === name)!;
const env = (c: V1Container, name: string) => c.env!.find((e) => e.name === name);

describe('buildPod', () => {
  it('carries the pod-level fields of the workflow and the template into the pod, the template winning', () => {
    const probe = { exec: { command: ['true'] }, periodSeconds: 5 };
    const pod = buildPod(input({
      spec: {
        schedulerName: 'wf-sched', podPriorityClassName: 'wf-prio', dnsPolicy: 'None',
        dnsConfig: { nameservers: ['10.0.0.10'], searches: ['svc.local'] },
        hostAliases: [{ ip: '10.0.0.1', hostnames: ['a.local'] }],
        resourceClaims: [{ name: 'gpu', resourceClaimName: 'wf-gpu' }],
        podResources: { limits: { cpu: '2' } },
        tolerations: [{ key: 'wf', operator: 'Exists' }],
      },
      tmpl: {
        name: 't', schedulerName: 'tmpl-sched',
        hostAliases: [{ ip: '10.0.0.2', hostnames: ['b.local'] }],
        podResources: { limits: { cpu: '1' } },
        tolerations: [{ key: 'tmpl', operator: 'Exists' }],
        container: {
          image: 'alpine', command: ['true'], livenessProbe: probe, readinessProbe: probe, startupProbe: probe,
          lifecycle: { preStop: { exec: { command: ['true'] } } }, tty: true, stdinOnce: true,
          terminationMessagePath: '/tmp/msg', volumeDevices: [{ name: 'dev', devicePath: '/dev/xvda' }],
          resizePolicy: [{ resourceName: 'cpu', restartPolicy: 'NotRequired' }],
          restartPolicyRules: [{ action: 'Restart', exitCodes: { operator: 'In', values: [42] } }],
        },
      },
    }));
    const spec = pod.spec as unknown as Record<string, unknown>;
    expect(spec).toMatchObject({
      schedulerName: 'tmpl-sched', priorityClassName: 'wf-prio', dnsPolicy: 'None',
      dnsConfig: { nameservers: ['10.0.0.10'], searches: ['svc.local'] },
      hostAliases: [{ ip: '10.0.0.1', hostnames: ['a.local'] }, { ip: '10.0.0.2', hostnames: ['b.local'] }],
      resourceClaims: [{ name: 'gpu', resourceClaimName: 'wf-gpu' }],
      resources: { limits: { cpu: '1' } },
      tolerations: [{ key: 'tmpl', operator: 'Exists' }],
    });
    // Container fields Kubernetes acts on (probes, lifecycle, tty...) reach the main container unchanged.
    expect(ctr(pod, 'main')).toMatchObject({
      livenessProbe: probe, readinessProbe: probe, startupProbe: probe, lifecycle: { preStop: { exec: { command: ['true'] } } },
      tty: true, stdinOnce: true, terminationMessagePath: '/tmp/msg', volumeDevices: [{ name: 'dev', devicePath: '/dev/xvda' }],
      resizePolicy: [{ resourceName: 'cpu', restartPolicy: 'NotRequired' }],
      restartPolicyRules: [{ action: 'Restart', exitCodes: { operator: 'In', values: [42] } }],
    });
    // The same for a script template's container, a sidecar and a containerSet's containers (one code path).
    const fields = {
      workingDir: '/w', envFrom: [{ configMapRef: { name: 'cm' } }], ports: [{ containerPort: 8080 }],
      terminationMessagePolicy: 'FallbackToLogsOnError', stdin: true, livenessProbe: probe,
    };
    const script = buildPod(input({
      tmpl: { name: 't', script: { image: 'alpine', command: ['sh'], source: 'true', ...fields }, sidecars: [{ name: 'side', image: 'alpine', command: ['true'], ...fields }] },
    }));
    expect(ctr(script, 'main')).toMatchObject(fields);
    expect(ctr(script, 'side')).toMatchObject(fields);
    const set = buildContainerSetPod(input({ tmpl: { name: 't', containerSet: { containers: [{ name: 'main', image: 'alpine', command: ['true'], ...fields }] } } }));
    expect(ctr(set, 'main')).toMatchObject(fields);
  });

  it('wraps sidecars in the emissary so that wait can stop them, and gives them the grace period', () => {
    const pod = buildPod(input({
      tmpl: {
        name: 't', container: { image: 'alpine', command: ['true'] },
        sidecars: [{ name: 'db', image: 'postgres', command: ['postgres'], args: ['-c', 'x=1'], env: [{ name: 'A', value: '1' }], volumeMounts: [{ name: 'v', mountPath: '/data' }] }],
        podSpecPatch: '{"terminationGracePeriodSeconds": 7}',
      },
    }));
    const db = ctr(pod, 'db');
    expect(db.command).toEqual(['/bin/sh', '/var/run/argo/emissary.sh', '--', 'postgres', '-c', 'x=1']);
    expect(db.args).toBeUndefined();
    expect(db.env).toEqual([
      { name: 'A', value: '1' },
      { name: Env.containerName, value: 'db' },
      { name: Env.sidecar, value: 'true' },
      { name: Env.terminationGracePeriodSeconds, value: '7' },
    ]);
    expect(db.volumeMounts).toEqual([{ name: 'var-run-argo', mountPath: '/var/run/argo' }, { name: 'v', mountPath: '/data' }]);
    expect(env(ctr(pod, 'main'), Env.sidecar)).toBeUndefined();
  });

  it('mounts main\'s volumes into sidecars and init containers that ask with mirrorVolumeMounts, and drops the field', () => {
    const pod = buildPod(input({
      tmpl: {
        name: 't', container: { image: 'alpine', command: ['true'], volumeMounts: [{ name: 'w', mountPath: '/work' }] },
        sidecars: [{ name: 's', image: 'alpine', command: ['sleep', '1'], mirrorVolumeMounts: true }, { name: 'plain', image: 'alpine', command: ['true'] }],
        initContainers: [{ name: 'i', image: 'alpine', command: ['true'], mirrorVolumeMounts: true, volumeMounts: [{ name: 'x', mountPath: '/x' }] }],
      },
    }));
    expect(ctr(pod, 's').volumeMounts).toEqual([{ name: 'var-run-argo', mountPath: '/var/run/argo' }, { name: 'w', mountPath: '/work' }]);
    expect(ctr(pod, 'plain').volumeMounts).toEqual([{ name: 'var-run-argo', mountPath: '/var/run/argo' }]);
    expect(ctr(pod, 'i').volumeMounts).toEqual([{ name: 'x', mountPath: '/x' }, { name: 'w', mountPath: '/work' }]);
    for (const c of ['s', 'i']) expect(ctr(pod, c)).not.toHaveProperty('mirrorVolumeMounts');
  });

  it('refuses a sidecar without command whose image entrypoint is unknown, as for main', () => {
    expect(() => buildPod(input({ tmpl: { name: 't', container: { image: 'alpine', command: ['true'] }, sidecars: [{ name: 'web', image: 'nginx' }] } })))
      .toThrow(/failed to look-up entrypoint\/cmd for image "nginx"/);
    const pod = buildPod(input({
      tmpl: { name: 't', container: { image: 'alpine', command: ['true'] }, sidecars: [{ name: 'web', image: 'nginx:1' }] },
      images: { nginx: { entrypoint: ['/docker-entrypoint.sh'], cmd: ['nginx', '-g', 'daemon off;'] } },
    }));
    expect(ctr(pod, 'web').command).toEqual(['/bin/sh', '/var/run/argo/emissary.sh', '--', '/docker-entrypoint.sh', 'nginx', '-g', 'daemon off;']);
  });

  it('wraps main in the emissary and runs init and wait from the executor image', () => {
    const pod = buildPod(input());
    expect(pod.metadata!.name).toBe('wf-t-1');
    expect(pod.spec!.restartPolicy).toBe('Never');
    expect(pod.spec!.initContainers!.map((c) => c.name)).toEqual(['init']);
    expect(pod.spec!.containers.map((c) => c.name)).toEqual(['wait', 'main']);
    expect(ctr(pod, 'init').command).toEqual(['argoexec', 'init']);
    expect(ctr(pod, 'wait')).toMatchObject({ image: 'exec:1', command: ['argoexec', 'wait'] });
    expect(ctr(pod, 'main')).toMatchObject({ image: 'alpine', command: ['/bin/sh', '/var/run/argo/emissary.sh', '--', 'sh', '-c', 'echo hi'] });
    expect(ctr(pod, 'main').args).toBeUndefined();
    for (const c of ['init', 'wait', 'main']) {
      expect(env(ctr(pod, c), Env.containerName)!.value).toBe(c);
      expect(env(ctr(pod, c), Env.nodeId)!.value).toBe('wf-1');
      expect(env(ctr(pod, c), Env.outputsReporter)!.value).toBe('taskresult');
      expect(JSON.parse(env(ctr(pod, c), Env.template)!.value!).name).toBe('t');
      expect(env(ctr(pod, c), Env.podName)!.valueFrom!.fieldRef!.fieldPath).toBe('metadata.name');
    }
    expect(pod.metadata!.labels![Labels.workflow]).toBe('wf');
    expect(pod.metadata!.annotations).toMatchObject({ [Annotations.nodeId]: 'wf-1', [Annotations.nodeName]: 'wf[0].a' });
    expect(pod.metadata!.ownerReferences).toEqual([{ apiVersion: 'argoproj.io/v1alpha1', kind: 'Workflow', name: 'wf', uid: 'u1', controller: true, blockOwnerDeletion: true }]);
  });

  it('runs scripts from the staging volume and mounts input artifacts by subPath', () => {
    const pod = buildPod(input({
      tmpl: {
        name: 's', script: { image: 'python', command: ['python'], source: 'print(1)' },
        inputs: { artifacts: [{ name: 'data', path: '/in/data.txt', s3: { key: 'k' } }] },
      },
    }));
    const main = ctr(pod, 'main');
    expect(main.command).toEqual(['/bin/sh', '/var/run/argo/emissary.sh', '--', 'python', '/argo/staging/script']);
    expect((main as unknown as Record<string, unknown>)['source']).toBeUndefined();
    expect(main.volumeMounts).toEqual(expect.arrayContaining([
      { name: 'var-run-argo', mountPath: '/var/run/argo' },
      { name: 'argo-staging', mountPath: '/argo/staging' },
      { name: 'input-artifacts', mountPath: '/in/data.txt', subPath: 'data' },
    ]));
    expect(ctr(pod, 'init').volumeMounts).toEqual(expect.arrayContaining([{ name: 'input-artifacts', mountPath: '/argo/inputs/artifacts' }]));
  });

  it('mirrors user volume mounts into wait under /mainctrfs and includes only used volumes', () => {
    const pod = buildPod(input({
      tmpl: { name: 't', container: { image: 'a', command: ['true'], volumeMounts: [{ name: 'work', mountPath: '/work' }] }, volumes: [{ name: 'work', emptyDir: {} }] },
      spec: { volumes: [{ name: 'unused', emptyDir: {} }], volumeClaimTemplates: [{ metadata: { name: 'pvc' } }] },
    }));
    expect(ctr(pod, 'wait').volumeMounts).toContainEqual({ name: 'work', mountPath: '/mainctrfs/work' });
    expect(pod.spec!.volumes!.map((v) => v.name)).toEqual(['var-run-argo', 'argo-staging', 'input-artifacts', 'work']);
  });

  it('applies pod settings and podSpecPatch (YAML or JSON, containers merged by name)', () => {
    const pod = buildPod(input({
      tmpl: {
        name: 't', container: { image: 'a', command: ['true'] }, nodeSelector: { disk: 'ssd' }, activeDeadlineSeconds: 30,
        sidecars: [{ name: 'nginx', image: 'nginx', command: ['nginx'] }], metadata: { labels: { team: 'x' } },
        podSpecPatch: 'containers:\n- name: main\n  resources: {limits: {cpu: "1"}}\n',
      },
      spec: { serviceAccountName: 'sa', podSpecPatch: '{"priorityClassName":"high"}', podMetadata: { annotations: { a: 'b' } } },
    }));
    expect(pod.spec).toMatchObject({ serviceAccountName: 'sa', nodeSelector: { disk: 'ssd' }, activeDeadlineSeconds: 30, priorityClassName: 'high' });
    expect(ctr(pod, 'main').resources).toEqual({ limits: { cpu: '1' } });
    expect(ctr(pod, 'main').image).toBe('a');
    expect(pod.spec!.containers.map((c) => c.name)).toEqual(['wait', 'main', 'nginx']);
    expect(pod.metadata!.labels!['team']).toBe('x');
    expect(pod.metadata!.annotations!['a']).toBe('b');
  });

  it('merges podSpecPatch lists by Kubernetes merge keys: volumeMounts by mountPath, ports by containerPort', () => {
    const pod = buildPod(input({
      tmpl: {
        name: 't', container: { image: 'a', command: ['true'], volumeMounts: [{ name: 'data', mountPath: '/data' }], ports: [{ name: 'http', containerPort: 80 }] },
        volumes: [{ name: 'data', emptyDir: {} }],
        podSpecPatch: 'containers:\n- name: main\n  volumeMounts: [{name: data, mountPath: /again}]\n  ports: [{name: http, containerPort: 8080}]\n',
      },
    }));
    const main = ctr(pod, 'main');
    expect(main.volumeMounts!.filter((m) => m.name === 'data')).toEqual([{ name: 'data', mountPath: '/data' }, { name: 'data', mountPath: '/again' }]);
    expect(main.ports).toEqual([{ name: 'http', containerPort: 80 }, { name: 'http', containerPort: 8080 }]);
  });

  it('merges the workflow-level patch first and the template-level patch over it', () => {
    const pod = buildPod(input({
      tmpl: { name: 't', container: { image: 'a', command: ['true'] }, podSpecPatch: '{"containers":[{"name":"main","resources":{"limits":{"memory":"64Mi"}}}]}' },
      spec: { podSpecPatch: 'containers:\n- name: main\n  resources: {limits: {memory: 32Mi, cpu: 100m}}\n' },
    }));
    expect(ctr(pod, 'main').resources).toEqual({ limits: { memory: '64Mi', cpu: '100m' } });
  });

  it('refuses a patch whose list elements lack their merge key, naming the list', () => {
    expect(() => buildPod(input({ spec: { podSpecPatch: 'containers: [main]' } }))).toThrow('podSpecPatch: strategic merge patch: elements of containers must be objects with "name"');
  });

  it('rejects a podSpecPatch that is not an object with a one-line error', () => {
    expect(() => buildPod(input({ spec: { podSpecPatch: '- a\n- b' } }))).toThrow('podSpecPatch: expected an object of pod spec fields');
    expect(() => buildPod(input({ spec: { podSpecPatch: '{a: [' } }))).toThrow(/^podSpecPatch: not valid JSON or YAML/);
  });

  it('runs resource and data templates as the executor alone', () => {
    const pod = buildExecutorPod(input({ tmpl: { name: 'r', resource: { action: 'create', manifest: 'kind: ConfigMap' } } }), ['resource', 'create']);
    expect(pod.spec!.initContainers).toBeUndefined();
    expect(pod.spec!.containers.map((c) => [c.name, c.image, c.command])).toEqual([['main', 'exec:1', ['argoexec', 'resource', 'create']]]);
    expect(JSON.parse(env(ctr(pod, 'main'), Env.template)!.value!).resource.action).toBe('create');
    expect(pod.metadata!.ownerReferences![0]!.name).toBe('wf');
  });

  it('uses the configured image entrypoint and cmd when a template has no command', () => {
    const images = { 'argoproj/argosay:v2': { entrypoint: ['/argosay'], cmd: ['echo', 'hi'] } };
    const withArgs = buildPod(input({ images, tmpl: { name: 't', container: { image: 'argoproj/argosay:v2', args: ['exit', '1'] } } }));
    expect(ctr(withArgs, 'main').command).toEqual(['/bin/sh', '/var/run/argo/emissary.sh', '--', '/argosay', 'exit', '1']);
    const bare = buildPod(input({ images, tmpl: { name: 't', container: { image: 'argoproj/argosay:v2' } } }));
    expect(ctr(bare, 'main').command).toEqual(['/bin/sh', '/var/run/argo/emissary.sh', '--', '/argosay', 'echo', 'hi']);
  });

  it('finds an image by repository when the tag is not listed, and errors like Argo when nothing says what to run', () => {
    const images = { 'reg:5000/tools/say': { entrypoint: ['/say'] } };
    const byRepo = buildPod(input({ images, tmpl: { name: 't', container: { image: 'reg:5000/tools/say:v3', args: ['x'] } } }));
    expect(ctr(byRepo, 'main').command).toEqual(['/bin/sh', '/var/run/argo/emissary.sh', '--', '/say', 'x']);
    const argsOnly = buildPod(input({ images, tmpl: { name: 't', container: { image: 'unknown:1', args: ['echo', 'hi'] } } }));
    expect(ctr(argsOnly, 'main').command).toEqual(['/bin/sh', '/var/run/argo/emissary.sh', '--', 'echo', 'hi']);
    let err: unknown;
    try { buildPod(input({ images, tmpl: { name: 't', container: { image: 'unknown:1' } } })); } catch (e) { err = e; }
    expect(err).toBeInstanceOf(PodBuildError);
    expect((err as PodBuildError).code).toBe('UnknownImageEntrypoint');
    expect((err as Error).message).toBe('failed to look-up entrypoint/cmd for image "unknown:1", you must either explicitly specify the command, or list the image\'s command in the index');
  });

  it('fails with the registry\'s error when the entrypoint lookup was refused, even with args', () => {
    const imageLookupErrors = { 'reg:5000/busy:nope': 'GET http://reg:5000/v2/busy/manifests/nope: MANIFEST_UNKNOWN: manifest unknown' };
    let err: unknown;
    try { buildPod(input({ imageLookupErrors, tmpl: { name: 't', container: { image: 'reg:5000/busy:nope', args: ['x'] } } })); } catch (e) { err = e; }
    expect((err as PodBuildError).code).toBe('UnknownImageEntrypoint');
    expect((err as Error).message).toBe('failed to look-up entrypoint/cmd for image "reg:5000/busy:nope", you must either explicitly specify the command, or list the image\'s command in the index: https://argo-workflows.readthedocs.io/en/latest/workflow-executors/#emissary-emissary: GET http://reg:5000/v2/busy/manifests/nope: MANIFEST_UNKNOWN: manifest unknown');
    const withCommand = buildPod(input({ imageLookupErrors, tmpl: { name: 't', container: { image: 'reg:5000/busy:nope', command: ['echo'] } } }));
    expect(ctr(withCommand, 'main').command).toEqual(['/bin/sh', '/var/run/argo/emissary.sh', '--', 'echo']);
  });

  it('runs a script without source as a container: only its args, after the image entrypoint', () => {
    const images = { 'argoproj/argosay:v2': { entrypoint: ['/argosay'] } };
    const pod = buildPod(input({ images, tmpl: { name: 's', script: { image: 'argoproj/argosay:v2', args: ['echo', '[]'] } } }));
    expect(ctr(pod, 'main').command).toEqual(['/bin/sh', '/var/run/argo/emissary.sh', '--', '/argosay', 'echo', '[]']);
    const withSource = buildPod(input({ images, tmpl: { name: 's', script: { image: 'argoproj/argosay:v2', source: 'x', args: ['a'] } } }));
    expect(ctr(withSource, 'main').command).toEqual(['/bin/sh', '/var/run/argo/emissary.sh', '--', '/argosay', '/argo/staging/script', 'a']);
    const noCommand = buildPod(input({ tmpl: { name: 's', script: { image: 'alpine', source: 'echo hi' } } }));
    expect(ctr(noCommand, 'main').command).toEqual(['/bin/sh', '/var/run/argo/emissary.sh', '--', 'sh', '/argo/staging/script']);
  });

  it('names the repository of an image reference', () => {
    expect(imageRepository('alpine:3.18')).toBe('alpine');
    expect(imageRepository('localhost:5000/a/b')).toBe('localhost:5000/a/b');
    expect(imageRepository('localhost:5000/a/b:v1@sha256:abc')).toBe('localhost:5000/a/b');
  });
});
