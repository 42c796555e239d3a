/** The API server driven by the real kubectl 1.32 (argv arrays, temp kubeconfig and cache dir). */
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import { jest } from '@jest/globals';
import type { PodLogSource } from './logs.js';
import { startHarness, waitFor, type Harness } from './testing/harness.js';

// A hang guard, not a bound: the install test runs about a dozen kubectl processes (~1 CPU-second
// each) over 2.2 MB of CRDs, and under CI's load (four packages' tests on two cores, or more) it took
// over 30 s once.
jest.setTimeout(90_000);

let h: Harness;
let tmp: string;
let kubeconfig: string;
const requests: string[] = [];

const logs: PodLogSource = {
  async open(_ns, pod, container, opts) {
    if (pod !== 'logpod') return null;
    const lines = ['line one', 'line two', 'line three'].slice(opts.tailLines ? -opts.tailLines : 0);
    return Readable.from(lines.map((l) => `${container}: ${l}\n`));
  },
};

beforeAll(async () => {
  tmp = mkdtempSync(path.join(tmpdir(), 'argo-ts-kubectl-'));
  h = await startHarness({ logs, log: (l) => requests.push(l) });
  kubeconfig = path.join(tmp, 'kubeconfig');
  writeFileSync(
    kubeconfig,
    [
      'apiVersion: v1', 'kind: Config',
      `clusters: [{name: local, cluster: {server: "${h.server.url}", insecure-skip-tls-verify: true}}]`,
      'users: [{name: anon, user: {}}]',
      'contexts: [{name: local, context: {cluster: local, user: anon, namespace: default}}]',
      'current-context: local',
    ].join('\n'),
  );
});
afterAll(async () => {
  await h.close();
  rmSync(tmp, { recursive: true, force: true });
});

function baseArgs(): string[] {
  return ['--kubeconfig', kubeconfig, '--cache-dir', path.join(tmp, 'cache')];
}

function kubectl(args: string[], stdin?: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile('kubectl', [...baseArgs(), ...args], { timeout: 20_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
    if (stdin !== undefined) child.stdin!.end(stdin);
  });
}

async function ok(args: string[], stdin?: string): Promise<string> {
  const r = await kubectl(args, stdin);
  if (r.code !== 0) throw new Error(`kubectl ${args.join(' ')} failed (${r.code}): ${r.stderr}`);
  return r.stdout;
}

function file(name: string, text: string): string {
  const p = path.join(tmp, name);
  writeFileSync(p, text);
  return p;
}

const WF = (entry: string) => `apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  name: hello
spec:
  entrypoint: ${entry}
  templates:
  - name: main
    container: {image: alpine, command: [echo, hi]}
`;

