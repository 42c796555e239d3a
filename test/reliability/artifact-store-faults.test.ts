/**
 * The executor's artifact drivers against a store that is down, silent
 * (accepts and never answers), slow or failing part of the time, for save
 * and load. Promise: a silent or down store ends the call with an error that
 * names the artifact and the cause within a bounded time (idle limit ×
 * attempts + backoff), never a hang; a slow or flaky store still succeeds
 * (transient errors retried in the executor's one retry loop).
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import * as net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { driverFor, type Artifact, type DriverDeps } from '@argo-ts/executor';
import { startS3Server, type S3Server } from '@argo-ts/local';
import { startFaultProxy, type FaultMode, type FaultProxy } from './testdata/fault-proxy.js';

const IDLE_MS = 500;
const SECRETS: Record<string, string> = { ak: 'test-access', sk: 'test-secret-key' };
const deps: DriverDeps = { getSecret: async (ref) => SECRETS[ref.key]!, timeoutMs: IDLE_MS };

let dir: string;
let s3: S3Server;
let proxy: FaultProxy;
let silentHttp: net.Server;
let silentUrl: string;
const silentSockets = new Set<net.Socket>();

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'argo-ts-store-faults-'));
  await mkdir(join(dir, 'store', 'bucket'), { recursive: true });
  s3 = await startS3Server({ dir: join(dir, 'store'), accessKey: SECRETS.ak!, secretKey: SECRETS.sk! });
  proxy = await startFaultProxy(s3.port);
  silentHttp = net.createServer((sock) => {
    silentSockets.add(sock);
    sock.on('close', () => silentSockets.delete(sock));
  });
  await new Promise<void>((r) => silentHttp.listen(0, '127.0.0.1', r));
  silentUrl = `http://127.0.0.1:${(silentHttp.address() as net.AddressInfo).port}`;
});
afterAll(async () => {
  await proxy.close();
  await s3.close();
  for (const sock of silentSockets) sock.destroy();
  await new Promise((r) => silentHttp.close(r));
  await rm(dir, { recursive: true, force: true });
}, 20_000);

function s3Artifact(name: string, key: string): Artifact {
  return {
    name,
    s3: { endpoint: proxy.url, bucket: 'bucket', key, insecure: true, accessKeySecret: { name: 's', key: 'ak' }, secretKeySecret: { name: 's', key: 'sk' } },
  } as Artifact;
}

async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; error?: Error; value?: T }> {
  const t = Date.now();
  try {
    return { ms: Date.now() - t, value: await fn() };
  } catch (error) {
    return { ms: Date.now() - t, error: error as Error };
  }
}

const payload = Buffer.alloc(3 * 1024 * 1024, 'a');

describe('S3 artifacts under store faults', () => {
  beforeAll(async () => writeFile(join(dir, 'src.bin'), payload));

  it.each<[FaultMode, 'save' | 'load']>([['silent', 'save'], ['silent', 'load'], ['down', 'save'], ['down', 'load']])(
    'a %s store makes %s fail naming the artifact and the cause, within a bound',
    async (mode, op) => {
      proxy.mode = mode;
      const a = s3Artifact('report', 'faults/report.bin');
      const r = await timed(() => (op === 'save' ? driverFor(a, deps).save(join(dir, 'src.bin'), a) : driverFor(a, deps).load(a, join(dir, 'out.bin'))));
      expect(r.error).toBeDefined();
      expect(r.error!.message).toContain('s3://bucket/faults/report.bin');
      expect(r.error!.message).toMatch(mode === 'silent' ? /timed out/i : /ECONNRESET|socket hang up|ECONNREFUSED|EPIPE/);
      expect(r.error!.message).toMatch(/failed after 5 attempts/);
      // 5 attempts of at most one idle limit each, plus the backoff between them (≤ 0.2+0.4+0.8+1.6 s × 1.5 jitter).
      expect(r.ms).toBeLessThan(5 * IDLE_MS * 2 + 4_500 + 2_000);
    },
    30_000,
  );

  // Slow = 800 KiB/s each way; the idle limit sees only the socket, so it must exceed the time the
  // kernel's send buffer (a few MiB on loopback) takes to drain at that rate: 1 MiB, 5 s limit.
  it.each<[FaultMode, number, number]>([['slow', 1, 5_000], ['flaky', 3, IDLE_MS]])('a %s store still saves and loads the artifact whole', async (mode, mib, timeoutMs) => {
    proxy.mode = mode;
    const body = payload.subarray(0, mib * 1024 * 1024);
    await writeFile(join(dir, `${mode}-src.bin`), body);
    const a = s3Artifact('data', `ok/${mode}.bin`);
    const before = proxy.connections;
    await driverFor(a, { ...deps, timeoutMs }).save(join(dir, `${mode}-src.bin`), a);
    await driverFor(a, { ...deps, timeoutMs }).load(a, join(dir, `${mode}.bin`));
    expect((await readFile(join(dir, `${mode}.bin`))).equals(body)).toBe(true);
    // Flaky: at least one request met a 503 and was retried.
    if (mode === 'flaky') expect(proxy.connections - before).toBeGreaterThanOrEqual(3);
    proxy.mode = 'pass';
  }, 60_000);
});

describe('HTTP and git artifacts against a silent server', () => {
  it.each(['load', 'save'] as const)('http %s fails naming the artifact and the timeout', async (op) => {
    const a = { name: 'page', http: { url: `${silentUrl}/file.txt` } } as Artifact;
    const r = await timed(() => (op === 'load' ? driverFor(a, deps).load(a, join(dir, 'page.txt')) : driverFor(a, deps).save(join(dir, 'src.bin'), a)));
    expect(r.error?.message).toMatch(new RegExp(`artifact "page".*${op === 'load' ? 'GET' : 'PUT'} ${silentUrl}/file.txt: no response for 0.5 s \\(timed out\\)`));
    expect(r.error?.message).toMatch(/failed after 5 attempts/);
  }, 30_000);

  it('git load fails naming the repository and the timeout', async () => {
    const a = { name: 'src', git: { repo: `${silentUrl}/repo.git` } } as Artifact;
    const r = await timed(() => driverFor(a, { ...deps, timeoutMs: 1000 }).load(a, join(dir, 'checkout')));
    expect(r.error?.message).toContain(`load git artifact "src" from ${silentUrl}/repo.git`);
    expect(r.error?.message).toMatch(/too slow|timed out/i);
    expect(r.error?.message).toMatch(/failed after 5 attempts/);
  }, 60_000);
});
