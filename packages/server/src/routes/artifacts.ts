/**
 * Artifact downloads, as Argo's artifact server serves them:
 * `/artifacts/{ns}/{name}/{nodeId}/{artifactName}` (outputs),
 * `/input-artifacts/...` and the by-uid forms. The location recorded in the
 * node's status is opened with the executor's artifact drivers and streamed
 * to the caller, never held in memory. Credentials (secrets named by the
 * location) are read as the caller, so client mode needs the right to read them.
 * Errors are plain text with the HTTP status, as Argo's artifact server writes them.
 */
import { basename } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { completeFromRepository, driverFor, type Artifact } from '@argo-ts/executor';
import { ApiError, asApiError } from '../errors.js';
import type { Kube } from '../kube/client.js';
import { Kinds, pathFor } from '../kube/resources.js';
import { callerOf, param, type RouteContext } from './context.js';
import { getObject, readable, type Obj } from './crud.js';

type Direction = 'outputs' | 'inputs';

async function workflowByUid(kube: Kube, uid: string, ns: string | undefined): Promise<Obj> {
  const list = await kube.get<{ items?: Obj[] }>(pathFor(Kinds.workflows, ns));
  const wf = (list.items ?? []).find((w) => w.metadata?.uid === uid);
  if (!wf) throw new ApiError('NotFound', `no workflow with uid ${uid}`);
  return readable(wf);
}

function artifactOf(wf: Obj, nodeId: string, name: string, dir: Direction): Artifact {
  const node = wf.status?.nodes?.[nodeId] as Obj | undefined;
  if (!node) throw new ApiError('NotFound', `workflow ${wf.metadata?.name} has no node ${nodeId}`);
  const art = (node[dir]?.artifacts as Obj[] | undefined)?.find((a) => a.name === name);
  if (!art) throw new ApiError('NotFound', `node ${nodeId} has no ${dir === 'outputs' ? 'output' : 'input'} artifact ${name}`);
  // A key-only location is completed from the repository the workflow ran with.
  const repo = wf.status?.artifactRepositoryRef?.artifactRepository as Obj | undefined;
  return completeFromRepository(art as Artifact, repo as never);
}

function secretReader(kube: Kube, ns: string): (ref: { name: string; key: string }) => Promise<string> {
  return async (ref) => {
    const s = await kube.get<{ data?: Record<string, string> }>(pathFor(Kinds.secrets, ns, ref.name));
    const v = s.data?.[ref.key];
    if (v === undefined) throw new ApiError('NotFound', `secret ${ns}/${ref.name} has no key ${ref.key}`);
    return Buffer.from(v, 'base64').toString('utf8');
  };
}

function fileName(art: Artifact): string {
  const loc = (['s3', 'http', 'git', 'raw'] as const).map((k) => (art as Obj)[k]).find(Boolean) as Obj | undefined;
  const key = typeof loc?.key === 'string' ? loc.key : typeof loc?.url === 'string' ? new URL(loc.url).pathname : '';
  return basename(key) || art.name;
}

async function send(kube: Kube, wf: Obj, req: FastifyRequest, reply: FastifyReply, dir: Direction): Promise<void> {
  const art = artifactOf(wf, param(req, 'nodeId'), param(req, 'artifactName'), dir);
  const ac = new AbortController();
  req.raw.on('close', () => ac.abort());
  const driver = driverFor(art, { getSecret: secretReader(kube, String(wf.metadata?.namespace)), signal: ac.signal });
  const body = await driver.openStream(art);
  const name = fileName(art).replace(/["\\\r\n]/g, '_');
  reply.hijack();
  reply.raw.writeHead(200, {
    'Content-Type': /\.(log|txt)$/.test(name) ? 'text/plain; charset=utf-8' : 'application/octet-stream',
    'Content-Disposition': `attachment; filename="${name}"`,
  });
  await pipeline(body, reply.raw).catch(() => reply.raw.destroy());
}

async function serve(req: FastifyRequest, reply: FastifyReply, ctx: RouteContext, dir: Direction, byUid: boolean): Promise<void> {
  try {
    const { kube } = callerOf(ctx, req);
    const wf = byUid
      ? await workflowByUid(kube, param(req, 'uid'), ctx.managedNamespace)
      : await getObject(kube, Kinds.workflows, param(req, 'namespace'), param(req, 'name'));
    await send(kube, wf, req, reply, dir);
  } catch (e) {
    if (reply.raw.headersSent) { reply.raw.destroy(); return; }
    const err = asApiError(e);
    const status = (e as { code?: string }).code === 'ArtifactUnsupported' ? 501 : (e as { name?: string }).name === 'ExecutorError' ? 500 : err.httpStatus;
    reply.hijack();
    reply.raw.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' });
    reply.raw.end(`${err.message}\n`);
  }
}

export function artifactRoutes(app: FastifyInstance, ctx: RouteContext): void {
  app.get('/artifacts/:namespace/:name/:nodeId/:artifactName', (req, reply) => serve(req, reply, ctx, 'outputs', false));
  app.get('/input-artifacts/:namespace/:name/:nodeId/:artifactName', (req, reply) => serve(req, reply, ctx, 'inputs', false));
  app.get('/artifacts-by-uid/:uid/:nodeId/:artifactName', (req, reply) => serve(req, reply, ctx, 'outputs', true));
  app.get('/input-artifacts-by-uid/:uid/:nodeId/:artifactName', (req, reply) => serve(req, reply, ctx, 'inputs', true));
}
