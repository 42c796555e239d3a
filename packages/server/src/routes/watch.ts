/**
 * Watch streams: `/api/v1/workflow-events/{ns}` (WorkflowWatchEvent:
 * `{type, object}` per workflow change) and `/api/v1/stream/events/{ns}`
 * (Kubernetes Events). Each Kubernetes watch event is forwarded as soon as it
 * arrives; when the API server ends its watch (it does every few minutes) the
 * stream goes on from the last resourceVersion, so a client sees one
 * unbroken stream until it leaves or its `listOptions.timeoutSeconds` ends.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { asApiError } from '../errors.js';
import { applyFields } from '../fields.js';
import type { Kube } from '../kube/client.js';
import { Kinds, listQuery, pathFor, type ResourceRef } from '../kube/resources.js';
import { ResultStream } from '../stream.js';
import { callerOf, query, type RouteContext } from './context.js';
import { readable, type Obj } from './crud.js';

interface WatchSpec {
  kube: Kube;
  r: ResourceRef;
  ns: string | undefined;
  q: Record<string, unknown>;
  /** What to send for one event; undefined skips it. */
  toResult: (type: string, object: Obj) => unknown;
  /** Argo's `fields`, relative to the whole message (`result.object.metadata.name`). */
  fields?: string;
}

async function pump(stream: ResultStream, w: WatchSpec): Promise<void> {
  const lq = listQuery(w.q);
  let rv = lq.resourceVersion;
  const timeout = lq.timeoutSeconds ? Number(lq.timeoutSeconds) : undefined;
  const deadline = timeout ? Date.now() + timeout * 1000 : undefined;
  if (deadline) setTimeout(() => stream.end(), timeout! * 1000).unref();
  while (!stream.signal.aborted) {
    const started = Date.now();
    const remaining = deadline ? Math.max(1, Math.ceil((deadline - Date.now()) / 1000)) : undefined;
    // Until the first watch is accepted, an error keeps its HTTP status; after that it travels in the stream.
    const events = await w.kube.watch<Obj>(pathFor(w.r, w.ns), {
      labelSelector: lq.labelSelector, fieldSelector: lq.fieldSelector, resourceVersion: rv,
      allowWatchBookmarks: 'true', timeoutSeconds: remaining,
    }, stream.signal);
    stream.start();
    for await (const ev of events) {
      const evRv = ev.object?.metadata?.resourceVersion as string | undefined;
      if (evRv) rv = evRv;
      if (ev.type === 'BOOKMARK') continue;
      const result = w.toResult(ev.type, ev.object);
      if (result !== undefined) stream.message(applyFields({ result }, w.fields));
    }
    if (deadline && Date.now() >= deadline) break;
    // An API server that ends watches at once must not turn this into a busy loop.
    if (Date.now() - started < 1000) await new Promise((r) => setTimeout(r, 500));
  }
  stream.end();
}

async function serveWatch(req: FastifyRequest, reply: FastifyReply, w: WatchSpec): Promise<void> {
  const stream = new ResultStream(req.raw, reply.raw);
  reply.hijack();
  try {
    await pump(stream, w);
  } catch (e) {
    const err = asApiError(e);
    if (reply.raw.headersSent) { stream.fail(err); return; }
    reply.raw.writeHead(err.httpStatus, { 'Content-Type': 'application/json' });
    reply.raw.end(JSON.stringify(err.body()));
  }
}

export function watchRoutes(app: FastifyInstance, ctx: RouteContext): void {
  const workflows = async (ns: string | undefined, req: FastifyRequest, reply: FastifyReply) => {
    const { kube } = callerOf(ctx, req);
    const fields = query(req, 'fields');
    await serveWatch(req, reply, {
      kube, r: Kinds.workflows, ns: ns ?? ctx.managedNamespace, q: req.query as Obj, fields,
      toResult: (type, object) => ({ type, object: readable({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Workflow', ...object }) }),
    });
  };
  app.get('/api/v1/workflow-events/', async (req, reply) => workflows(undefined, req, reply));
  app.get('/api/v1/workflow-events/:namespace', async (req, reply) => workflows((req.params as Obj).namespace, req, reply));

  const events = async (ns: string | undefined, req: FastifyRequest, reply: FastifyReply) => {
    const { kube } = callerOf(ctx, req);
    await serveWatch(req, reply, {
      kube, r: Kinds.events, ns: ns ?? ctx.managedNamespace, q: req.query as Obj,
      toResult: (type, object) => (type === 'DELETED' ? undefined : { apiVersion: 'v1', kind: 'Event', ...object }),
    });
  };
  app.get('/api/v1/stream/events/', async (req, reply) => events(undefined, req, reply));
  app.get('/api/v1/stream/events/:namespace', async (req, reply) => events((req.params as Obj).namespace, req, reply));
}

