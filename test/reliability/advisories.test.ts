/**
 * Argo's security advisories replayed as a user's workflows on the local cluster (issue 14,
 * row 19 of docs/reliability.md). The executor runs in-process here, on the host, where an
 * escape would do real harm; each case checks the host, not only the node's phase.
 * - CVE-2025-62156 (zip slip in artifact unpacking) and the link bypass of issue 14's finding 4:
 *   a tar.gz input artifact with a `../` entry, and one with a symlink followed by a file under it;
 * - argoproj/argo-workflows#3016: a parameter templated into an artifact's path climbing out;
 * - GHSA-h563 / #6441: a parameter value that would change the structure of the template it lands in;
 * - CVE-2025-62157 and GHSA-7vf8-2cr6-54mf: credentials (the artifact repository's secret key, a
 *   `secretKeyRef` env value) in the controller's, the kubelet's or the executor's logs.
 */
import { createServer, type Server } from 'node:http';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { api, until, startDaemon, stopDaemon, type Daemon } from './daemon.js';

const NS = 'default';
const WF = `/apis/argoproj.io/v1alpha1/namespaces/${NS}/workflows`;
interface Node { type: string; phase: string; displayName: string; message?: string; outputs?: { parameters?: { name: string; value?: string }[] } }

/** One ustar header block (POSIX): enough for files and symlinks with short names. */
function tarHeader(name: string, size: number, type: '0' | '2', link = ''): Buffer {
  const h = Buffer.alloc(512);
  const put = (s: string, off: number, len: number) => h.write(s, off, Math.min(Buffer.byteLength(s), len), 'utf8');
  put(name, 0, 100);
  put('0000644\0', 100, 8);
  put('0000000\0', 108, 8);
  put('0000000\0', 116, 8);
  put(`${size.toString(8).padStart(11, '0')}\0`, 124, 12);
  put(`${Math.floor(Date.now() / 1000).toString(8).padStart(11, '0')}\0`, 136, 12);
  put('        ', 148, 8);
  put(type, 156, 1);
  put(link, 157, 100);
  put('ustar\0', 257, 6);
  put('00', 263, 2);
  let sum = 0;
  for (const b of h) sum += b;
  put(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 8);
  return h;
}

function tgz(entries: { name: string; data?: string; symlink?: string }[]): Buffer {
  const parts: Buffer[] = [];
  for (const e of entries) {
    if (e.symlink !== undefined) { parts.push(tarHeader(e.name, 0, '2', e.symlink)); continue; }
    const data = Buffer.from(e.data ?? '');
    parts.push(tarHeader(e.name, data.length, '0'), data, Buffer.alloc((512 - (data.length % 512)) % 512));
  }
  parts.push(Buffer.alloc(1024));
  return gzipSync(Buffer.concat(parts));
}

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...filesUnder(p));
    else if (e.isFile()) out.push(p);
  }
  return out;
}


