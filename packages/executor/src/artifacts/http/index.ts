import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { PassThrough, Readable } from 'node:stream';
import type { ReadableStream as WebReadable } from 'node:stream/web';
import { ExecutorError } from '../../errors.js';
import { withRetry } from '../../retry.js';
import type { Artifact, HttpLocation } from '../../template.js';
import { REMOTE_IDLE_TIMEOUT_MS, type ArtifactDriver, type DriverDeps, type DriverFactory } from '../driver.js';
import { streamToFile } from '../fsutil.js';
import { idleGuard } from '../idle.js';

function location(a: Artifact): HttpLocation {
  if (!a.http?.url) throw new ExecutorError('BadTemplate', `artifact "${a.name}": http.url is missing`);
  return a.http;
}

async function headers(loc: HttpLocation, deps: DriverDeps): Promise<Record<string, string>> {
  const h: Record<string, string> = {};
  for (const { name, value } of loc.headers ?? []) h[name] = value;
  const basic = loc.auth?.basicAuth;
  if (basic?.usernameSecret || basic?.passwordSecret) {
    const user = basic.usernameSecret ? await deps.getSecret(basic.usernameSecret) : '';
    const pass = basic.passwordSecret ? await deps.getSecret(basic.passwordSecret) : '';
    h.authorization = `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`;
  }
  return h;
}

/** Maps an HTTP status to an error: 404 not found, 5xx and 429 transient, the rest permanent. */
function statusError(a: Artifact, method: string, url: string, status: number, statusText: string): ExecutorError {
  const what = `artifact "${a.name}": ${method} ${url}: HTTP ${status} ${statusText}`.trim();
  if (status === 404) return new ExecutorError('ArtifactNotFound', what);
  return new ExecutorError(method === 'GET' ? 'ArtifactRead' : 'ArtifactWrite', what, { transient: status >= 500 || status === 429 });
}

/** One GET, not retried: callers retry the whole read so a broken stream is retried too. */
async function get(a: Artifact, deps: DriverDeps): Promise<Readable> {
  const loc = location(a);
  const guard = idleGuard(deps.timeoutMs ?? REMOTE_IDLE_TIMEOUT_MS, `artifact "${a.name}": GET ${loc.url}`, deps.signal);
  let res: Response;
  try {
    res = await fetch(loc.url, { headers: await headers(loc, deps), signal: guard.signal, redirect: 'follow' });
  } catch (err) {
    guard.done();
    throw guard.timeout() ?? err;
  }
  if (!res.ok || !res.body) {
    guard.done();
    await res.body?.cancel();
    throw statusError(a, 'GET', loc.url, res.status, res.statusText);
  }
  const body = Readable.fromWeb(res.body as unknown as WebReadable);
  // A body that stalls fails with the timeout, not a bare AbortError.
  const out = new PassThrough();
  body.on('data', () => guard.touch());
  body.on('error', (err) => { guard.done(); out.destroy(guard.timeout() ?? err); });
  body.on('end', () => guard.done());
  return body.pipe(out);
}

async function put(a: Artifact, deps: DriverDeps, open: () => Readable, size?: number): Promise<void> {
  const loc = location(a);
  await withRetry(async () => {
    const h = await headers(loc, deps);
    if (size !== undefined) h['content-length'] = String(size);
    const guard = idleGuard(deps.timeoutMs ?? REMOTE_IDLE_TIMEOUT_MS, `artifact "${a.name}": PUT ${loc.url}`, deps.signal);
    // The server taking bytes counts as activity; a server that stops reading or answering does not.
    const src = open();
    src.on('data', () => guard.touch());
    try {
      const res = await fetch(loc.url, {
        method: 'PUT', headers: h, signal: guard.signal,
        body: Readable.toWeb(src) as any, duplex: 'half',
      } as RequestInit);
      await res.body?.cancel();
      if (!res.ok) throw statusError(a, 'PUT', loc.url, res.status, res.statusText);
    } catch (err) {
      src.destroy();
      throw guard.timeout() ?? err;
    } finally {
      guard.done();
    }
  }, { what: `save artifact "${a.name}" to ${loc.url}`, signal: deps.signal });
}

/** HTTP(S) artifacts: GET to load, PUT to save (streamed both ways). */
export const httpDriver: DriverFactory = (deps): ArtifactDriver => ({
  async load(a, dest) {
    await withRetry(async () => streamToFile(await get(a, deps), dest), { what: `load artifact "${a.name}"`, signal: deps.signal });
  },
  openStream: (a) => withRetry(() => get(a, deps), { what: `read artifact "${a.name}"`, signal: deps.signal }),
  async save(src, a) {
    const st = await stat(src);
    if (st.isDirectory()) {
      throw new ExecutorError('ArtifactUnsupported', `artifact "${a.name}": http artifacts hold one file; ${src} is a directory (archive it)`);
    }
    await put(a, deps, () => createReadStream(src), st.size);
  },
  saveStream: (open, a) => put(a, deps, open),
  async list(a) {
    return [location(a).url];
  },
  async delete(a) {
    const loc = location(a);
    const res = await fetch(loc.url, { method: 'DELETE', headers: await headers(loc, deps), signal: deps.signal });
    await res.body?.cancel();
    if (!res.ok && res.status !== 404) throw statusError(a, 'DELETE', loc.url, res.status, res.statusText);
  },
  async isDirectory() {
    return false;
  },
});
