/**
 * WorkflowTemplateService, ClusterWorkflowTemplateService and
 * CronWorkflowService: list, get, create, update, delete, lint, and a cron
 * workflow's suspend/resume.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Kinds, pathFor, type ResourceRef } from '../kube/resources.js';
import { body, callerOf, param, query, type RouteContext } from './context.js';
import { createObject, deleteObject, dryRunOf, getObject, listObjects, prepare, updateObject, type Obj } from './crud.js';

interface Service {
  base: string;
  r: ResourceRef;
  /** The body field holding the object (`template`, `cronWorkflow`). */
  field: string;
}

function serve(app: FastifyInstance, ctx: RouteContext, s: Service): void {
  const namespaced = s.r.namespaced;
  const prefix = namespaced ? `${s.base}/:namespace` : s.base;
  const nsOf = (req: FastifyRequest) => (namespaced ? param(req, 'namespace') : undefined);
  const objOf = (req: FastifyRequest) => body<Obj>(req)[s.field];

  app.get(prefix, async (req) => listObjects(callerOf(ctx, req).kube, s.r, nsOf(req), req.query as Obj));
  app.get(`${prefix}/:name`, async (req) => getObject(callerOf(ctx, req).kube, s.r, nsOf(req), param(req, 'name'), query(req, 'getOptions.resourceVersion')));
  app.post(prefix, async (req) => {
    const { kube } = callerOf(ctx, req);
    const o = await prepare(kube, s.r, nsOf(req), objOf(req), s.field);
    return createObject(kube, s.r, nsOf(req), o, { dryRun: dryRunOf(body<Obj>(req).createOptions) });
  });
  app.post(`${prefix}/lint`, async (req) => prepare(callerOf(ctx, req).kube, s.r, nsOf(req), objOf(req), s.field));
  app.put(`${prefix}/:name`, async (req) => {
    const { kube } = callerOf(ctx, req);
    const o = await prepare(kube, s.r, nsOf(req), objOf(req), s.field);
    return updateObject(kube, s.r, nsOf(req), param(req, 'name'), o);
  });
  app.delete(`${prefix}/:name`, async (req) => {
    await deleteObject(callerOf(ctx, req).kube, s.r, nsOf(req), param(req, 'name'), req.query as Obj);
    return {};
  });
}

export function templateRoutes(app: FastifyInstance, ctx: RouteContext): void {
  serve(app, ctx, { base: '/api/v1/workflow-templates', r: Kinds.workflowTemplates, field: 'template' });
  serve(app, ctx, { base: '/api/v1/cluster-workflow-templates', r: Kinds.clusterWorkflowTemplates, field: 'template' });
  serve(app, ctx, { base: '/api/v1/cron-workflows', r: Kinds.cronWorkflows, field: 'cronWorkflow' });

  for (const [verb, suspend] of [['suspend', true], ['resume', false]] as const) {
    app.put(`/api/v1/cron-workflows/:namespace/:name/${verb}`, async (req) => {
      const { kube } = callerOf(ctx, req);
      const ns = param(req, 'namespace');
      const name = param(req, 'name');
      await kube.json('PATCH', pathFor(Kinds.cronWorkflows, ns, name), { body: { spec: { suspend } }, contentType: 'application/merge-patch+json' });
      return getObject(kube, Kinds.cronWorkflows, ns, name);
    });
  }
}
