/**
 * A registry client for the OCI distribution (Docker registry v2) protocol:
 * manifests and blobs, the anonymous and credentialed bearer-token flows and
 * basic auth, multi-arch indexes resolved to one platform, and every byte
 * checked against the digest that names it.
 *
 * No npm library does this (the registry clients on npm are Docker Engine
 * clients or cloud-vendor SDKs); see docs/decisions/0008.
 */
import { createHash } from 'node:crypto';
import { createWriteStream, renameSync, rmSync } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { basicAuthorization, parseChallenge, type Credential } from './auth.js';
import { RegistryError, networkError } from './errors.js';
import { hostPlatform, pickPlatform, platformString } from './platform.js';
import { Reachability } from './reachability.js';
import { apiHost, isLoopback, type ImageReference } from './reference.js';
import {
  ImageConfigSchema, IndexSchema, ManifestSchema, MediaTypes, type Descriptor, type ImageConfig, type Manifest, type Platform, type ResolvedImage,
} from './types.js';

export interface RegistryClientOptions {
  /** Registries (host[:port]) reached over plain http; loopback ones always are. */
  insecureRegistries?: string[];
  /** Until the response headers arrive; default 20 s. */
  timeoutMs?: number;
  /** Shared verdicts on unreachable registries (default: one per client). */
  reachability?: Reachability;
  platform?: Platform;
}

const MANIFEST_ACCEPT = [MediaTypes.ociIndex, MediaTypes.ociManifest, MediaTypes.dockerList, MediaTypes.dockerManifest].join(', ');
const MAX_MANIFEST_BYTES = 4 * 1024 * 1024;
const MAX_CONFIG_BYTES = 8 * 1024 * 1024;

interface Token {
  authorization: string;
  expiresAt: number;
}

export class RegistryClient {
  readonly reachability: Reachability;
  private readonly insecure: Set<string>;
  private readonly timeoutMs: number;
  private readonly platform: Platform;
  /** Authorization per registry+repository+credential, reused until it expires. */
  private readonly tokens = new Map<string, Token>();

  constructor(opts: RegistryClientOptions = {}) {
    this.insecure = new Set((opts.insecureRegistries ?? []).map((r) => r.toLowerCase()));
    this.timeoutMs = opts.timeoutMs ?? 20_000;
    this.reachability = opts.reachability ?? new Reachability();
    this.platform = opts.platform ?? hostPlatform();
  }

  /** Resolves a reference to the host platform's manifest and configuration. */
  async resolve(ref: ImageReference, creds: Credential[] = []): Promise<ResolvedImage> {
    const m = await this.resolveManifest(ref, creds);
    return { ...m, config: await this.fetchConfig(ref, m.manifest, creds) };
  }

  /** The host platform's manifest (through an index when the reference names one), without the config. */
  async resolveManifest(ref: ImageReference, creds: Credential[] = []): Promise<Omit<ResolvedImage, 'config'>> {
    const first = await this.fetchManifest(ref, ref.digest ?? ref.tag ?? 'latest', ref.digest, creds);
    let indexDigest: string | undefined;
    let manifest = first;
    if (isIndex(first.mediaType, first.json)) {
      const index = parse(IndexSchema, first.json, `${ref.name}: index`);
      const pick = pickPlatform(index.manifests, this.platform);
      if (!pick) {
        throw new RegistryError('NoMatchingPlatform', `no child with platform ${platformString(this.platform)} in index ${ref.name}`);
      }
      indexDigest = first.digest;
      manifest = await this.fetchManifest(ref, pick.digest, pick.digest, creds);
    }
    const m = parse(ManifestSchema, manifest.json, `${ref.name}: manifest`);
    return { digest: manifest.digest, manifest: m, ...(indexDigest ? { indexDigest } : {}) };
  }

  async fetchConfig(ref: ImageReference, manifest: Manifest, creds: Credential[] = []): Promise<ImageConfig> {
    const configBytes = await this.blobBytes(ref, manifest.config, creds, MAX_CONFIG_BYTES);
    return parse(ImageConfigSchema, jsonOf(configBytes, `${ref.name}: config`), `${ref.name}: config`);
  }

