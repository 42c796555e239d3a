import type https from 'node:https';
import { stringify } from 'yaml';
import { podKubeConfig } from './pod-config.js';

const files = (m: Record<string, string>) => ({
  read: (p: string) => {
    if (!(p in m)) throw Object.assign(new Error(`ENOENT: ${p}`), { code: 'ENOENT' });
    return Buffer.from(m[p]!);
  },
  exists: (p: string) => p in m,
});

function kubeconfig(user: Record<string, unknown>, cluster: Record<string, unknown> = { server: 'http://127.0.0.1:6443/argo-ts-token/x', 'insecure-skip-tls-verify': true }): string {
  return stringify({
    apiVersion: 'v1', kind: 'Config', 'current-context': 'c',
    clusters: [{ name: 'k', cluster }], users: [{ name: 'u', user }], contexts: [{ name: 'c', context: { cluster: 'k', user: 'u', namespace: 'argo' } }],
  });
}

async function options(kc: ReturnType<typeof podKubeConfig>): Promise<https.RequestOptions & { rejectUnauthorized?: boolean }> {
  const o: https.RequestOptions & { rejectUnauthorized?: boolean } = {};
  await kc.applyToHTTPSOptions(o);
  return o;
}

describe('podKubeConfig', () => {
  it('reads the kubeconfig KUBECONFIG names (the local kubelet mounts one): server, token, TLS off', async () => {
    const kc = podKubeConfig({ env: { KUBECONFIG: '/sa/kubeconfig' }, ...files({ '/sa/kubeconfig': kubeconfig({ token: 't0k' }) }) });
    expect(kc.getCurrentCluster()).toEqual({ server: 'http://127.0.0.1:6443/argo-ts-token/x' });
    expect(await options(kc)).toEqual({ headers: { Authorization: 'Bearer t0k' }, rejectUnauthorized: false });
  });

  it('resolves relative file names from the kubeconfig\'s folder and reads certificates', async () => {
    const kc = podKubeConfig({
      env: { KUBECONFIG: '/k/config:/other' },
      ...files({ '/k/config': kubeconfig({ tokenFile: 'tok', 'client-certificate-data': Buffer.from('CERT').toString('base64'), 'client-key': '/abs/key' }, { server: 'https://api:6443', 'certificate-authority': 'ca.pem' }), '/k/tok': 'ftoken\n', '/k/ca.pem': 'CA', '/abs/key': 'KEY' }),
    });
    const o = await options(kc);
    expect({ auth: o.headers, ca: String(o.ca), cert: String(o.cert), key: String(o.key) }).toEqual({ auth: { Authorization: 'Bearer ftoken' }, ca: 'CA', cert: 'CERT', key: 'KEY' });
  });

  it('uses the in-cluster service account, re-reading its token (projected tokens rotate)', async () => {
    const fs: Record<string, string> = { '/var/run/secrets/kubernetes.io/serviceaccount/token': 'one', '/var/run/secrets/kubernetes.io/serviceaccount/ca.crt': 'CA' };
    const kc = podKubeConfig({ env: { KUBERNETES_SERVICE_HOST: '10.0.0.1', KUBERNETES_SERVICE_PORT: '443' }, ...files(fs), home: '/nohome' });
    expect(kc.getCurrentCluster()).toEqual({ server: 'https://10.0.0.1:443' });
    expect((await options(kc)).headers).toEqual({ Authorization: 'Bearer one' });
    fs['/var/run/secrets/kubernetes.io/serviceaccount/token'] = 'two';
    expect((await options(kc)).headers).toEqual({ Authorization: 'Bearer two' });
    expect(podKubeConfig({ env: { KUBERNETES_SERVICE_HOST: 'fd00::1', KUBERNETES_SERVICE_PORT: '443' }, ...files(fs) }).getCurrentCluster()).toEqual({ server: 'https://[fd00::1]:443' });
  });

  it('refuses exec users and missing access with the reason, naming the file and field', () => {
    expect(() => podKubeConfig({ env: { KUBECONFIG: '/k' }, ...files({ '/k': kubeconfig({ exec: { command: 'aws' } }) }) }))
      .toThrow('/k: users[u]: exec and auth-provider credentials are not supported here; use a token or a client certificate');
    expect(() => podKubeConfig({ env: { KUBECONFIG: '/k' }, ...files({ '/k': stringify({ 'current-context': 'nope', contexts: [] }) }) }))
      .toThrow('/k: contexts: no entry named "nope"');
    expect(() => podKubeConfig({ env: {}, ...files({}), home: '/h' })).toThrow(/no Kubernetes API access: KUBECONFIG is not set/);
    expect(() => podKubeConfig({ env: { KUBECONFIG: '/missing' }, ...files({}) })).toThrow(/^\/missing: cannot read kubeconfig: ENOENT/);
  });
});
