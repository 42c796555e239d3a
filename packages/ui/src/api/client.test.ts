import { afterEach, describe, expect, it, jest } from '@jest/globals';
import { api, ApiError, followStream, streams } from './client';

const realFetch = globalThis.fetch;
afterEach(() => { globalThis.fetch = realFetch; });

/** A streamed response that sends `chunks` and ends. */
function streamed(chunks: string[]): Response {
  const body = new ReadableStream<Uint8Array>({
    start(c) {
      for (const ch of chunks) c.enqueue(new TextEncoder().encode(ch));
      c.close();
    },
  });
  return new Response(body, { status: 200 });
}

describe('followStream', () => {
  it('delivers each result, reopens the stream when it ends, and stops on abort', async () => {
    const abort = new AbortController();
    const calls: string[] = [];
    const seen: number[] = [];
    let opens = 0;
    globalThis.fetch = jest.fn(async (url: string | URL | Request) => {
      calls.push(String(url));
      return calls.length === 1 ? streamed(['{"result":{"n":1}}\n{"res', 'ult":{"n":2}}\n']) : streamed(['{"result":{"n":3}}\n']);
    }) as typeof fetch;
    await followStream<{ n: number }>('/s', {
      onOpen: () => { opens++; },
      onResult: (r) => { seen.push(r.n); if (r.n === 3) abort.abort(); },
    }, abort.signal, true, 5);
    expect(seen).toEqual([1, 2, 3]);
    expect(opens).toBe(2);
    expect(calls).toEqual(['/s', '/s']);
  });

  it('reports a refused stream by its grpc-gateway message and reads once when not reconnecting', async () => {
    const errors: string[] = [];
    globalThis.fetch = jest.fn(async () => new Response('{"code":16,"message":"token not found"}', { status: 401 })) as typeof fetch;
    await followStream('/s', { onResult: () => undefined, onError: (m) => errors.push(m) }, new AbortController().signal, false);
    expect(errors).toEqual(['token not found']);
    expect(globalThis.fetch).toHaveBeenCalledTimes(1);
  });
});

describe('api', () => {
  it('throws the server\'s message as an ApiError with code and status', async () => {
    globalThis.fetch = jest.fn(async () => new Response('{"code":5,"message":"workflows.argoproj.io \\"nope\\" not found"}', { status: 404 })) as typeof fetch;
    const err = await api.getWorkflow('ns', 'nope').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ status: 404, code: 5, message: 'workflows.argoproj.io "nope" not found' });
  });

  it('sends Argo\'s request bodies for create and actions', async () => {
    const bodies: Array<[string, string, unknown]> = [];
    globalThis.fetch = jest.fn(async (url: string | URL | Request, init?: RequestInit) => {
      bodies.push([init?.method ?? 'GET', String(url), JSON.parse(String(init?.body))]);
      return new Response('{"metadata":{"name":"w"}}', { status: 200 });
    }) as typeof fetch;
    await api.createWorkflow('ns', { metadata: { generateName: 'x-' } });
    await api.action('ns', 'w', 'retry');
    await api.submitFromTemplate('ns', 'tmpl', ['a=1']);
    expect(bodies).toEqual([
      ['POST', '/api/v1/workflows/ns', { namespace: 'ns', workflow: { metadata: { generateName: 'x-' } } }],
      ['PUT', '/api/v1/workflows/ns/w/retry', { namespace: 'ns', name: 'w' }],
      ['POST', '/api/v1/workflows/ns/submit', { namespace: 'ns', resourceKind: 'WorkflowTemplate', resourceName: 'tmpl', submitOptions: { parameters: ['a=1'] } }],
    ]);
  });

  it('builds the watch and log stream paths', () => {
    expect(streams.workflowEvents('ns', 'w')).toBe('/api/v1/workflow-events/ns?listOptions.fieldSelector=metadata.name%3Dw');
    expect(streams.workflowEvents('ns')).toBe('/api/v1/workflow-events/ns');
    expect(streams.podLog('ns', 'w', 'w-main-1')).toBe('/api/v1/workflows/ns/w/log?podName=w-main-1&logOptions.container=main&logOptions.follow=true');
  });
});
