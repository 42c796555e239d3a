import { ConfigError, operatorConfig, parseControllerConfig } from './config.js';

const SRC = 'configmap argo/workflow-controller-configmap';

describe('parseControllerConfig', () => {
  it('reads the single `config` key as YAML', () => {
    const c = parseControllerConfig({ config: 'executor:\n  image: my/exec:1\nparallelism: 3\noutputsReporter: taskresult\ninstanceID: i1\nartifactRepository:\n  s3:\n    bucket: b\nworkflowDefaults:\n  spec:\n    activeDeadlineSeconds: 300\nunknownKey: ignored\n' }, SRC);
    expect(c).toEqual({
      executorImage: 'my/exec:1', parallelism: 3, outputsReporter: 'taskresult', instanceId: 'i1',
      artifactRepository: { s3: { bucket: 'b' } }, workflowDefaults: { activeDeadlineSeconds: 300 },
    });
  });

  it('reads one key per setting', () => {
    const c = parseControllerConfig({ artifactRepository: 's3:\n  bucket: my-bucket\n', parallelism: '10', podGCDefaults: 'strategy: OnPodSuccess' }, SRC);
    expect(c).toEqual({ executorImage: 'argo-ts/argoexec:latest', outputsReporter: 'annotation', artifactRepository: { s3: { bucket: 'my-bucket' } }, parallelism: 10, podGC: { strategy: 'OnPodSuccess' } });
  });

  it('reads the images index (Argo\'s `images` setting) and passes it to the operator', () => {
    const c = parseControllerConfig({ images: 'argoproj/argosay:v2:\n  entrypoint: [/argosay]\n  cmd: []\ndocker/whalesay:\n  cmd: [cowsay]\nbare:\n' }, SRC);
    expect(c.images).toEqual({ 'argoproj/argosay:v2': { entrypoint: ['/argosay'], cmd: [] }, 'docker/whalesay': { cmd: ['cowsay'] }, bare: {} });
    expect(operatorConfig(c, undefined).images).toEqual(c.images);
    expect(() => parseControllerConfig({ images: 'x: {entrypoint: /bin/x}' }, SRC)).toThrow(/: images\.x\.entrypoint: /);
  });

  it('reads the podGC default with its selector and delay, and podGCDeleteDelayDuration', () => {
    const c = parseControllerConfig({ config: 'podGC:\n  strategy: OnPodCompletion\n  labelSelector: {matchLabels: {a: b}}\n  deleteDelayDuration: 1m\npodGCDeleteDelayDuration: 20s\n' }, SRC);
    expect(c.podGC).toEqual({ strategy: 'OnPodCompletion', labelSelector: { matchLabels: { a: 'b' } }, deleteDelayDuration: '1m' });
    expect(operatorConfig(c, undefined)).toMatchObject({ podGC: c.podGC, podGCDeleteDelayDuration: '20s' });
    expect(() => parseControllerConfig({ podGCDeleteDelayDuration: 'later' }, SRC)).toThrow(`${SRC}: podGCDeleteDelayDuration: expected a duration such as 5s or 1m`);
  });

  it('uses defaults without data', () => {
    expect(parseControllerConfig(undefined, SRC)).toEqual({ executorImage: 'argo-ts/argoexec:latest', outputsReporter: 'annotation' });
  });

  it.each<[Record<string, string>, RegExp]>([
    [{ config: 'parallelism: lots' }, /^configmap argo\/workflow-controller-configmap: config\.parallelism: .*number/],
    [{ config: 'outputsReporter: carrier-pigeon' }, /config\.outputsReporter: /],
    [{ parallelism: '-1' }, /: parallelism: /],
    [{ config: 'a: [unclosed' }, /: config: expected YAML/],
  ])('rejects %j with a one-line located message', (data, msg) => {
    let err: unknown;
    try { parseControllerConfig(data, SRC); } catch (e) { err = e; }
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as Error).message).toMatch(msg);
    expect((err as Error).message).not.toContain('\n');
  });
});

describe('operatorConfig', () => {
  it('prefers the workflow-resolved artifact repository over the controller default', () => {
    const base = parseControllerConfig({ artifactRepository: 's3: {bucket: dflt}' }, SRC);
    expect(operatorConfig(base, { s3: { bucket: 'ns' } }).artifactRepository).toEqual({ s3: { bucket: 'ns' } });
    expect(operatorConfig(base, undefined).artifactRepository).toEqual({ s3: { bucket: 'dflt' } });
  });
});
