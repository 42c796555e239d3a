/**
 * A volumeClaimTemplates PVC with an invalid access mode on the local
 * cluster: the API server refuses it as Kubernetes does (422), and the
 * workflow ends as Argo ends it: phase Error, "pvc create error: ..." as its
 * message and in its WorkflowFailed event, no pod run.
 */
import { jest } from '@jest/globals';
import * as k8s from '@kubernetes/client-node';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LocalClusterRun } from './local-cluster-harness.js';

jest.setTimeout(120_000);
const run = new LocalClusterRun({ prefix: 'argo-cli-pvc-', stateSubdir: 'state', killAfterMs: 90_000 });
const describeIf = describe;

const WORKFLOW = `apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  generateName: volumes-pvc-fail-event-
spec:
  entrypoint: main
  volumeClaimTemplates:
  - metadata:
      name: workdir
    spec:
      accessModes: [ "InvalidAccessMode" ]
      resources:
        requests:
          storage: 1Gi
  templates:
  - name: main
    container:
      image: alpine:3.20
      command: [sh, -c, "echo hi > /mnt/vol/out"]
      volumeMounts:
      - name: workdir
        mountPath: /mnt/vol
`;

describeIf('a PVC the API server refuses', () => {
  beforeAll(() => run.start());
  afterAll(() => run.stop());

  it('fails the workflow with Argo\'s "pvc create error" and runs no pod', async () => {
    const file = join(run.dir, 'wf.yaml');
    writeFileSync(file, WORKFLOW);
    const submitted = await run.argo(['submit', file, '-o', 'name']);
    expect(submitted.stderr).toBe('');
    const name = submitted.stdout.trim();
    expect(name).toMatch(/^volumes-pvc-fail-event-[a-z0-9]{5}$/);
    const waited = await run.argo(['wait', name]);
    expect(waited.stdout).toContain(`${name} Error`);
    const wf = await run.getJson(name);
    const invalid = `PersistentVolumeClaim "${name}-workdir" is invalid: spec.accessModes: Unsupported value: "InvalidAccessMode": supported values: "ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce", "ReadWriteOncePod"`;
    expect([wf.status.phase, wf.status.message]).toEqual(['Error', `pvc create error: ${invalid}`]);
    expect(wf.status.nodes ?? {}).toEqual({});
    const kc = new k8s.KubeConfig();
    kc.loadFromFile(run.cluster.kubeconfigPath);
    const events = await kc.makeApiClient(k8s.CoreV1Api).listNamespacedEvent({ namespace: wf.metadata.namespace, fieldSelector: `involvedObject.name=${name}` });
    const pods = await kc.makeApiClient(k8s.CoreV1Api).listNamespacedPod({ namespace: wf.metadata.namespace, labelSelector: `workflows.argoproj.io/workflow=${name}` });
    expect(pods.items).toEqual([]);
    expect(events.items.map((e) => [e.reason, e.message])).toEqual([['WorkflowRunning', 'Workflow Running'], ['WorkflowFailed', `pvc create error: ${invalid}`]]);
  });
});
