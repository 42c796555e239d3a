/**
 * Every namespace works out of the box (issue 14, finding 11): a workflow
 * submitted with the CLI into a namespace made after the cluster started
 * runs and archives its logs with the default artifact repository, whose
 * credentials Secret the bootstrap only wrote in `default` and `argo`.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { startLocalCluster, type LocalCluster } from '@argo-ts/local';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const ARGO = join(ROOT, 'packages', 'cli', 'bin', 'argo.js');
const run = promisify(execFile);

describe('a namespace made after start', () => {
  let cluster: LocalCluster;
  let stateDir: string;
  beforeAll(async () => {
    stateDir = mkdtempSync(join(tmpdir(), 'argo-ts-newns-'));
    cluster = await startLocalCluster({ stateDir, port: 0, s3Port: 0, argoServer: false, log: () => undefined });
  }, 60_000);
  afterAll(async () => {
    await cluster?.stop();
    rmSync(stateDir, { recursive: true, force: true });
  });

  it('runs examples/hello-world.yaml with argo submit -n x --wait, logs archived', async () => {
    const env = { ...process.env, KUBECONFIG: cluster.kubeconfigPath, ARGO_TS_STATE_DIR: stateDir };
    const res = await fetch(`${cluster.adminApiUrl}/api/v1/namespaces`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'x' } }),
    });
    expect(res.status).toBe(201);
    // A failed workflow exits 1; its status below says why.
    const submit = await run(process.execPath, [ARGO, 'submit', '-n', 'x', '--wait', join(ROOT, 'examples', 'hello-world.yaml'), '-o', 'name'], { env, timeout: 120_000 })
      .catch((err: { stdout?: string; stderr?: string }) => ({ stdout: err.stdout ?? '', stderr: err.stderr ?? '' }));
    const name = submit.stdout.trim().split('\n')[0]!.split(' ')[0]!;
    expect(name).toMatch(/^hello-world-/);
    const wf = (await (await fetch(`${cluster.adminApiUrl}/apis/argoproj.io/v1alpha1/namespaces/x/workflows/${name}`)).json()) as any;
    const pod = Object.values(wf.status.nodes as Record<string, any>).find((n) => n.type === 'Pod');
    expect({ phase: wf.status.phase, message: wf.status.message, node: pod.message, stderr: submit.stderr }).toEqual({ phase: 'Succeeded', message: undefined, node: undefined, stderr: '' });
    // The archived log is the proof the credentials resolved in x.
    expect(pod.outputs?.artifacts?.map((a: { name: string }) => a.name)).toEqual(['main-logs']);
  }, 180_000);
});
