/**
 * Real images on the local cluster: a registry on loopback (Debian's
 * docker-registry) serves images built here from the static busybox, and
 * workflows submitted through the CLI run on them in `pull` mode.
 */
import { jest } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalClusterRun } from './local-cluster-harness.js';
import { IMAGE_CONFIG, TestRegistry, busyboxLayers, dockerConfigJson, hasRegistryTools } from './registry-harness.js';

jest.setTimeout(240_000);
const run = new LocalClusterRun({ prefix: 'argo-cli-images-', killAfterMs: 180_000, stateSubdir: 'state', images: 'pull' });
const scratch = mkdtempSync(join(tmpdir(), 'argo-images-build-'));
const pub = new TestRegistry(join(scratch, 'public'));
const priv = new TestRegistry(join(scratch, 'private'), { username: 'robot', password: 's3cret-pass' });

const describeIf = describe;

function workflow(name: string, template: Record<string, unknown>, spec: Record<string, unknown> = {}): string {
  return JSON.stringify({
    apiVersion: 'argoproj.io/v1alpha1', kind: 'Workflow', metadata: { name },
    spec: { entrypoint: 'main', ...spec, templates: [{ name: 'main', ...template }] },
  });
}

async function submitWait(yaml: string): Promise<any> {
  const r = await run.argo(['submit', '-', '-o', 'name'], yaml);
  if (r.code !== 0) throw new Error(`submit failed: ${r.stderr}`);
  const name = r.stdout.trim();
  await run.argo(['wait', name]);
  return run.getJson(name);
}

function podNode(wf: any): any {
  return Object.values(wf.status?.nodes ?? {}).find((n: any) => n.type === 'Pod');
}