describe('kubectl', () => {
  it('applies each install variant of manifests/ (CRDs, Deployments, PodDisruptionBudgets, RBAC) and reads them back', async () => {
    const manifests = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../../../manifests');
    await ok(['create', 'namespace', 'argo']);
    // Client-side apply: this server has no server-side apply yet, and keeps
    // no 256 KiB limit on the last-applied annotation (real clusters need --server-side).
    const first = await ok(['apply', '-k', path.join(manifests, 'namespace-install')]);
    expect(first).toContain('customresourcedefinition.apiextensions.k8s.io/workflows.argoproj.io created');
    expect(first).toContain('deployment.apps/argo-ts-workflow-controller created');
    expect(first).toContain('poddisruptionbudget.policy/argo-ts-workflow-controller created');
    const args = () => ok(['-n', 'argo', 'get', 'deploy', 'argo-ts-workflow-controller', '-o', 'jsonpath={.spec.template.spec.containers[0].args}']);
    expect(await args()).toContain('--namespaced');
    const second = await ok(['apply', '-k', path.join(manifests, 'cluster-install')]);
    expect(second).toContain('clusterrole.rbac.authorization.k8s.io/argo-ts-workflow-controller created');
    expect(second).toContain('deployment.apps/argo-ts-workflow-controller configured');
    expect(await args()).not.toContain('--namespaced');
    expect(await ok(['get', 'crd', 'workflows.argoproj.io', '-o', 'jsonpath={.spec.names.kind}'])).toBe('Workflow');
    expect(await ok(['-n', 'argo', 'get', 'deploy', 'argo-ts-workflow-controller', '-o', 'jsonpath={.spec.replicas}'])).toBe('2');
    // The local cluster's own roles keep their names beside the install's.
    expect((await ok(['get', 'clusterroles', '-o', 'name'])).split('\n')).toEqual(expect.arrayContaining([
      'clusterrole.rbac.authorization.k8s.io/argo-ts-executor', 'clusterrole.rbac.authorization.k8s.io/argo-ts-workflow-executor',
    ]));
  });

  it('lists the API resources with short names', async () => {
    const out = await ok(['api-resources']);
    expect(out).toMatch(/^workflows\s+wf\s+argoproj\.io\/v1alpha1\s+true\s+Workflow$/m);
    expect(out).toMatch(/^pods\s+po\s+v1\s+true\s+Pod$/m);
    expect(out).toMatch(/^clusterworkflowtemplates\s+clusterwftmpl,cwft\s+argoproj\.io\/v1alpha1\s+false\s+ClusterWorkflowTemplate$/m);
  });

  it('applies (created, unchanged, configured), gets, labels and patches a workflow', async () => {
    const f = file('wf.yaml', WF('main'));
    expect(await ok(['apply', '-f', f])).toBe('workflow.argoproj.io/hello created\n');
    expect(await ok(['apply', '-f', f])).toBe('workflow.argoproj.io/hello unchanged\n');
    expect(await ok(['apply', '-f', file('wf2.yaml', WF('other'))])).toBe('workflow.argoproj.io/hello configured\n');
    expect(await ok(['get', 'wf', 'hello', '-o', 'jsonpath={.spec.entrypoint}'])).toBe('other');
    const yaml = await ok(['get', 'wf', 'hello', '-o', 'yaml']);
    expect(yaml).toContain('entrypoint: other');
    expect(yaml).toContain('kubectl.kubernetes.io/last-applied-configuration');
    expect(await ok(['get', 'wf'])).toMatch(/^NAME\s+STATUS\s+AGE\s+MESSAGE\nhello\s+\d+s\s*\n$/);
    expect(await ok(['label', 'wf', 'hello', 'team=a'])).toBe('workflow.argoproj.io/hello labeled\n');
    expect(await ok(['get', 'wf', '-l', 'team=a', '-o', 'name'])).toBe('workflow.argoproj.io/hello\n');
    expect(await ok(['patch', 'wf', 'hello', '--type', 'merge', '-p', '{"spec":{"entrypoint":"merged"}}'])).toBe('workflow.argoproj.io/hello patched\n');
    await ok(['patch', 'wf', 'hello', '--type', 'json', '-p', '[{"op":"replace","path":"/spec/entrypoint","value":"jp"}]']);
    expect(await ok(['get', 'wf', 'hello', '-o', 'jsonpath={.spec.entrypoint} {.metadata.labels.team}'])).toBe('jp a');
    const all = await ok(['get', 'wf', '-A']);
    expect(all).toMatch(/^NAMESPACE\s+NAME\s+STATUS/);
    expect(all).toMatch(/^default\s+hello\s/m);
  });

  it('creates with generateName from stdin', async () => {
    const out = await ok(['create', '-f', '-'], WF('main').replace('name: hello', 'generateName: gen-'));
    expect(out).toMatch(/^workflow\.argoproj\.io\/gen-[a-z0-9]{5} created\n$/);
  });

  it('creates namespaces, configmaps, secrets and service accounts from generators (protobuf bodies)', async () => {
    expect(await ok(['create', 'namespace', 'team'])).toBe('namespace/team created\n');
    expect(await ok(['create', 'configmap', 'cm', '-n', 'team', '--from-literal=a=b', '--from-literal=c=d'])).toBe('configmap/cm created\n');
    expect(await ok(['create', 'secret', 'generic', 'sec', '-n', 'team', '--from-literal=k=v', '--type=example/x'])).toBe('secret/sec created\n');
    expect(await ok(['create', 'serviceaccount', 'runner', '-n', 'team'])).toBe('serviceaccount/runner created\n');
    expect(await ok(['get', 'cm', 'cm', '-n', 'team', '-o', 'jsonpath={.data}'])).toBe('{"a":"b","c":"d"}');
    expect(await ok(['get', 'secret', 'sec', '-n', 'team', '-o', 'jsonpath={.data.k} {.type}'])).toBe(`${Buffer.from('v').toString('base64')} example/x`);
    expect(await ok(['delete', 'namespace', 'team'])).toBe('namespace "team" deleted\n');
    expect(h.server.store.list('core/configmaps', 'team')).toEqual([]);
  });

  it('rejects unknown fields through server-side validation', async () => {
    const r = await kubectl(['create', '-f', '-'], WF('main').replace('name: hello', 'name: strict').replace('  entrypoint', '  bogus: 1\n  entrypoint'));
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('unknown field "spec.bogus"');
    expect(requests.some((l) => l.startsWith('POST') && l.includes('fieldValidation=Strict'))).toBe(true);
  });

  it('watches with get -w and sees a new object', async () => {
    const child = spawn('kubectl', [...baseArgs(), 'get', 'wf', '-w', '--no-headers'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    try {
      await waitFor(() => h.server.store.watcherCount > 0, 10_000);
      await ok(['create', '-f', '-'], WF('main').replace('name: hello', 'name: watched'));
      await waitFor(() => out.includes('watched'), 10_000);
    } finally {
      child.kill();
    }
    expect(out).toMatch(/^watched\s/m);
  }, 30_000);

  it('deletes a workflow and its owned pod, and applies a pod twice with a strategic merge patch', async () => {
    const uid = await ok(['get', 'wf', 'hello', '-o', 'jsonpath={.metadata.uid}']);
    const pod = `apiVersion: v1
kind: Pod
metadata:
  name: owned
  ownerReferences: [{apiVersion: argoproj.io/v1alpha1, kind: Workflow, name: hello, uid: ${uid}}]
spec:
  containers: [{name: main, image: alpine, env: [{name: A, value: "1"}]}]
`;
    expect(await ok(['apply', '-f', file('pod.yaml', pod)])).toBe('pod/owned created\n');
    expect(await ok(['apply', '-f', file('pod2.yaml', pod.replace('value: "1"', 'value: "2"'))])).toBe('pod/owned configured\n');
    expect(requests.some((r) => r.startsWith('PATCH /api/v1/namespaces/default/pods/owned'))).toBe(true);
    expect(await ok(['get', 'pod', 'owned', '-o', 'jsonpath={.spec.containers[0].env[0].value} {.spec.restartPolicy}'])).toBe('2 Always');
    expect(await ok(['delete', 'wf', 'hello'])).toBe('workflow.argoproj.io "hello" deleted\n');
    await h.server.gcIdle();
    const gone = await kubectl(['get', 'pod', 'owned']);
    expect(gone.code).not.toBe(0);
    expect(gone.stderr).toContain('pods "owned" not found');
  });

  it('gets the bootstrap ClusterRoles and applies a Role with its RoleBinding', async () => {
    const roles = await ok(['get', 'clusterroles', '-o', 'name']);
    expect(roles.split('\n')).toEqual(expect.arrayContaining(['clusterrole.rbac.authorization.k8s.io/argo-ts-executor', 'clusterrole.rbac.authorization.k8s.io/argo-ts-quick-start']));
    expect(await ok(['get', 'clusterrole', 'argo-ts-quick-start', '-o', 'jsonpath={.rules[1].resources[0]} {.rules[1].verbs}'])).toBe('workflows ["create","get"]');
    const manifest = `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: cm-reader, namespace: default}
rules:
- {apiGroups: [""], resources: [configmaps], verbs: [get, list]}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: robot-cm-reader, namespace: default}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: cm-reader}
subjects:
- {kind: ServiceAccount, name: robot, namespace: default}
`;
    const f = file('role.yaml', manifest);
    expect(await ok(['apply', '-f', f])).toBe('role.rbac.authorization.k8s.io/cm-reader created\nrolebinding.rbac.authorization.k8s.io/robot-cm-reader created\n');
    expect(await ok(['apply', '-f', f])).toBe('role.rbac.authorization.k8s.io/cm-reader unchanged\nrolebinding.rbac.authorization.k8s.io/robot-cm-reader unchanged\n');
    expect(await ok(['apply', '-f', file('role2.yaml', manifest.replace('verbs: [get, list]', 'verbs: [get, list, watch]'))])).toContain('role.rbac.authorization.k8s.io/cm-reader configured\n');
    expect(await ok(['get', 'roles,rolebindings'])).toMatch(/^role\.rbac\.authorization\.k8s\.io\/cm-reader\s/m);
  });

  it('creates Roles, ClusterRoles and their bindings from generators (protobuf bodies), the core group kept as ""', async () => {
    expect(await ok(['create', 'role', 'cm-writer', '--verb=create,get', '--resource=configmaps', '--resource-name=one'])).toBe('role.rbac.authorization.k8s.io/cm-writer created\n');
    expect(await ok(['create', 'rolebinding', 'cm-writer', '--role=cm-writer', '--serviceaccount=default:robot'])).toBe('rolebinding.rbac.authorization.k8s.io/cm-writer created\n');
    expect(await ok(['create', 'clusterrole', 'wf-reader', '--verb=get,list', '--resource=workflows.argoproj.io'])).toBe('clusterrole.rbac.authorization.k8s.io/wf-reader created\n');
    expect(await ok(['create', 'clusterrolebinding', 'wf-reader', '--clusterrole=wf-reader', '--group=readers'])).toBe('clusterrolebinding.rbac.authorization.k8s.io/wf-reader created\n');
    const role = h.server.store.get('rbac.authorization.k8s.io/roles', 'default', 'cm-writer') as unknown as { rules: unknown[] };
    expect(role.rules).toEqual([{ verbs: ['create', 'get'], apiGroups: [''], resources: ['configmaps'], resourceNames: ['one'] }]);
    const binding = h.server.store.get('rbac.authorization.k8s.io/rolebindings', 'default', 'cm-writer') as unknown as { roleRef: unknown; subjects: unknown[] };
    expect(binding.roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'cm-writer' });
    expect(binding.subjects).toEqual([{ kind: 'ServiceAccount', name: 'robot', namespace: 'default' }]);
    const cluster = h.server.store.get('rbac.authorization.k8s.io/clusterroles', undefined, 'wf-reader') as unknown as { rules: unknown[] };
    expect(cluster.rules).toEqual([{ verbs: ['get', 'list'], apiGroups: ['argoproj.io'], resources: ['workflows'] }]);
    const cb = h.server.store.get('rbac.authorization.k8s.io/clusterrolebindings', undefined, 'wf-reader') as unknown as { subjects: unknown[] };
    expect(cb.subjects).toEqual([{ kind: 'Group', apiGroup: 'rbac.authorization.k8s.io', name: 'readers' }]);
  });

  it("acts as a service account with a token from 'kubectl create token', and shows Kubernetes' Forbidden error", async () => {
    await ok(['create', 'serviceaccount', 'robot']);
    const token = (await ok(['create', 'token', 'robot'])).trim();
    expect(token.split('.')).toHaveLength(3);
    await ok(['create', 'configmap', 'readable', '--from-literal=a=b']);
    // kubectl sends no bearer token to an http server; a pod's kubeconfig carries it in the server path instead.
    const asRobot = file('robot.kubeconfig', [
      'apiVersion: v1', 'kind: Config',
      `clusters: [{name: local, cluster: {server: "${h.server.url}/argo-ts-token/${token}", insecure-skip-tls-verify: true}}]`,
      `users: [{name: robot, user: {token: "${token}"}}]`,
      'contexts: [{name: local, context: {cluster: local, user: robot, namespace: default}}]',
      'current-context: local',
    ].join('\n'));
    const robot = (args: string[], stdin?: string) => kubectl(['--kubeconfig', asRobot, ...args], stdin);
    expect((await robot(['get', 'configmap', 'readable', '-o', 'jsonpath={.data.a}'])).stdout).toBe('b');
    const denied = await robot(['create', '-f', '-'], 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: nope}\n');
    expect(denied.code).not.toBe(0);
    expect(denied.stderr).toContain('configmaps is forbidden: User "system:serviceaccount:default:robot" cannot create resource "configmaps" in API group "" in the namespace "default"');
    expect(requests.some((l) => l.includes(token))).toBe(false);
    const bogus = await kubectl(['--kubeconfig', file('bogus.kubeconfig', readFileSync(asRobot, 'utf8').replaceAll(token, 'bogus')), 'get', 'configmaps']);
    expect(bogus.stderr).toContain('the server has asked for the client to provide credentials');
  });

  it('streams pod logs from the PodLogSource', async () => {
    await ok(['create', '-f', '-'], 'apiVersion: v1\nkind: Pod\nmetadata: {name: logpod}\nspec: {containers: [{name: main, image: alpine}]}\n');
    expect(await ok(['logs', 'logpod'])).toBe('main: line one\nmain: line two\nmain: line three\n');
    expect(await ok(['logs', 'logpod', '--tail', '1'])).toBe('main: line three\n');
    const missing = await kubectl(['logs', 'logpod', '-c', 'nope']);
    expect(missing.stderr).toContain('container nope is not valid for pod logpod');
  });
});