  /** Downloads a blob to `dest` (atomically: a temp file renamed once its digest and size check out). */
  async downloadBlob(ref: ImageReference, desc: Descriptor, creds: Credential[], dest: string): Promise<void> {
    const res = await this.get(ref, `blobs/${desc.digest}`, creds, '*/*');
    const tmp = `${dest}.part-${process.pid}-${Date.now()}`;
    const hash = createHash('sha256');
    let size = 0;
    try {
      const body = Readable.fromWeb(res.body as import('node:stream/web').ReadableStream);
      body.on('data', (chunk: Buffer) => {
        hash.update(chunk);
        size += chunk.length;
      });
      await pipeline(body, createWriteStream(tmp, { mode: 0o644 }));
      const got = `sha256:${hash.digest('hex')}`;
      if (got !== desc.digest) throw new RegistryError('DigestMismatch', `blob ${desc.digest} of ${ref.name}: content has digest ${got}`);
      if (size !== desc.size) throw new RegistryError('DigestMismatch', `blob ${desc.digest} of ${ref.name}: ${size} bytes, manifest says ${desc.size}`);
      renameSync(tmp, dest);
    } catch (e) {
      rmSync(tmp, { force: true });
      if (e instanceof RegistryError) throw e;
      throw networkError('GET', this.url(ref, `blobs/${desc.digest}`), e);
    }
  }

  private async blobBytes(ref: ImageReference, desc: Descriptor, creds: Credential[], max: number): Promise<Buffer> {
    const res = await this.get(ref, `blobs/${desc.digest}`, creds, '*/*');
    const bytes = await readBounded(res, max, `blob ${desc.digest} of ${ref.name}`);
    verify(bytes, desc.digest, `blob ${desc.digest} of ${ref.name}`);
    return bytes;
  }

  private async fetchManifest(ref: ImageReference, tagOrDigest: string, expected: string | undefined, creds: Credential[]) {
    const res = await this.get(ref, `manifests/${tagOrDigest}`, creds, MANIFEST_ACCEPT);
    const bytes = await readBounded(res, MAX_MANIFEST_BYTES, `manifest ${tagOrDigest} of ${ref.name}`);
    const digest = `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
    const claimed = res.headers.get('docker-content-digest');
    if (expected) verify(bytes, expected, `manifest ${tagOrDigest} of ${ref.name}`);
    else if (claimed && claimed.startsWith('sha256:') && claimed !== digest) {
      throw new RegistryError('DigestMismatch', `manifest ${tagOrDigest} of ${ref.name}: content has digest ${digest}, registry says ${claimed}`);
    }
    const json = jsonOf(bytes, `${ref.name}: manifest`);
    const mediaType = (res.headers.get('content-type') ?? '').split(';')[0]!.trim();
    return { digest, json, mediaType };
  }

  private scheme(registry: string): 'http' | 'https' {
    return isLoopback(registry) || this.insecure.has(registry.toLowerCase()) ? 'http' : 'https';
  }

  private url(ref: ImageReference, path: string): string {
    return `${this.scheme(ref.registry)}://${apiHost(ref.registry)}/v2/${ref.repository}/${path}`;
  }

  /** GET with authorization: on 401, answers the challenge once per credential and retries. */
  private async get(ref: ImageReference, path: string, creds: Credential[], accept: string): Promise<Response> {
    this.reachability.check(ref.registry);
    const url = this.url(ref, path);
    const attempts: Array<Credential | undefined> = creds.length ? creds : [undefined];
    let last: Response | undefined;
    for (const cred of attempts) {
      const key = `${ref.registry}/${ref.repository}/${cred?.username ?? ''}`;
      const cached = this.tokens.get(key);
      let res = await this.send('GET', url, accept, cached && cached.expiresAt > Date.now() ? cached.authorization : undefined, ref.registry);
      if (res.status === 401) {
        const authorization = await this.authorize(ref, res.headers.get('www-authenticate'), cred, url);
        // Without an answer to the challenge the 401 stands, its body (the registry's error) unread for the message.
        if (authorization) {
          await res.body?.cancel();
          this.tokens.set(key, authorization);
          res = await this.send('GET', url, accept, authorization.authorization, ref.registry);
        }
      }
      if (res.ok) return res;
      last = res;
      if (res.status !== 401 && res.status !== 403) break;
      if (cred !== attempts[attempts.length - 1]) await res.body?.cancel();
    }
    throw await httpError('GET', url, last!);
  }

