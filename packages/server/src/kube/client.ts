/**
 * The Kubernetes calls one API request makes, as one identity: the server's
 * own account (auth mode `server`) or the caller's bearer token (`client`).
 * Requests go through the controller's RestKubeApi; answers are read here so
 * that the API server's Status message reaches the caller unchanged.
 */
import type { IncomingMessage } from 'node:http';
import { createInterface } from 'node:readline';
import type { RestKubeApi } from '@argo-ts/controller';
import { ApiError, kubeError, readText } from '../errors.js';

export type Query = Record<string, string | number | undefined>;

export interface WatchEvent<T = Record<string, unknown>> { type: string; object: T }

export class Kube {
  constructor(private readonly api: RestKubeApi) {}

  private async open(method: string, path: string, opts: { query?: Query; body?: unknown; contentType?: string; signal?: AbortSignal } = {}): Promise<IncomingMessage> {
    try {
      return await this.api.open(method, path, opts);
    } catch (e) {
      if (opts.signal?.aborted) throw new ApiError('Canceled', 'request cancelled');
      throw new ApiError('Unavailable', `cannot reach the Kubernetes API: ${(e as Error).message}`, true);
    }
  }

  async json<T>(method: string, path: string, opts: { query?: Query; body?: unknown; contentType?: string } = {}): Promise<T> {
    const res = await this.open(method, path, opts);
    const status = res.statusCode ?? 0;
    if (status < 200 || status >= 300) throw await kubeError(res, `${method} ${path}`);
    const text = await readText(res);
    try {
      return (text ? JSON.parse(text) : {}) as T;
    } catch {
      throw new ApiError('Internal', `${method} ${path}: the Kubernetes API answered something that is not JSON`, true);
    }
  }

  get<T>(path: string, query?: Query): Promise<T> {
    return this.json<T>('GET', path, { query });
  }

  /** A streaming GET (pod logs); the caller reads the body. */
  async stream(path: string, query: Query, signal?: AbortSignal): Promise<IncomingMessage> {
    const res = await this.open('GET', path, { query, signal });
    const status = res.statusCode ?? 0;
    if (status < 200 || status >= 300) throw await kubeError(res, `GET ${path}`);
    return res;
  }

  /**
   * Opens a watch: resolves once the API server has accepted it (an error
   * status rejects), then yields events until the API server ends the watch
   * or `signal` aborts. An ERROR event ends the iteration with its Status.
   */
  async watch<T = Record<string, unknown>>(path: string, query: Query, signal: AbortSignal): Promise<AsyncGenerator<WatchEvent<T>>> {
    const res = await this.stream(path, { ...query, watch: 'true' }, signal);
    return events<T>(res, signal);
  }
}

async function* events<T>(res: IncomingMessage, signal: AbortSignal): AsyncGenerator<WatchEvent<T>> {
  // A stream cut on purpose (the client left) errors with 'aborted': the loop below ends either way.
  res.on('error', () => undefined);
  const lines = createInterface({ input: res, crlfDelay: Infinity });
  const stop = (): void => { res.destroy(); };
  signal.addEventListener('abort', stop, { once: true });
  try {
    for await (const line of lines) {
      if (!line.trim()) continue;
      let ev: WatchEvent<T>;
      try { ev = JSON.parse(line) as WatchEvent<T>; } catch { continue; }
      if (ev.type === 'ERROR') {
        const s = ev.object as { code?: number; message?: string };
        throw new ApiError(s.code === 410 ? 'FailedPrecondition' : 'Internal', s.message ?? 'watch error');
      }
      yield ev;
    }
  } catch (e) {
    if (signal.aborted) return;
    throw e;
  } finally {
    signal.removeEventListener('abort', stop);
  }
}
