/** kubectl 1.32 prints the local server's validation errors as it prints a real cluster's. */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { jest } from '@jest/globals';
import { startHarness, type Harness } from './testing/harness.js';

jest.setTimeout(30_000);

let h: Harness;
let tmp: string;
let kubeconfig: string;

beforeAll(async () => {
  tmp = mkdtempSync(path.join(tmpdir(), 'argo-ts-kubectl-validation-'));
  h = await startHarness();
  kubeconfig = path.join(tmp, 'kubeconfig');
  writeFileSync(kubeconfig, [
    'apiVersion: v1', 'kind: Config',
    `clusters: [{name: local, cluster: {server: "${h.server.url}"}}]`,
    'users: [{name: anon, user: {}}]',
    'contexts: [{name: local, context: {cluster: local, user: anon, namespace: default}}]',
    'current-context: local',
  ].join('\n'));
});
afterAll(async () => {
  await h.close();
  rmSync(tmp, { recursive: true, force: true });
});

function kubectl(args: string[], stdin: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile('kubectl', ['--kubeconfig', kubeconfig, '--cache-dir', path.join(tmp, 'cache'), ...args], { timeout: 20_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
    child.stdin!.end(stdin);
  });
}

const PVC = (modes: string, storage = '1Gi') => `apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: x
spec:
  accessModes: [${modes}]
  resources:
    requests:
      storage: ${storage}
`;

describe('kubectl and strict validation', () => {
  it.each(['create', 'apply'])('kubectl %s prints the Invalid error as for a real cluster', async (verb) => {
    const r = await kubectl([verb, '-f', '-'], PVC('Foo'));
    expect(r).toEqual({
      code: 1, stdout: '',
      stderr: 'The PersistentVolumeClaim "x" is invalid: spec.accessModes: Unsupported value: "Foo": supported values: "ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce", "ReadWriteOncePod"\n',
    });
  });

  it('lists several errors one per line', async () => {
    const r = await kubectl(['create', '-f', '-'], PVC('', '0'));
    expect(r.stderr).toBe('The PersistentVolumeClaim "x" is invalid: \n* spec.accessModes: Required value: at least 1 access mode is required\n* spec.resources[storage]: Invalid value: "0": must be greater than zero\n');
  });

  it('prints a malformed quantity as the decoding error (400)', async () => {
    const r = await kubectl(['create', '-f', '-'], PVC('ReadWriteOnce', '1Gb'));
    expect(r.stderr).toBe('Error from server (BadRequest): error when creating "STDIN": PersistentVolumeClaim in version "v1" cannot be handled as a PersistentVolumeClaim: quantities must match the regular expression \'^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$\'\n');
  });

  it('creates the valid claim', async () => {
    expect(await kubectl(['create', '-f', '-'], PVC('ReadWriteOnce'))).toEqual({ code: 0, stdout: 'persistentvolumeclaim/x created\n', stderr: '' });
  });
});
