/**
 * The argo CLI through an Argo Server (ARGO_SERVER, ARGO_TOKEN, ARGO_SECURE,
 * ARGO_NAMESPACE, as Argo's CLI) on the local cluster, with no kubeconfig at
 * all: submit, list, get, logs, watch, suspend/resume, stop, terminate,
 * retry, resubmit, delete.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { jest } from '@jest/globals';
import { BIN, type RunResult } from './harness.js';
import { LocalClusterRun } from './local-cluster-harness.js';

jest.setTimeout(180_000);
const run = new LocalClusterRun({ prefix: 'argo-ts-cli-server-', killAfterMs: 90_000 });
let env: NodeJS.ProcessEnv;

function argo(args: string[], input?: string): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    child.on('error', reject);
    const timer = setTimeout(() => child.kill('SIGKILL'), 90_000);
    child.on('close', (code) => { clearTimeout(timer); resolve({ code, stdout, stderr }); });
    child.stdin.end(input ?? '');
  });
}

const wf = (name: string, command: string[]) => `apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  name: ${name}
spec:
  entrypoint: main
  templates:
  - name: main
    container: {image: busybox, command: ${JSON.stringify(command)}}
`;

describe('argo through an Argo Server', () => {
  beforeAll(async () => {
    await run.start();
    const { serverToken } = JSON.parse(readFileSync(join(run.dir, 'settings.json'), 'utf8')) as { serverToken: string };
    const serverUrl = (run.cluster as unknown as { serverUrl: string }).serverUrl;
    env = {
      ...process.env, NO_COLOR: '1', KUBECONFIG: '/dev/null', ARGO_TS_STATE_DIR: join(run.dir, 'no-local-cluster'),
      ARGO_SERVER: new URL(serverUrl).host, ARGO_SECURE: 'false', ARGO_TOKEN: `Bearer ${serverToken}`, ARGO_NAMESPACE: 'argo',
    };
  });
  afterAll(() => run.stop());

  it('submits, lists, gets, logs and deletes', async () => {
    const sub = await argo(['submit', '-', '--wait'], wf('via-server', ['echo', 'hello through the server']));
    expect(sub.stderr).toBe('');
    expect(sub.stdout).toMatch(/via-server Succeeded at /);
    const list = await argo(['list']);
    expect(list.stdout.split('\n')[1]).toMatch(/^via-server\s+Succeeded/);
    const got = JSON.parse((await argo(['get', 'via-server', '-o', 'json'])).stdout) as { status: { phase: string } };
    expect(got.status.phase).toBe('Succeeded');
    expect((await argo(['logs', 'via-server'])).stdout).toBe('via-server: hello through the server\n');
    expect((await argo(['delete', 'via-server'])).stdout).toBe("Workflow 'via-server' deleted\n");
    const gone = await argo(['get', 'via-server']);
    expect([gone.code, gone.stderr.trim()]).toEqual([1, 'Error: get workflow via-server: workflows.argoproj.io "via-server" not found']);
  });

  it('retries and resubmits a failed workflow', async () => {
    await argo(['submit', '-', '--wait'], wf('fails', ['sh', '-c', 'exit 2']));
    const retried = await argo(['retry', 'fails', '-o', 'json']);
    expect(retried.code).toBe(0);
    expect((JSON.parse(retried.stdout) as { status: { phase: string } }).status.phase).toBe('Running');
    expect((await argo(['wait', 'fails'])).stdout).toMatch(/^fails Failed at /);
    const resub = await argo(['resubmit', 'fails', '-o', 'name']);
    expect(resub.stdout).toMatch(/^fails-[a-z0-9]{5}\n$/);
  });

  it('suspends, resumes, stops and terminates; watch follows to the end', async () => {
    await argo(['submit', '-'], wf('sleeper', ['sleep', '60']));
    expect((await argo(['suspend', 'sleeper'])).stdout).toBe('workflow sleeper suspended\n');
    expect(JSON.parse((await argo(['get', 'sleeper', '-o', 'json'])).stdout).spec.suspend).toBe(true);
    expect((await argo(['resume', 'sleeper'])).stdout).toBe('workflow sleeper resumed\n');
    expect((await argo(['stop', 'sleeper'])).stdout).toBe('workflow sleeper stopped\n');
    const watched = await argo(['watch', 'sleeper']);
    expect(watched.stdout).toMatch(/Status:\s+Failed/);
    await argo(['submit', '-'], wf('terminated', ['sleep', '60']));
    expect((await argo(['terminate', 'terminated'])).stdout).toBe('workflow terminated terminated\n');
    expect((await argo(['wait', 'terminated'])).stdout).toMatch(/^terminated Failed at /);
  });
});
