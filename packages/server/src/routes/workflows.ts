/**
 * WorkflowService: list, get, create, delete, lint and submit (from a
 * WorkflowTemplate, ClusterWorkflowTemplate or CronWorkflow).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ApiError } from '../errors.js';
import { applyFields } from '../fields.js';
import { Kinds } from '../kube/resources.js';
import { body, bool, callerOf, param, query, type RouteContext } from './context.js';
import { createObject, deleteObject, dryRunOf, getObject, listObjects, prepare, type Obj } from './crud.js';
import { workflowFromResource, type SubmitOptions } from './submit.js';

export function workflowRoutes(app: FastifyInstance, ctx: RouteContext): void {
  const list = async (ns: string | undefined, req: FastifyRequest) => {
    const { kube } = callerOf(ctx, req);
    const out = await listObjects(kube, Kinds.workflows, ns ?? ctx.managedNamespace, req.query as Obj);
    return applyFields(out, query(req, 'fields'));
  };
  app.get('/api/v1/workflows/', async (req) => list(undefined, req));
  app.get('/api/v1/workflows/:namespace', async (req) => list(param(req, 'namespace'), req));

  app.get('/api/v1/workflows/:namespace/:name', async (req) => {
    const { kube } = callerOf(ctx, req);
    const wf = await getObject(kube, Kinds.workflows, param(req, 'namespace'), param(req, 'name'), query(req, 'getOptions.resourceVersion'));
    return applyFields(wf, query(req, 'fields'));
  });

  app.post('/api/v1/workflows/:namespace', async (req) => {
    const { kube } = callerOf(ctx, req);
    const ns = param(req, 'namespace');
    const b = body<{ workflow?: Obj; serverDryRun?: boolean; createOptions?: Obj }>(req);
    const wf = await prepare(kube, Kinds.workflows, ns, b.workflow, 'workflow');
    return createObject(kube, Kinds.workflows, ns, wf, { dryRun: dryRunOf(b.createOptions, b.serverDryRun) });
  });

  app.post('/api/v1/workflows/:namespace/lint', async (req) => {
    const { kube } = callerOf(ctx, req);
    const ns = param(req, 'namespace');
    return prepare(kube, Kinds.workflows, ns, body<{ workflow?: Obj }>(req).workflow, 'workflow');
  });

  app.delete('/api/v1/workflows/:namespace/:name', async (req) => {
    const { kube } = callerOf(ctx, req);
    const ns = param(req, 'namespace');
    const name = param(req, 'name');
    if (bool(query(req, 'force'))) {
      // Argo's force removes the controller's finalizers so the delete does not wait for artifact GC.
      await kube.json('PATCH', `/apis/argoproj.io/v1alpha1/namespaces/${encodeURIComponent(ns)}/workflows/${encodeURIComponent(name)}`, {
        body: { metadata: { finalizers: null } }, contentType: 'application/merge-patch+json',
      }).catch(() => undefined);
    }
    await deleteObject(kube, Kinds.workflows, ns, name, req.query as Obj);
    return {};
  });

  app.post('/api/v1/workflows/:namespace/submit', async (req) => {
    const { kube } = callerOf(ctx, req);
    const ns = param(req, 'namespace');
    const b = body<{ resourceKind?: string; resourceName?: string; submitOptions?: SubmitOptions }>(req);
    if (!b.resourceKind || !b.resourceName) throw new ApiError('InvalidArgument', 'resourceKind and resourceName are required');
    const wf = await workflowFromResource(kube, ns, b.resourceKind, b.resourceName, b.submitOptions ?? {});
    const ready = await prepare(kube, Kinds.workflows, ns, wf, 'workflow');
    const dryRun = b.submitOptions?.serverDryRun === true;
    if (b.submitOptions?.dryRun) return ready;
    return createObject(kube, Kinds.workflows, ns, ready, { dryRun });
  });
}
