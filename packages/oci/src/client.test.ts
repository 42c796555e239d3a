import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RegistryClient } from './client.js';
import { RegistryError } from './errors.js';
import { parseImageReference } from './reference.js';
import { MediaTypes } from './types.js';

const sha = (b: Buffer | string): string => `sha256:${createHash('sha256').update(b).digest('hex')}`;

/** A registry that wants a bearer token from its own realm (as Docker Hub and ghcr.io do) and serves one multi-arch image. */
class FakeRegistry {
  server!: Server;
  host = '';
  requests: string[] = [];
  blobs = new Map<string, Buffer>();
  manifests = new Map<string, { type: string; body: Buffer }>();
  /** Served in place of the real blob, to test digest checks. */
  tampered = new Set<string>();

  async start(): Promise<void> {
    this.server = createServer((req, res) => this.handle(req, res));
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    this.host = `127.0.0.1:${(this.server.address() as { port: number }).port}`;
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url!, `http://${this.host}`);
    this.requests.push(`${req.method} ${url.pathname}${url.search}`);
    if (url.pathname === '/token') {
      res.end(JSON.stringify({ token: `tok-${url.searchParams.get('scope')}`, expires_in: 300 }));
      return;
    }
    if (req.headers.authorization !== 'Bearer tok-repository:team/app:pull') {
      res.writeHead(401, { 'www-authenticate': `Bearer realm="http://${this.host}/token",service="fake",scope="repository:team/app:pull"`, 'content-type': 'application/json' });
      res.end(JSON.stringify({ errors: [{ code: 'UNAUTHORIZED', message: 'authentication required' }] }));
      return;
    }
    const m = /^\/v2\/team\/app\/(manifests|blobs)\/(.+)$/.exec(url.pathname);
    if (m?.[1] === 'manifests' && this.manifests.has(m[2]!)) {
      const { type, body } = this.manifests.get(m[2]!)!;
      res.writeHead(200, { 'content-type': type });
      res.end(body);
      return;
    }
    if (m?.[1] === 'blobs' && this.blobs.has(m[2]!)) {
      res.end(this.tampered.has(m[2]!) ? Buffer.from('tampered!') : this.blobs.get(m[2]!));
      return;
    }
    res.writeHead(404, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ errors: [{ code: 'MANIFEST_UNKNOWN', message: 'manifest unknown', detail: { Tag: m?.[2] } }] }));
  }

  blob(data: Buffer | string): { digest: string; size: number } {
    const b = Buffer.from(data);
    this.blobs.set(sha(b), b);
    return { digest: sha(b), size: b.length };
  }

  manifest(ref: string, type: string, doc: unknown): { digest: string; size: number } {
    const body = Buffer.from(JSON.stringify(doc));
    this.manifests.set(ref, { type, body });
    this.manifests.set(sha(body), { type, body });
    return { digest: sha(body), size: body.length };
  }
}

const reg = new FakeRegistry();
const dir = mkdtempSync(join(tmpdir(), 'argo-oci-'));
let layer: { digest: string; size: number };
let amd64: { digest: string; size: number };

beforeAll(async () => {
  await reg.start();
  layer = reg.blob('layer bytes');
  const mk = (arch: string) => {
    const config = reg.blob(JSON.stringify({ architecture: arch, os: 'linux', config: { Entrypoint: [`/${arch}`], Cmd: ['x'] } }));
    return reg.manifest(`m-${arch}`, MediaTypes.ociManifest, { schemaVersion: 2, config, layers: [layer] });
  };
  amd64 = mk('amd64');
  const arm64 = mk('arm64');
  reg.manifest('v1', MediaTypes.ociIndex, {
    schemaVersion: 2, manifests: [
      { mediaType: MediaTypes.ociManifest, ...arm64, platform: { os: 'linux', architecture: 'arm64', variant: 'v8' } },
      { mediaType: MediaTypes.ociManifest, ...amd64, platform: { os: 'linux', architecture: 'amd64' } },
    ],
  });
});
afterAll(() => {
  reg.server.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('RegistryClient', () => {
  it('answers the bearer challenge anonymously and resolves an index to the platform asked for', async () => {
    const client = new RegistryClient({ platform: { os: 'linux', architecture: 'amd64' } });
    const img = await client.resolve(parseImageReference(`${reg.host}/team/app:v1`));
    expect(img.digest).toBe(amd64.digest);
    expect(img.indexDigest).toBe(sha(reg.manifests.get('v1')!.body));
    expect(img.config.config?.Entrypoint).toEqual(['/amd64']);
    expect(reg.requests.filter((r) => r.startsWith('GET /token'))).toEqual([`GET /token?service=fake&scope=repository%3Ateam%2Fapp%3Apull`]);
    const arm = await new RegistryClient({ platform: { os: 'linux', architecture: 'arm64', variant: 'v8' } }).resolve(parseImageReference(`${reg.host}/team/app:v1`));
    expect(arm.config.config?.Entrypoint).toEqual(['/arm64']);
  });

  it('says which platform is missing from an index', async () => {
    const client = new RegistryClient({ platform: { os: 'linux', architecture: 's390x' } });
    await expect(client.resolve(parseImageReference(`${reg.host}/team/app:v1`))).rejects.toThrow(`no child with platform linux/s390x in index ${reg.host}/team/app:v1`);
  });

  it('reports a missing tag with the registry\'s words', async () => {
    const err = await new RegistryClient().resolve(parseImageReference(`${reg.host}/team/app:nope`)).catch((e: RegistryError) => e);
    expect(err).toBeInstanceOf(RegistryError);
    expect((err as RegistryError).code).toBe('NotFound');
    expect((err as RegistryError).message).toBe(`GET http://${reg.host}/v2/team/app/manifests/nope: MANIFEST_UNKNOWN: manifest unknown; {"Tag":"nope"}`);
  });

  it('downloads a blob only when its digest checks out', async () => {
    const client = new RegistryClient();
    const ref = parseImageReference(`${reg.host}/team/app:v1`);
    await client.downloadBlob(ref, layer, [], join(dir, 'ok'));
    expect(readFileSync(join(dir, 'ok'), 'utf8')).toBe('layer bytes');
    reg.tampered.add(layer.digest);
    await expect(client.downloadBlob(ref, layer, [], join(dir, 'bad'))).rejects.toThrow(`blob ${layer.digest} of ${ref.name}: content has digest ${sha('tampered!')}`);
    expect(existsSync(join(dir, 'bad'))).toBe(false);
    reg.tampered.delete(layer.digest);
  });

  it('calls a registry that does not answer unreachable, and remembers it', async () => {
    const client = new RegistryClient({ timeoutMs: 2000 });
    // A port nobody listens on (freed right away); fetch refuses some low ports outright.
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as { port: number }).port;
    await new Promise((r) => closed.close(r));
    const ref = parseImageReference(`127.0.0.1:${port}/x:1`);
    const err = await client.resolve(ref).catch((e: RegistryError) => e);
    expect((err as RegistryError).code).toBe('Unreachable');
    expect((err as RegistryError).transient).toBe(true);
    expect((err as RegistryError).message).toContain('ECONNREFUSED');
    expect(client.reachability.isUnreachable(`127.0.0.1:${port}`)).toBe(true);
    await expect(client.resolve(ref)).rejects.toBe(err);
  });
});
