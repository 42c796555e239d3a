/** Fields argo-ts cannot run are refused by the lint (and so at submit), wherever their object appears. */
import { loadManifests } from '../../yaml/load.js';
import { formatProblem } from '../../yaml/problem.js';
import { lintObjects } from '../index.js';
import { UNSUPPORTED_FIELDS, unsupportedMessage } from './unsupported.js';

function lint(text: string): string[] {
  const { documents, problems } = loadManifests(text, 'wf.yaml');
  expect(problems).toEqual([]);
  return lintObjects(documents).problems.map(formatProblem);
}

describe('unsupported fields', () => {
  it('refuses plugins, cloud-only artifact stores, AWS-only S3 options and database locks, naming the field and its path', () => {
    const out = lint(`apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {generateName: t-}
spec:
  entrypoint: main
  synchronization:
    mutexes: [{name: m, database: true}]
    semaphores: [{database: {key: k}}]
  templates:
  - name: main
    steps:
    - - name: a
        template: p
        arguments:
          artifacts: [{name: in, gcs: {bucket: b, key: k}}]
  - name: p
    plugin: {hello: {}}
  - name: c
    inputs:
      artifacts:
      - {name: x, path: /x, azure: {container: c, blob: b}}
      - {name: y, path: /y, s3: {key: k, roleARN: arn, useSDKCreds: true, encryptionOptions: {enableEncryption: true}}}
    outputs:
      artifacts: [{name: o, path: /o, oss: {key: k}}]
    container: {image: alpine}
  - name: d
    data:
      source:
        artifactPaths: {name: s, hdfs: {path: /p}}
      transformation: []
`);
    const refused = out.filter((l) => l.includes('not supported by argo-ts'));
    expect(refused.map((l) => l.replace(/^wf\.yaml:\d+:\d+: /, ''))).toEqual([
      expect.stringContaining('spec.synchronization.mutexes[0].database: not supported by argo-ts: Mutex.database'),
      expect.stringContaining('spec.synchronization.semaphores[0].database: not supported by argo-ts: SemaphoreRef.database'),
      expect.stringContaining('spec.templates[0].steps[0][0].arguments.artifacts[0].gcs: not supported by argo-ts: Artifact.gcs'),
      expect.stringContaining('spec.templates[1].plugin: not supported by argo-ts: Template.plugin'),
      expect.stringContaining('spec.templates[2].inputs.artifacts[0].azure: not supported by argo-ts: Artifact.azure'),
      expect.stringContaining('spec.templates[2].inputs.artifacts[1].s3.roleARN: not supported by argo-ts: S3Artifact.roleARN'),
      expect.stringContaining('spec.templates[2].inputs.artifacts[1].s3.useSDKCreds: not supported by argo-ts: S3Artifact.useSDKCreds'),
      expect.stringContaining('spec.templates[2].inputs.artifacts[1].s3.encryptionOptions: not supported by argo-ts: S3Artifact.encryptionOptions'),
      expect.stringContaining('spec.templates[2].outputs.artifacts[0].oss: not supported by argo-ts: Artifact.oss'),
      expect.stringContaining('spec.templates[3].data.source.artifactPaths.hdfs: not supported by argo-ts: Artifact.hdfs'),
    ]);
  });

  it('finds them through a WorkflowTemplate, a CronWorkflow and templateDefaults too', () => {
    const wt = lint(`apiVersion: argoproj.io/v1alpha1
kind: WorkflowTemplate
metadata: {name: t}
spec:
  templateDefaults: {plugin: {x: {}}}
  templates: [{name: main, container: {image: alpine}}]
`);
    expect(wt.some((l) => l.includes('spec.templateDefaults.plugin: not supported by argo-ts: Template.plugin'))).toBe(true);
    const cron = lint(`apiVersion: argoproj.io/v1alpha1
kind: CronWorkflow
metadata: {name: c}
spec:
  schedules: ["* * * * *"]
  workflowSpec:
    entrypoint: main
    executorPlugins: [{metadata: {name: p}, spec: {sidecar: {container: {name: p, image: p}}}}]
    templates: [{name: main, container: {image: alpine}}]
`);
    expect(cron.some((l) => l.includes('spec.workflowSpec.executorPlugins: not supported by argo-ts: WorkflowSpec.executorPlugins'))).toBe(true);
  });

  it('lists a reason for every refused field', () => {
    for (const u of UNSUPPORTED_FIELDS) expect(u.reason.length).toBeGreaterThan(20);
    expect(unsupportedMessage('ValueFrom.x')).toBe('not supported by argo-ts: ValueFrom.x');
  });
});
