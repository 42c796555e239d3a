import { createServer, type Server } from 'node:http';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { daemonAnswers, daemonFiles, defaultStateDir, processAlive, readDaemonInfo } from './index.js';

describe('@argo-ts/spec/local: finding a running daemon', () => {
  let dir: string;
  let server: Server;
  let url: string;
  let status = 200;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'argo-ts-spec-local-'));
    server = createServer((req, res) => res.writeHead(req.url === '/readyz' ? status : 404).end('ok'));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });
  afterAll(async () => {
    await new Promise((r) => server.close(r));
    rmSync(dir, { recursive: true, force: true });
  });

  it('picks the state dir as the daemon does', () => {
    expect(defaultStateDir({ ARGO_TS_STATE_DIR: '/s' })).toBe('/s');
    expect(defaultStateDir({ XDG_STATE_HOME: '/x' })).toBe('/x/argo-ts');
    expect(defaultStateDir({})).toMatch(/\/\.local\/state\/argo-ts$/);
  });

  it('reads the ready file, and nothing from a missing or garbled one', () => {
    expect(readDaemonInfo(join(dir, 'none'))).toBeUndefined();
    writeFileSync(daemonFiles(dir).ready, '{"pid":');
    expect(readDaemonInfo(dir)).toBeUndefined();
    const info = { pid: process.pid, apiUrl: url, s3Url: '', kubeconfigPath: join(dir, 'kubeconfig'), startedAt: '2026-01-01T00:00:00Z' };
    writeFileSync(daemonFiles(dir).ready, JSON.stringify(info));
    expect(readDaemonInfo(dir)).toEqual(info);
    expect(processAlive(process.pid)).toBe(true);
  });

  it('asks /readyz: 2xx answers, anything else does not', async () => {
    status = 200;
    expect(await daemonAnswers(url)).toBe(true);
    status = 503;
    expect(await daemonAnswers(url)).toBe(false);
    expect(await daemonAnswers('http://127.0.0.1:1')).toBe(false);
    expect(await daemonAnswers('not a url')).toBe(false);
  });
});