async function until<T>(what: string, f: () => Promise<T | undefined>, ms = 90_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await f();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

describeIf('images pulled from a registry', () => {
  let image = '';
  let privateImage = '';

  beforeAll(async () => {
    if (!hasRegistryTools) throw new Error("images e2e needs Debian's docker-registry and busybox-static (bash .ci/run installs them)");
    await Promise.all([pub.start(), priv.start(), run.start()]);
    const layers = busyboxLayers(join(scratch, 'layers'));
    await pub.pushImage('busy', 'v1', layers, IMAGE_CONFIG);
    await priv.pushImage('team/busy', 'v1', layers, IMAGE_CONFIG);
    image = `${pub.host}/busy:v1`;
    privateImage = `${priv.host}/team/busy:v1`;
  });
  afterAll(async () => {
    await run.stop();
    await Promise.all([pub.stop(), priv.stop()]);
    rmSync(scratch, { recursive: true, force: true });
  });

  it('honours USER, WORKDIR, ENV and the layers (a whiteout, an opaque directory)', async () => {
    const script = [
      'echo "uid=$(id -u) gid=$(id -g) user=$(whoami) home=$HOME"',
      'echo "pwd=$(pwd)"',
      'echo "greeting=$GREETING path=$PATH"',
      'test -e /etc/gone.txt && echo gone=present || echo gone=absent',
      'echo "data=$(ls /data | tr "\\n" " ")"',
    ].join('; ');
    const wf = await submitWait(workflow('image-settings', { container: { image, command: ['sh', '-c', script] } }));
    const node = podNode(wf);
    expect(wf.status.phase).toBe('Succeeded');
    expect(node.outputs.result.split('\n')).toEqual([
      'uid=1234 gid=2345 user=app home=/home/app',
      'pwd=/srv/work',
      'greeting=hello-from-image path=/usr/local/bin:/bin',
      'gone=absent',
      'data=new.txt ',
    ]);
  });

  it('runs ENTRYPOINT with CMD, and with args in place of CMD (the controller learns them from the registry)', async () => {
    const noArgs = await submitWait(workflow('image-entrypoint-cmd', { container: { image } }));
    expect(noArgs.status.phase).toBe('Succeeded');
    expect(podNode(noArgs).outputs.result).toBe('greet world');
    const withArgs = await submitWait(workflow('image-entrypoint-args', { container: { image, args: ['there'] } }));
    expect(withArgs.status.phase).toBe('Succeeded');
    expect(podNode(withArgs).outputs.result).toBe('greet there');
  });

  it('fetches no blob again for a second workflow on the same image, even with imagePullPolicy Always', async () => {
    const blobsBefore = pub.count(/\/v2\/busy\/blobs\//);
    const manifestsBefore = pub.count(/\/v2\/busy\/manifests\//);
    expect(blobsBefore).toBeGreaterThan(0);
    const wf = await submitWait(workflow('image-again', { container: { image, imagePullPolicy: 'Always', command: ['echo', 'again'] } }));
    expect(wf.status.phase).toBe('Succeeded');
    expect(podNode(wf).outputs.result).toBe('again');
    expect(pub.count(/\/v2\/busy\/manifests\//)).toBeGreaterThan(manifestsBefore);
    expect(pub.count(/\/v2\/busy\/blobs\//)).toBe(blobsBefore);
  });

  // Without secret the pull must really happen: IfNotPresent would use the copy the first run cached, as a kubelet would.
  it('pulls a private image with imagePullSecrets; without them the pod waits in ImagePullBackOff with the registry error', async () => {
    const secret = JSON.stringify({
      apiVersion: 'v1', kind: 'Secret', metadata: { name: 'regcred', namespace: 'default' }, type: 'kubernetes.io/dockerconfigjson',
      data: { '.dockerconfigjson': dockerConfigJson(priv.host, 'robot', 's3cret-pass') },
    });
    const created = await fetchApi('POST', '/api/v1/namespaces/default/secrets', secret);
    expect(created.status).toBe(201);
    const ok = await submitWait(workflow('private-with-secret', { container: { image: privateImage, command: ['echo', 'private ok'] } }, { imagePullSecrets: [{ name: 'regcred' }] }));
    expect(ok.status.phase).toBe('Succeeded');
    expect(podNode(ok).outputs.result).toBe('private ok');

    const sub = await run.argo(['submit', '-', '-o', 'name'], workflow('private-without-secret', { container: { image: privateImage, imagePullPolicy: 'Always', command: ['echo', 'never'] } }));
    expect(sub.code).toBe(0);
    let last: any;
    const node = await until('the pull error on the node', async () => {
      const n = podNode(await run.getJson('private-without-secret'));
      last = n;
      return n?.message?.startsWith('ImagePullBackOff') ? n : undefined;
    }).catch((e: Error) => { throw new Error(`${e.message}; last node: ${JSON.stringify(last)}`); });
    expect(node.phase).toBe('Pending');
    expect(node.message).toContain(`Back-off pulling image "${privateImage}": ErrImagePull: failed to pull and unpack image "${privateImage}": GET http://${priv.host}/v2/team/busy/manifests/v1: UNAUTHORIZED: authentication required`);
    const pod = await fetchJson(`/api/v1/namespaces/default/pods/${node.id}`);
    expect(pod.status.containerStatuses.find((c: any) => c.name === 'main').state.waiting.reason).toBe('ImagePullBackOff');
    const events = await fetchJson('/api/v1/namespaces/default/events');
    const mine = events.items.filter((e: any) => e.involvedObject.name === node.id).map((e: any) => `${e.reason}: ${e.message}`);
    expect(mine).toContain('Failed: Error: ErrImagePull');
    expect(mine).toContain(`BackOff: Back-off pulling image "${privateImage}"`);
    expect((await run.argo(['stop', 'private-without-secret'])).code).toBe(0);
  });

  it('a missing tag ends the node Error with the pull error in its message', async () => {
    const wf = await submitWait(workflow('missing-tag', { container: { image: `${pub.host}/busy:nope`, args: ['x'] } }));
    expect(wf.status.phase).toBe('Error');
    expect(podNode(wf)?.message ?? wf.status.message).toContain(
      `failed to look-up entrypoint/cmd for image "${pub.host}/busy:nope", you must either explicitly specify the command, or list the image's command in the index: https://argo-workflows.readthedocs.io/en/latest/workflow-executors/#emissary-emissary: GET http://${pub.host}/v2/busy/manifests/nope: MANIFEST_UNKNOWN: manifest unknown`,
    );
  });

  it('lists the cached image with its size and prunes it once no pod uses it', async () => {
    const list = await run.argo(['local', 'images'], undefined, stateEnv());
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(new RegExp(`^${pub.host.replace(/\./g, '\\.')}/busy:v1 +sha256:[0-9a-f]{12} +\\d+\\.\\d (KiB|MiB) +\\d+\\.\\d MiB `, 'm'));
    const prune = await run.argo(['local', 'images', 'prune'], undefined, stateEnv());
    expect(prune.code).toBe(0);
    expect(prune.stdout).toContain(`deleted: ${pub.host}/busy:v1`);
    expect((await run.argo(['local', 'images'], undefined, stateEnv())).stdout.trim().split('\n')).toHaveLength(1);
  });
});

function stateEnv(): Record<string, string> {
  return { ARGO_TS_STATE_DIR: join(run.dir, 'state') };
}

async function fetchApi(method: string, path: string, body?: string): Promise<Response> {
  return fetch(`${run.cluster.adminApiUrl}${path}`, { method, headers: { 'content-type': 'application/json', ...(await adminAuth()) }, body });
}

async function fetchJson(path: string): Promise<any> {
  const r = await fetchApi('GET', path);
  return r.json();
}

async function adminAuth(): Promise<Record<string, string>> {
  const { readFileSync } = await import('node:fs');
  const token = /token: (\S+)/.exec(readFileSync(run.cluster.kubeconfigPath, 'utf8'))?.[1];
  return token ? { authorization: `Bearer ${token}` } : {};
}
