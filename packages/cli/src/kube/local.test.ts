/**
 * Finding a running local daemon costs one file read and one request: ensureLocal returns the
 * kubeconfig of the daemon its ready file names when that daemon answers /readyz, without loading
 * @argo-ts/local (which would start another daemon in this state dir instead).
 */
import { createServer, type Server } from 'node:http';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureLocal } from './local.js';

describe('ensureLocal', () => {
  let dir: string;
  let server: Server;
  const saved = process.env.ARGO_TS_STATE_DIR;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'argo-ts-cli-local-'));
    server = createServer((req, res) => res.writeHead(req.url === '/readyz' ? 200 : 404).end('ok'));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    process.env.ARGO_TS_STATE_DIR = dir;
  });
  afterAll(async () => {
    if (saved === undefined) delete process.env.ARGO_TS_STATE_DIR; else process.env.ARGO_TS_STATE_DIR = saved;
    await new Promise((r) => server.close(r));
    rmSync(dir, { recursive: true, force: true });
  });

  it('returns the running daemon\'s kubeconfig from its ready file once /readyz answers', async () => {
    const kubeconfig = join(dir, 'the-daemons-kubeconfig');
    writeFileSync(kubeconfig, 'apiVersion: v1\nkind: Config\n');
    const apiUrl = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    writeFileSync(join(dir, 'daemon.ready'), JSON.stringify({ pid: process.pid, apiUrl, s3Url: '', kubeconfigPath: kubeconfig, startedAt: new Date().toISOString() }));
    const loadLocal = async (): Promise<Record<string, unknown>> => { throw new Error('@argo-ts/local was loaded'); };
    expect(await ensureLocal(loadLocal)).toBe(kubeconfig);
  });

  it('loads @argo-ts/local to start one when the daemon does not answer', async () => {
    writeFileSync(join(dir, 'daemon.ready'), JSON.stringify({ pid: process.pid, apiUrl: 'http://127.0.0.1:1', s3Url: '', kubeconfigPath: join(dir, 'the-daemons-kubeconfig'), startedAt: new Date().toISOString() }));
    const started = join(dir, 'started-kubeconfig');
    const loadLocal = async (): Promise<Record<string, unknown>> => ({ ensureLocalCluster: async () => started });
    expect(await ensureLocal(loadLocal)).toBe(started);
  });
});
