import { isWorkflowCompleted } from '@argo-ts/spec';
/**
 * Pod logs: `/api/v1/workflows/{ns}/{name}/log` (one pod with `podName`, else
 * every pod of the workflow, optionally narrowed by a label `selector`) and
 * the older `/api/v1/workflows/{ns}/{name}/{podName}/log`. Each line is a
 * LogEntry `{podName, content}`; `grep` keeps the lines that match (a regular
 * expression, as Argo's). With `logOptions.follow` pods that start later are
 * followed too.
 */
import { createInterface } from 'node:readline';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ApiError, asApiError } from '../errors.js';
import type { Kube } from '../kube/client.js';
import { Kinds, pathFor } from '../kube/resources.js';
import { ResultStream } from '../stream.js';
import { bool, callerOf, param, query, type RouteContext } from './context.js';
import type { Obj } from './crud.js';

const WORKFLOW_LABEL = 'workflows.argoproj.io/workflow';

interface LogRequest {
  kube: Kube;
  ns: string;
  workflow: string;
  container: string;
  follow: boolean;
  k8sQuery: Record<string, string | undefined>;
  grep?: RegExp;
}

function logQuery(req: FastifyRequest): Record<string, string | undefined> {
  const q = (name: string) => query(req, `logOptions.${name}`) || undefined;
  const sinceSeconds = q('sinceSeconds');
  const sinceTime = q('sinceTime.seconds');
  return {
    container: q('container') ?? 'main',
    follow: bool(q('follow')) ? 'true' : undefined,
    previous: bool(q('previous')) ? 'true' : undefined,
    timestamps: bool(q('timestamps')) ? 'true' : undefined,
    tailLines: q('tailLines'),
    limitBytes: q('limitBytes'),
    sinceSeconds,
    sinceTime: !sinceSeconds && sinceTime ? new Date(Number(sinceTime) * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z') : undefined,
  };
}

function grepOf(text: string | undefined): RegExp | undefined {
  if (!text) return undefined;
  try {
    return new RegExp(text);
  } catch (e) {
    throw new ApiError('InvalidArgument', `grep: not a regular expression: ${(e as Error).message}`);
  }
}

/** Streams one pod's log lines into `stream`; while following, waits for a container that has not started yet. */
async function podLog(stream: ResultStream, l: LogRequest, pod: string): Promise<void> {
  for (;;) {
    try {
      const res = await l.kube.stream(pathFor(Kinds.pods, l.ns, pod, 'log'), l.k8sQuery, stream.signal);
      stream.start();
      res.on('error', () => undefined);
      for await (const content of createInterface({ input: res, crlfDelay: Infinity })) {
        if (l.grep && !l.grep.test(content)) continue;
        stream.send({ podName: pod, content });
      }
      return;
    } catch (e) {
      const err = asApiError(e);
      // "container ... is waiting to start": retry while following.
      if (l.follow && err.code === 'InvalidArgument' && !stream.signal.aborted) {
        await new Promise((r) => setTimeout(r, 500));
        continue;
      }
      throw err;
    }
  }
}

async function workflowLogs(stream: ResultStream, l: LogRequest, selector: string | undefined): Promise<void> {
  // The workflow must exist: NotFound rather than an empty stream.
  await l.kube.get(pathFor(Kinds.workflows, l.ns, l.workflow));
  const labelSelector = [`${WORKFLOW_LABEL}=${l.workflow}`, selector].filter(Boolean).join(',');
  const list = await l.kube.get<{ items?: Obj[]; metadata?: Obj }>(pathFor(Kinds.pods, l.ns), { labelSelector });
  stream.start();
  const started = new Set<string>();
  const running: Array<Promise<void>> = [];
  const follow = (pod: string): void => {
    if (started.has(pod)) return;
    started.add(pod);
    running.push(podLog(stream, l, pod).catch((e) => { if (!stream.signal.aborted) stream.send({ podName: pod, content: `error: ${asApiError(e).message}` }); }));
  };
  const pods = (list.items ?? []).sort((a, b) => String(a.metadata?.creationTimestamp).localeCompare(String(b.metadata?.creationTimestamp)));
  for (const p of pods) follow(String(p.metadata?.name));
  if (l.follow) {
    // New pods are followed until the workflow completes (or the client leaves); then the open log streams run out.
    const until = new AbortController();
    const stop = (): void => until.abort();
    stream.signal.addEventListener('abort', stop, { once: true });
    const podEvents = await l.kube.watch<Obj>(pathFor(Kinds.pods, l.ns), { labelSelector, resourceVersion: list.metadata?.resourceVersion }, until.signal);
    const wfEvents = await l.kube.watch<Obj>(pathFor(Kinds.workflows, l.ns), { fieldSelector: `metadata.name=${l.workflow}` }, until.signal);
    const completed = (async () => {
      for await (const ev of wfEvents) if (isWorkflowCompleted(ev.object.status?.phase)) break;
    })().catch(() => undefined).finally(stop);
    for await (const ev of podEvents) if (ev.type === 'ADDED') follow(String(ev.object.metadata?.name));
    await completed;
    stream.signal.removeEventListener('abort', stop);
  }
  await Promise.all(running);
}

export function logRoutes(app: FastifyInstance, ctx: RouteContext): void {
  const serve = async (req: FastifyRequest, reply: FastifyReply, podName: string | undefined) => {
    const { kube } = callerOf(ctx, req);
    const l: LogRequest = {
      kube, ns: param(req, 'namespace'), workflow: param(req, 'name'), k8sQuery: logQuery(req),
      container: query(req, 'logOptions.container') || 'main', follow: bool(query(req, 'logOptions.follow')), grep: grepOf(query(req, 'grep')),
    };
    const stream = new ResultStream(req.raw, reply.raw);
    reply.hijack();
    try {
      if (podName) await podLog(stream, l, podName);
      else await workflowLogs(stream, l, query(req, 'selector'));
      stream.end();
    } catch (e) {
      const err = asApiError(e);
      if (reply.raw.headersSent) { stream.fail(err); return; }
      reply.raw.writeHead(err.httpStatus, { 'Content-Type': 'application/json' });
      reply.raw.end(JSON.stringify(err.body()));
    }
  };
  app.get('/api/v1/workflows/:namespace/:name/log', async (req, reply) => serve(req, reply, query(req, 'podName') || undefined));
  app.get('/api/v1/workflows/:namespace/:name/:podName/log', async (req, reply) => serve(req, reply, param(req, 'podName')));
}
