import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { chooseClusterSource, connectionFromKubeconfig, parseKubeconfigs } from './kubeconfig.js';
import { CliError } from '../errors.js';

const base = { env: {}, home: '/home/u', exists: (_p: string) => false };

describe('chooseClusterSource', () => {
  it('prefers --local, then --kubeconfig, then KUBECONFIG, then ~/.kube/config, then in-cluster, then local', () => {
    const all = { ...base, env: { KUBECONFIG: '/a:/b', KUBERNETES_SERVICE_HOST: '10.0.0.1' }, exists: () => true };
    expect(chooseClusterSource({ ...all, local: true })).toEqual({ kind: 'local' });
    expect(chooseClusterSource({ ...all, kubeconfigFlag: '/flag' })).toEqual({ kind: 'files', paths: ['/flag'] });
    expect(chooseClusterSource(all)).toEqual({ kind: 'files', paths: ['/a', '/b'] });
    expect(chooseClusterSource({ ...base, exists: (p) => p === '/home/u/.kube/config' })).toEqual({ kind: 'files', paths: ['/home/u/.kube/config'] });
    expect(chooseClusterSource({ ...base, env: { KUBERNETES_SERVICE_HOST: 'h' }, exists: (p) => p.endsWith('/token') })).toEqual({ kind: 'in-cluster' });
    expect(chooseClusterSource(base)).toEqual({ kind: 'local' });
  });

  it('skips KUBECONFIG entries that do not exist', () => {
    expect(chooseClusterSource({ ...base, env: { KUBECONFIG: '/missing:/there' }, exists: (p) => p === '/there' })).toEqual({ kind: 'files', paths: ['/there'] });
  });
});

const cfgA = `
apiVersion: v1
kind: Config
current-context: a
clusters:
- name: ca
  cluster: {server: "https://a.example:6443/", certificate-authority-data: ${Buffer.from('CA').toString('base64')}}
- name: shared
  cluster: {server: "https://from-a"}
users:
- name: ua
  user: {token: tok-a}
contexts:
- name: a
  context: {cluster: ca, user: ua, namespace: team-a}
- name: s
  context: {cluster: shared, user: ub}
`;
const cfgB = `
current-context: b
clusters:
- name: shared
  cluster: {server: "http://from-b", insecure-skip-tls-verify: true}
users:
- name: ub
  user: {username: u, password: p}
- name: ex
  user: {exec: {command: aws}}
contexts:
- name: b
  context: {cluster: shared, user: ex}
`;

describe('kubeconfig parsing', () => {
  const cfg = parseKubeconfigs([{ path: '/a', text: cfgA }, { path: '/b', text: cfgB }], parse);

  it('uses the first current-context and the context namespace', () => {
    const c = connectionFromKubeconfig(cfg, { paths: ['/a', '/b'] });
    expect(c.server).toBe('https://a.example:6443');
    expect(c.namespace).toBe('team-a');
    expect(c.token).toBe('tok-a');
    expect(c.ca?.toString()).toBe('CA');
  });

  it('lets --namespace win and merges first-definition-wins', () => {
    const c = connectionFromKubeconfig(cfg, { context: 's', namespace: 'x', paths: ['/a', '/b'] });
    expect(c.server).toBe('https://from-a');
    expect(c.namespace).toBe('x');
    expect(c.basicAuth).toBe(Buffer.from('u:p').toString('base64'));
  });

  it('delegates exec users to client-node and keeps insecure-skip-tls-verify', () => {
    const only = parseKubeconfigs([{ path: '/b', text: cfgB }], parse);
    const c = connectionFromKubeconfig(only, { paths: ['/b'] });
    expect(c.insecureSkipTLSVerify).toBe(true);
    expect(c.delegate).toEqual({ kubeconfigPaths: ['/b'], context: 'b' });
    expect(c.namespace).toBe('default');
  });

  it('reports a missing context with the file name', () => {
    expect(() => connectionFromKubeconfig(cfg, { context: 'nope', paths: ['/a'] })).toThrow(/\/a: context "nope" not found/);
  });

  it('reports invalid YAML and bad shapes as kubeconfig errors', () => {
    let err: unknown;
    try { parseKubeconfigs([{ path: '/bad', text: 'clusters: [' }], parse); } catch (e) { err = e; }
    expect(err).toBeInstanceOf(CliError);
    expect((err as CliError).code).toBe('kubeconfig');
    expect((err as CliError).message).toMatch(/^\/bad: not valid YAML/);
    expect(() => parseKubeconfigs([{ path: '/c', text: 'clusters: {a: 1}' }], parse)).toThrow('/c: clusters must be a list');
  });

  it('reads certificate files relative to the kubeconfig', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kc-'));
    writeFileSync(join(dir, 'ca.crt'), 'FILECA');
    const text = `current-context: c\nclusters: [{name: c, cluster: {server: "https://x", certificate-authority: ca.crt}}]\nusers: [{name: u, user: {}}]\ncontexts: [{name: c, context: {cluster: c, user: u}}]\n`;
    const c = connectionFromKubeconfig(parseKubeconfigs([{ path: join(dir, 'config'), text }], parse), { paths: [join(dir, 'config')] });
    expect(c.ca?.toString()).toBe('FILECA');
  });
});
