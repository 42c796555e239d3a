import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { V1Pod } from '@kubernetes/client-node';
import { ContainerConfigError } from './env.js';
import { prepareVolumes } from './volumes.js';
import { FakeApi } from './testdata/fake-api.js';

let dir: string;
let api: FakeApi;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'argo-ts-volumes-'));
  api = new FakeApi();
  api.configMaps.set('ns/cm', { data: { 'a.txt': 'A', b: 'B' } });
  api.secrets.set('ns/sec', { data: { token: Buffer.from('t0k').toString('base64') } });
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function podWith(volumes: NonNullable<V1Pod['spec']>['volumes']): V1Pod {
  return { metadata: { name: 'p', namespace: 'ns', uid: 'u1', labels: { app: 'x', tier: 'web' } }, spec: { containers: [], volumes } };
}

const prepare = (pod: V1Pod, allowHostPath = true) => prepareVolumes({ pod, api, volumesDir: join(dir, 'volumes'), pvcsDir: join(dir, 'pvcs'), allowHostPath });

describe('prepareVolumes', () => {
  it('writes configMap and secret keys, honouring items, paths and modes', async () => {
    const v = await prepare(podWith([
      { name: 'all', configMap: { name: 'cm' } },
      { name: 'some', configMap: { name: 'cm', items: [{ key: 'b', path: 'nested/bee', mode: 0o600 }] } },
      { name: 'sec', secret: { secretName: 'sec', defaultMode: 0o400 } },
      { name: 'opt', secret: { secretName: 'absent', optional: true } },
    ]));
    expect(readFileSync(join(v.get('all')!, 'a.txt'), 'utf8')).toBe('A');
    expect(readFileSync(join(v.get('some')!, 'nested/bee'), 'utf8')).toBe('B');
    expect(existsSync(join(v.get('some')!, 'a.txt'))).toBe(false);
    expect(statSync(join(v.get('some')!, 'nested/bee')).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(v.get('sec')!, 'token'), 'utf8')).toBe('t0k');
    expect(statSync(join(v.get('sec')!, 'token')).mode & 0o777).toBe(0o400);
    expect(existsSync(v.get('opt')!)).toBe(true);
  });

  it('writes downwardAPI files', async () => {
    const v = await prepare(podWith([{ name: 'info', downwardAPI: { items: [
      { path: 'labels', fieldRef: { fieldPath: 'metadata.labels' } },
      { path: 'name', fieldRef: { fieldPath: 'metadata.name' } },
    ] } }]));
    expect(readFileSync(join(v.get('info')!, 'labels'), 'utf8')).toBe('app="x"\ntier="web"');
    expect(readFileSync(join(v.get('info')!, 'name'), 'utf8')).toBe('p');
  });

  it('keeps persistentVolumeClaim data in a per-claim directory and binds the claim', async () => {
    const v = await prepare(podWith([{ name: 'data', persistentVolumeClaim: { claimName: 'my-claim' } }]));
    expect(v.get('data')).toBe(join(dir, 'pvcs', 'ns', 'my-claim'));
    expect(api.boundClaims).toEqual(['ns/my-claim']);
  });

  it('refuses hostPath / and paths escaping a volume, with the volume named', async () => {
    await expect(prepare(podWith([{ name: 'root', hostPath: { path: '/' } }]))).rejects.toThrow('volume root: hostPath.path "/" must be an absolute path other than /');
    await expect(prepare(podWith([{ name: 'esc', configMap: { name: 'cm', items: [{ key: 'b', path: '../../etc/x' }] } }]))).rejects.toThrow(ContainerConfigError);
    await expect(prepare(podWith([{ name: 'gone', configMap: { name: 'nope' } }]))).rejects.toThrow('volume gone: configmap "nope" not found');
    await expect(prepare(podWith([{ name: 'odd', gcePersistentDisk: { pdName: 'x' } }]))).rejects.toThrow('volume odd: unsupported volume source');
  });

  it('refuses every hostPath unless the daemon allows them (issue 14 finding 2: a pod that may create pods reads the host through one)', async () => {
    await expect(prepare(podWith([{ name: 'h', hostPath: { path: dir, type: 'Directory' } }]), false)).rejects.toThrow(
      'volume h: violates PodSecurity "baseline:latest": hostPath volumes (volume "h"); start the local cluster with `argo local start --allow-host-path` to allow them');
    await expect(prepareVolumes({ pod: podWith([{ name: 'h', hostPath: { path: dir } }]), api, volumesDir: join(dir, 'volumes'), pvcsDir: join(dir, 'pvcs') })).rejects.toThrow('hostPath volumes');
  });

  it('uses an existing hostPath as is', async () => {
    const v = await prepare(podWith([{ name: 'h', hostPath: { path: dir, type: 'Directory' } }]));
    expect(v.get('h')).toBe(dir);
  });
});
