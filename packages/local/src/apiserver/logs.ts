/**
 * `GET pods/<name>/log`: the API server checks the pod and container, then
 * streams whatever the PodLogSource (the kubelet's log files) returns.
 */
import type { ServerResponse } from 'node:http';
import { ApiError, notFound } from '../store/errors.js';
import type { ApiContext } from './context.js';
import { PODS } from './registry.js';

export interface PodLogOptions {
  follow: boolean;
  tailLines?: number;
  timestamps: boolean;
  sinceSeconds?: number;
  /** Aborted when the client goes away. */
  signal: AbortSignal;
}

/** Implemented by the kubelet over its log files. */
export interface PodLogSource {
  /** The container's log as a stream, or null when there is none (yet). */
  open(namespace: string, pod: string, container: string, opts: PodLogOptions): Promise<NodeJS.ReadableStream | null>;
}

function intParam(query: URLSearchParams, name: string): number | undefined {
  const v = query.get(name);
  if (v === null || v === '') return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new ApiError('BadRequest', `${name} must be a non-negative integer (got "${v}")`);
  return n;
}

function containerNames(pod: Record<string, unknown>): string[] {
  const spec = (pod.spec ?? {}) as Record<string, Array<{ name: string }> | undefined>;
  return [...(spec.initContainers ?? []), ...(spec.containers ?? []), ...(spec.ephemeralContainers ?? [])].map((c) => c.name);
}

export async function servePodLog(ctx: ApiContext, namespace: string, name: string, query: URLSearchParams, res: ServerResponse): Promise<number> {
  const pod = ctx.store.get(PODS.key, namespace, name);
  if (!pod) throw notFound('pods', '', name);
  const names = containerNames(pod);
  const spec = (pod.spec ?? {}) as { containers?: Array<{ name: string }> };
  let container = query.get('container') ?? '';
  if (!container) {
    const main = spec.containers ?? [];
    if (main.length !== 1) {
      throw new ApiError('BadRequest', `a container name must be specified for pod ${name}, choose one of: [${main.map((c) => c.name).join(' ')}]`);
    }
    container = main[0]!.name;
  }
  if (!names.includes(container)) throw new ApiError('BadRequest', `container ${container} is not valid for pod ${name}`);
  if (query.get('previous') === 'true') {
    // The local kubelet never restarts containers, so there is no previous instance.
    throw new ApiError('BadRequest', `previous terminated container "${container}" in pod "${name}" not found`);
  }
  const limitBytes = intParam(query, 'limitBytes');
  const abort = new AbortController();
  res.on('close', () => abort.abort());
  const opts: PodLogOptions = {
    follow: query.get('follow') === 'true',
    tailLines: intParam(query, 'tailLines'),
    timestamps: query.get('timestamps') === 'true',
    sinceSeconds: intParam(query, 'sinceSeconds'),
    signal: abort.signal,
  };
  const stream = ctx.logs ? await ctx.logs.open(namespace, name, container, opts) : null;
  if (!stream) throw new ApiError('BadRequest', `container "${container}" in pod "${name}" is waiting to start: no logs yet`);
  res.writeHead(200, { 'Content-Type': 'text/plain' });
  res.flushHeaders();
  let budget = limitBytes ?? Number.POSITIVE_INFINITY;
  await new Promise<void>((resolve) => {
    stream.on('data', (data: Buffer | string) => {
      const chunk = typeof data === 'string' ? Buffer.from(data) : data;
      if (chunk.length >= budget) {
        res.write(chunk.subarray(0, budget));
        abort.abort();
        return;
      }
      budget -= chunk.length;
      if (!res.write(chunk)) {
        stream.pause();
        res.once('drain', () => stream.resume());
      }
    });
    stream.on('end', () => resolve());
    stream.on('error', () => resolve());
    abort.signal.addEventListener('abort', () => resolve());
  });
  res.end();
  return 200;
}