describe("Argo's advisories, replayed", () => {
  let stateDir: string;
  let d: Daemon;
  let files: Server;
  let filesUrl: string;
  /** Host paths an escape would write: unique per run, checked and removed at the end. */
  const mark = `argo-ts-advisory-${randomBytes(6).toString('hex')}`;
  const victim = join(tmpdir(), mark);
  const archives: Record<string, Buffer> = {
    // Enough `../` to reach / from wherever the unpack root is, then the victim path.
    'slip.tgz': tgz([{ name: 'ok.txt', data: 'fine' }, { name: `${'../'.repeat(16)}${victim.slice(1)}-slip`, data: 'pwned' }]),
    'link.tgz': tgz([{ name: 'up', symlink: tmpdir() }, { name: `up/${mark}-link`, data: 'pwned' }]),
  };

  beforeAll(async () => {
    stateDir = mkdtempSync(join(tmpdir(), 'argo-ts-advisories-'));
    files = createServer((req, res) => {
      const body = archives[(req.url ?? '').slice(1)];
      if (!body) { res.writeHead(404).end(); return; }
      res.writeHead(200, { 'content-type': 'application/gzip', 'content-length': body.length }).end(body);
    });
    await new Promise<void>((r) => files.listen(0, '127.0.0.1', () => r()));
    filesUrl = `http://127.0.0.1:${(files.address() as { port: number }).port}`;
    d = await startDaemon(stateDir, 'in-process');
  }, 90_000);
  afterAll(async () => {
    await stopDaemon(stateDir);
    files.closeAllConnections();
    await new Promise((r) => files.close(r));
    for (const suffix of ['-slip', '-link', '-param', '']) rmSync(`${victim}${suffix}`, { force: true, recursive: true });
    rmSync(stateDir, { recursive: true, force: true });
  });

  const submit = (wf: Record<string, unknown>) => api(d, stateDir, 'POST', WF, { apiVersion: 'argoproj.io/v1alpha1', kind: 'Workflow', ...wf });
  const finished = (name: string) => until(async () => {
    const wf = await api(d, stateDir, 'GET', `${WF}/${name}`);
    return ['Succeeded', 'Failed', 'Error'].includes(wf.status?.phase) ? wf : undefined;
  }, 90_000, `workflow ${name} to finish`);
  const podNode = (wf: any): Node => Object.values(wf.status.nodes as Record<string, Node>).find((n) => n.type === 'Pod')!;

  it.each([
    ['CVE-2025-62156: a ../ entry', 'slip.tgz', `${victim}-slip`],
    ['finding 4: a symlink out of the root, then a file through it', 'link.tgz', `${victim}-link`],
  ])('refuses a tar.gz input artifact with %s and writes nothing outside its root', async (_what, file, target) => {
    const name = `unpack-${file.replace('.tgz', '')}`;
    await submit({
      metadata: { name },
      spec: {
        entrypoint: 'main',
        templates: [{
          name: 'main',
          inputs: { artifacts: [{ name: 'in', path: '/tmp/in', http: { url: `${filesUrl}/${file}` } }] },
          container: { image: 'alpine', command: ['sh', '-c', 'ls -R /tmp/in'] },
        }],
      },
    });
    const wf = await finished(name);
    const node = podNode(wf);
    expect({ phase: node.phase, load: node.message?.startsWith('failed to load artifacts: ') }).toEqual({ phase: 'Error', load: true });
    expect(node.message).toMatch(/outside|escape|link/i);
    expect(existsSync(target)).toBe(false);
  }, 120_000);

  it('#3016: a parameter climbing out of an artifact path stays inside the container', async () => {
    await submit({
      metadata: { name: 'param-path' },
      spec: {
        entrypoint: 'main',
        arguments: { parameters: [{ name: 'p', value: `${'../'.repeat(24)}${victim.slice(1)}-param` }] },
        templates: [{
          name: 'main',
          inputs: { artifacts: [{ name: 'in', path: '/tmp/{{workflow.parameters.p}}', raw: { data: 'pwned' } }] },
          container: { image: 'alpine', command: ['sh', '-c', 'echo ran'] },
        }],
      },
    });
    const wf = await finished('param-path');
    expect(existsSync(`${victim}-param`)).toBe(false);
    console.log(`param-path: ${wf.status.phase} ${podNode(wf).message ?? ''}`);
  }, 120_000);

  it('GHSA-h563 / #6441: a parameter value is substituted as a value, never as structure', async () => {
    const evil = 'x", "image": "evil:latest", "command": ["sh", "-c", "echo owned';
    await submit({
      metadata: { name: 'param-structure' },
      spec: {
        entrypoint: 'main',
        arguments: { parameters: [{ name: 'p', value: evil }] },
        templates: [{
          name: 'main',
          container: { image: 'alpine', command: ['echo', '{{workflow.parameters.p}}'] },
        }],
      },
    });
    const wf = await finished('param-structure');
    expect(wf.status.phase).toBe('Succeeded');
    const pods = await api(d, stateDir, 'GET', `/api/v1/namespaces/${NS}/pods?labelSelector=${encodeURIComponent('workflows.argoproj.io/workflow=param-structure')}`);
    const main = pods.items[0].spec.containers.find((c: { name: string }) => c.name === 'main');
    expect(main.image).toBe('alpine');
    expect(await api(d, stateDir, 'GET', `/api/v1/namespaces/${NS}/pods/${pods.items[0].metadata.name}/log?container=main`)).toBe(`${evil}\n`);
  }, 120_000);

  it('CVE-2025-62157 / GHSA-7vf8-2cr6-54mf: no credential appears in any log', async () => {
    const secretValue = `s3cr3t-${randomBytes(9).toString('hex')}`;
    await api(d, stateDir, 'POST', `/api/v1/namespaces/${NS}/secrets`, { metadata: { name: 'advisory' }, stringData: { token: secretValue } });
    await submit({
      metadata: { name: 'creds' },
      spec: {
        entrypoint: 'main',
        templates: [{
          name: 'main',
          container: {
            image: 'alpine', command: ['sh', '-c', 'test -n "$TOKEN" && echo payload > /tmp/out.txt'],
            env: [{ name: 'TOKEN', valueFrom: { secretKeyRef: { name: 'advisory', key: 'token' } } }],
          },
          outputs: { artifacts: [{ name: 'out', path: '/tmp/out.txt' }] },
        }],
      },
    });
    const wf = await finished('creds');
    expect(wf.status.phase).toBe('Succeeded');
    const settings = JSON.parse(readFileSync(join(stateDir, 'settings.json'), 'utf8')) as { secretKey: string; apiToken: string };
    // Every log the cluster keeps: the daemon's (controller, kubelet, API server) and each container's.
    const logs = [join(stateDir, 'daemon.log'), ...filesUnder(join(stateDir, 'logs')), ...filesUnder(join(stateDir, 'pods')).filter((f) => /\.log$/.test(f))]
      .filter((f) => existsSync(f) && statSync(f).size < 64 * 1024 * 1024);
    expect(logs.length).toBeGreaterThan(1);
    console.log(`creds: ${logs.length} logs: ${logs.map((f) => f.slice(stateDir.length)).join(' ')}`);
    // The pods' own service-account tokens (the kubelet's projected files) are credentials too.
    const podTokens = filesUnder(join(stateDir, 'pods')).filter((f) => /\/token$/.test(f)).map((f) => readFileSync(f, 'utf8').trim()).filter((t) => t.length > 16);
    expect(podTokens.length).toBeGreaterThan(0);
    const secrets: [string, string][] = [
      ['the repository secret key', settings.secretKey], ['the secretKeyRef value', secretValue], ['the admin token', settings.apiToken],
      ...podTokens.map((t, i): [string, string] => [`pod token #${i}`, t]),
    ];
    const leaks = logs.flatMap((f) => {
      const text = readFileSync(f, 'utf8');
      return secrets.filter(([, v]) => text.includes(v)).map(([what]) => `${what} in ${f}`);
    });
    expect(leaks).toEqual([]);
  }, 120_000);
});