  private async send(method: string, url: string, accept: string, authorization: string | undefined, registry: string): Promise<Response> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(new DOMException('timed out waiting for the registry', 'TimeoutError')), this.timeoutMs);
    try {
      const headers: Record<string, string> = { accept, 'user-agent': 'argo-ts' };
      if (authorization) headers.authorization = authorization;
      return await fetch(url, { method, headers, signal: controller.signal, redirect: 'follow' });
    } catch (e) {
      const err = networkError(method, url, e);
      if (err.code === 'Unreachable') this.reachability.record(registry, err);
      throw err;
    } finally {
      clearTimeout(timer);
    }
  }

  /** Answers a challenge: basic with the credential, or a bearer token from the realm (anonymous when no credential). */
  private async authorize(ref: ImageReference, header: string | null, cred: Credential | undefined, url: string): Promise<Token | undefined> {
    const challenge = parseChallenge(header);
    if (!challenge) return undefined;
    if (challenge.scheme === 'basic') return cred ? { authorization: basicAuthorization(cred), expiresAt: Infinity } : undefined;
    if (challenge.scheme !== 'bearer' || !challenge.params.realm) return undefined;
    const realm = new URL(challenge.params.realm);
    if (challenge.params.service) realm.searchParams.set('service', challenge.params.service);
    realm.searchParams.set('scope', challenge.params.scope ?? `repository:${ref.repository}:pull`);
    const res = await this.send('GET', realm.toString(), 'application/json', cred ? basicAuthorization(cred) : undefined, ref.registry);
    if (!res.ok) throw await httpError('GET', url, res);
    const body = jsonOf(await readBounded(res, 1024 * 1024, 'token response'), 'token response') as { token?: string; access_token?: string; expires_in?: number };
    const token = body.token ?? body.access_token;
    if (!token) throw new RegistryError('BadResponse', `GET ${realm.origin}${realm.pathname}: token response has no token`);
    return { authorization: `Bearer ${token}`, expiresAt: Date.now() + Math.max(30, (body.expires_in ?? 60) - 10) * 1000 };
  }
}

function isIndex(mediaType: string, json: unknown): boolean {
  const declared = (json as { mediaType?: string })?.mediaType ?? mediaType;
  if (declared === MediaTypes.ociIndex || declared === MediaTypes.dockerList) return true;
  return Array.isArray((json as { manifests?: unknown })?.manifests);
}

function verify(bytes: Buffer, digest: string, what: string): void {
  if (!digest.startsWith('sha256:')) throw new RegistryError('DigestMismatch', `${what}: unsupported digest algorithm in ${digest}`);
  const got = `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
  if (got !== digest) throw new RegistryError('DigestMismatch', `${what}: content has digest ${got}`);
}

async function readBounded(res: Response, max: number, what: string): Promise<Buffer> {
  const declared = Number(res.headers.get('content-length') ?? '0');
  if (declared > max) {
    await res.body?.cancel();
    throw new RegistryError('BadResponse', `${what}: ${declared} bytes, more than the ${max} allowed`);
  }
  const buf = Buffer.from(await res.arrayBuffer());
  if (buf.length > max) throw new RegistryError('BadResponse', `${what}: more than the ${max} bytes allowed`);
  return buf;
}

function jsonOf(bytes: Buffer, what: string): unknown {
  try {
    return JSON.parse(bytes.toString('utf8'));
  } catch (e) {
    throw new RegistryError('BadResponse', `${what}: expected JSON (${(e as Error).message})`);
  }
}

function parse<T>(schema: { safeParse(v: unknown): { success: true; data: T } | { success: false; error: { issues: Array<{ path: PropertyKey[]; message: string }> } } }, v: unknown, what: string): T {
  const r = schema.safeParse(v);
  if (r.success) return r.data;
  const issue = r.error.issues[0]!;
  throw new RegistryError('BadResponse', `${what}: ${issue.path.map(String).join('.') || '(root)'}: ${issue.message}`);
}

/** `GET <url>: MANIFEST_UNKNOWN: manifest unknown; …` — the registry's own error, as go-containerregistry words it. */
async function httpError(method: string, url: string, res: Response): Promise<RegistryError> {
  let text = '';
  try {
    text = (await readBounded(res, 64 * 1024, 'error body')).toString('utf8');
  } catch {
    // the status alone has to do
  }
  let detail = '';
  try {
    const errors = (JSON.parse(text) as { errors?: Array<{ code?: string; message?: string; detail?: unknown }> }).errors ?? [];
    detail = errors.map((e) => `${e.code ?? 'UNKNOWN'}: ${e.message ?? ''}${e.detail ? `; ${typeof e.detail === 'string' ? e.detail : JSON.stringify(e.detail)}` : ''}`).join('; ');
  } catch {
    // not the registry's JSON error document
  }
  if (!detail) detail = `unexpected status code ${res.status} ${res.statusText}${text && text.length < 200 ? `: ${text.trim()}` : ''}`;
  const code = res.status === 401 || res.status === 403 ? 'Unauthorized' : res.status === 404 ? 'NotFound' : 'BadResponse';
  return new RegistryError(code, `${method} ${url}: ${detail}`, res.status);
}
