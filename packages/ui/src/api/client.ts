/**
 * Calls to Argo Server's REST API (paths and bodies as in Argo's
 * swagger.json). Errors come back as grpc-gateway's `{code, message}` and
 * are thrown as ApiError carrying that message.
 */
import type { WatchEvent, Workflow, WorkflowTemplate } from '../model/types';
import type { WorkflowAction } from '../model/actions';
import { NdjsonDecoder } from './ndjson';

export class ApiError extends Error {
  constructor(readonly status: number, readonly code: number | undefined, message: string) {
    super(message);
  }
}

const TOKEN_KEY = 'argo-ts.token';

/** The bearer token the user gave (auth-mode client); also set as Argo's `authorization` cookie so artifact links carry it. */
export function setToken(token: string): void {
  const value = token.trim() ? (token.trim().startsWith('Bearer ') ? token.trim() : `Bearer ${token.trim()}`) : '';
  if (value) localStorage.setItem(TOKEN_KEY, value);
  else localStorage.removeItem(TOKEN_KEY);
  document.cookie = `authorization=${encodeURIComponent(value)}; path=/; SameSite=Strict${value ? '' : '; max-age=0'}`;
}

function headers(extra: Record<string, string> = {}): Record<string, string> {
  const token = globalThis.localStorage?.getItem(TOKEN_KEY);
  return { ...(token ? { Authorization: token } : {}), ...extra };
}

async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(path, {
    method,
    headers: headers(body === undefined ? {} : { 'Content-Type': 'application/json' }),
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : {};
  } catch {
    parsed = undefined;
  }
  if (!res.ok) {
    const e = parsed as { code?: number; message?: string } | undefined;
    const message = e?.message || `${method} ${path}: HTTP ${res.status} ${text.slice(0, 200)}`;
    throw new ApiError(res.status, e?.code, res.status === 401 ? `${message} (give a token under "Token" at the top right)` : message);
  }
  if (parsed === undefined) throw new ApiError(res.status, undefined, `${method} ${path}: the answer is not JSON`);
  return parsed as T;
}

const seg = encodeURIComponent;

/** Fields the list page needs (Argo's UI asks for the same subset). */
const LIST_FIELDS = [
  'metadata', 'items.metadata.name', 'items.metadata.namespace', 'items.metadata.uid', 'items.metadata.creationTimestamp',
  'items.metadata.resourceVersion', 'items.metadata.labels', 'items.spec.suspend', 'items.status.phase', 'items.status.message',
  'items.status.startedAt', 'items.status.finishedAt', 'items.status.progress', 'items.status.estimatedDuration',
].join(',');

export interface WorkflowList { items?: Workflow[] | null; metadata?: { resourceVersion?: string } }

export const api = {
  listWorkflows: (ns: string) => request<WorkflowList>('GET', `/api/v1/workflows/${seg(ns)}?fields=${seg(LIST_FIELDS)}`),
  getWorkflow: (ns: string, name: string) => request<Workflow>('GET', `/api/v1/workflows/${seg(ns)}/${seg(name)}`),
  createWorkflow: (ns: string, workflow: unknown) => request<Workflow>('POST', `/api/v1/workflows/${seg(ns)}`, { namespace: ns, workflow }),
  submitFromTemplate: (ns: string, template: string, parameters: string[], entryPoint?: string) =>
    request<Workflow>('POST', `/api/v1/workflows/${seg(ns)}/submit`, {
      namespace: ns, resourceKind: 'WorkflowTemplate', resourceName: template,
      submitOptions: { parameters, ...(entryPoint ? { entryPoint } : {}) },
    }),
  listTemplates: (ns: string) => request<{ items?: WorkflowTemplate[] | null }>('GET', `/api/v1/workflow-templates/${seg(ns)}`),
  action: (ns: string, name: string, action: WorkflowAction) =>
    request<Workflow>('PUT', `/api/v1/workflows/${seg(ns)}/${seg(name)}/${action}`, { namespace: ns, name }),
};

export const streams = {
  /** Watch of a namespace's workflows, or of one (`name`). */
  workflowEvents: (ns: string, name?: string) => {
    const q = new URLSearchParams();
    if (name) q.set('listOptions.fieldSelector', `metadata.name=${name}`);
    return `/api/v1/workflow-events/${seg(ns)}${q.size ? `?${q}` : ''}`;
  },
  /** A pod's main container log, followed. */
  podLog: (ns: string, workflow: string, pod: string) => {
    const q = new URLSearchParams({ podName: pod, 'logOptions.container': 'main', 'logOptions.follow': 'true' });
    return `/api/v1/workflows/${seg(ns)}/${seg(workflow)}/log?${q}`;
  },
};

export type { WatchEvent };

export interface StreamHandlers<T> {
  onResult(result: T): void;
  onError?(message: string): void;
  /** The stream opened (again). */
  onOpen?(): void;
}

/**
 * Reads a stream until `signal` aborts. When it ends or fails it is opened
 * again after a pause (1 s, doubling to 10 s), as Argo's UI reconnects its
 * watches; `reconnect: false` reads it once (a finished pod's log).
 */
export async function followStream<T>(path: string, h: StreamHandlers<T>, signal: AbortSignal, reconnect = true, firstPauseMs = 1000): Promise<void> {
  let pause = firstPauseMs;
  while (!signal.aborted) {
    try {
      const res = await fetch(path, { headers: headers({ Accept: 'application/json' }), signal });
      if (!res.ok || !res.body) {
        const text = await res.text().catch(() => '');
        let message = `HTTP ${res.status}`;
        try { message = (JSON.parse(text) as { message?: string }).message || message; } catch { /* not JSON: keep the status */ }
        h.onError?.(message);
      } else {
        h.onOpen?.();
        pause = firstPauseMs;
        const decoder = new NdjsonDecoder<T>();
        const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
        for (;;) {
          const { value, done } = await reader.read();
          const messages = done ? decoder.end() : decoder.push(value);
          for (const m of messages) {
            if ('result' in m) h.onResult(m.result);
            else h.onError?.(m.error.message);
          }
          if (done) break;
        }
      }
    } catch (e) {
      if (signal.aborted) return;
      h.onError?.(e instanceof Error ? e.message : String(e));
    }
    if (!reconnect || signal.aborted) return;
    await new Promise((r) => setTimeout(r, pause));
    pause = Math.min(pause * 2, 10_000);
  }
}
