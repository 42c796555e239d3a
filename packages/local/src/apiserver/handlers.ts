/**
 * The verbs on one resource route: get, list/watch, create, update, patch,
 * delete, deletecollection, and the status and log subresources.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiError, notFound } from '../store/errors.js';
import type { KubeObject } from '../store/types.js';
import type { ApiContext } from './context.js';
import { deleteObject, parseDeleteOptions } from './delete.js';
import { checkJsonTextDepth, checkValueDepth } from './depth.js';
import { mediaType, readBody, readJson, sendJson, wantsTable } from './http.js';
import { listObjects, parseFilter } from './list.js';
import { servePodLog } from './logs.js';
import { createObject, updateObject } from './objects.js';
import { jsonPatch } from './patch/json.js';
import { mergePatch } from './patch/merge.js';
import { strategicMergePatch, StrategicMergeError } from '@argo-ts/spec';
import { createTokenRequest } from './auth/tokenrequest.js';
import { apiVersionOf, type ResourceDef } from './registry.js';
import { toTable } from './table.js';
import { parseFieldValidation } from './validate.js';
import { serveWatch } from './watch.js';

export interface ResourceRoute {
  def: ResourceDef;
  namespace?: string;
  name?: string;
  subresource?: string;
}

type Handler = (ctx: ApiContext, req: IncomingMessage, res: ServerResponse, route: ResourceRoute, query: URLSearchParams) => Promise<number>;

function dryRun(query: URLSearchParams): boolean {
  const values = query.getAll('dryRun');
  for (const v of values) if (v !== 'All') throw new ApiError('BadRequest', `dryRun must be "All" (got "${v}")`);
  return values.length > 0;
}

function warn(res: ServerResponse, warnings: string[]): void {
  if (warnings.length > 0) res.setHeader('Warning', warnings.map((w) => `299 - ${JSON.stringify(w)}`));
}

function existing(ctx: ApiContext, route: ResourceRoute): KubeObject {
  const obj = ctx.store.get(route.def.key, route.namespace, route.name!);
  if (!obj) throw notFound(route.def.plural, route.def.group, route.name!, route.def.plural);
  return obj;
}

function reply(req: IncomingMessage, res: ServerResponse, ctx: ApiContext, def: ResourceDef, status: number, obj: KubeObject): number {
  if (wantsTable(req) && req.method === 'GET') {
    sendJson(res, status, toTable(def, [obj], { resourceVersion: obj.metadata.resourceVersion }, ctx.now(), null), 'application/json;as=Table;v=v1;g=meta.k8s.io');
  } else sendJson(res, status, obj);
  return status;
}

function checkSubresource(route: ResourceRoute): void {
  if (route.subresource !== undefined && !(route.subresource === 'status' && route.def.status)) {
    throw new ApiError('NotFound', `the server could not find the requested resource (${route.def.plural}/${route.subresource})`);
  }
}

const getItem: Handler = async (ctx, req, res, route, query) => {
  if (route.subresource === 'log' && route.def.plural === 'pods' && route.def.group === '') return servePodLog(ctx, route.namespace!, route.name!, query, res);
  checkSubresource(route);
  return reply(req, res, ctx, route.def, 200, existing(ctx, route));
};

const getCollection: Handler = async (ctx, req, res, route, query) => {
  const { def, namespace } = route;
  if (query.get('watch') === 'true' || query.get('watch') === '1') {
    const filter = parseFilter(def, query);
    const timeout = query.get('timeoutSeconds');
    return serveWatch(ctx, req, res, {
      def, namespace, resourceVersion: query.get('resourceVersion'), matches: filter.matches,
      initial: () => ctx.store.list(def.key, namespace, filter.labelEquals),
      timeoutSeconds: timeout ? Number(timeout) : undefined,
      bookmarks: query.get('allowWatchBookmarks') === 'true',
      sendInitialEvents: query.get('sendInitialEvents') === 'true',
      table: wantsTable(req),
    });
  }
  const { contentType, body } = listObjects(ctx, req, def, namespace, query) as { contentType: string; body: unknown };
  sendJson(res, 200, body, contentType);
  return 200;
};

const create: Handler = async (ctx, req, res, route, query) => {
  if (route.def.namespaced && route.namespace === undefined) throw new ApiError('MethodNotAllowed', `create ${route.def.plural} needs a namespace in the URL`);
  const body = await readJson(req);
  const { object, warnings } = await createObject(ctx, route.def, body, route.namespace, { dryRun: dryRun(query), fieldValidation: parseFieldValidation(query.get('fieldValidation')) });
  await ctx.reactionsIdle?.();
  warn(res, warnings);
  return reply(req, res, ctx, route.def, 201, object);
};

const update: Handler = async (ctx, req, res, route, query) => {
  checkSubresource(route);
  const body = await readJson(req);
  // Read the current object only now: the body's arrival is an await, and the check-and-write must not straddle one.
  const old = existing(ctx, route);
  const { object, warnings } = await updateObject(ctx, route.def, old, body, {
    subresource: route.subresource as 'status' | undefined, dryRun: dryRun(query), fieldValidation: parseFieldValidation(query.get('fieldValidation')),
  });
  warn(res, warnings);
  return reply(req, res, ctx, route.def, 200, object);
};

function parsePatchBody(buf: Buffer): unknown {
  checkJsonTextDepth(buf, 'patch body');
  try {
    return JSON.parse(buf.toString('utf8'));
  } catch (err) {
    throw new ApiError('BadRequest', `patch body is not valid JSON: ${(err as Error).message}`);
  }
}

function applyPatch(def: ResourceDef, type: string, old: KubeObject, patch: unknown): unknown {
  switch (type) {
    case 'application/merge-patch+json':
      return mergePatch(old, patch);
    case 'application/json-patch+json': {
      // Values added below existing paths can nest deeper than the patch itself.
      const patched = jsonPatch(old, patch);
      checkValueDepth(patched, 'the patched object');
      return patched;
    }
    case 'application/strategic-merge-patch+json':
      if (!def.strategicMerge) {
        throw new ApiError('UnsupportedMediaType', `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml (strategic merge patch is not supported for ${def.plural}.${def.group})`);
      }
      try {
        return strategicMergePatch(old, patch);
      } catch (err) {
        if (err instanceof StrategicMergeError) throw new ApiError('BadRequest', err.message);
        throw err;
      }
    case 'application/apply-patch+yaml':
      throw new ApiError('UnsupportedMediaType', 'server-side apply (application/apply-patch+yaml) is not supported by the argo-ts local cluster yet; use client-side `kubectl apply` (without --server-side)');
    default:
      throw new ApiError('UnsupportedMediaType', `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json${def.strategicMerge ? ', application/strategic-merge-patch+json' : ''}`);
  }
}

const patch: Handler = async (ctx, req, res, route, query) => {
  checkSubresource(route);
  const type = mediaType(req);
  const buf = await readBody(req);
  const old = existing(ctx, route);
  if (type === 'application/apply-patch+yaml') applyPatch(route.def, type, old, undefined);
  const patched = applyPatch(route.def, type, old, parsePatchBody(buf));
  const { object, warnings } = await updateObject(ctx, route.def, old, patched, {
    subresource: route.subresource as 'status' | undefined, dryRun: dryRun(query), fieldValidation: parseFieldValidation(query.get('fieldValidation')),
  });
  warn(res, warnings);
  return reply(req, res, ctx, route.def, 200, object);
};

const deleteItem: Handler = async (ctx, req, res, route, query) => {
  if (route.subresource !== undefined) throw new ApiError('MethodNotAllowed', `delete is not allowed on ${route.def.plural}/${route.subresource}`);
  const opts = parseDeleteOptions(await readJson(req), query);
  const object = await deleteObject(ctx, route.def, existing(ctx, route), opts);
  return reply(req, res, ctx, route.def, 200, object);
};

const deleteCollection: Handler = async (ctx, req, res, route, query) => {
  const { def, namespace } = route;
  const opts = parseDeleteOptions(await readJson(req), query);
  const filter = parseFilter(def, query);
  const items: KubeObject[] = [];
  for (const obj of ctx.store.list(def.key, namespace, filter.labelEquals).filter(filter.matches)) {
    const current = ctx.store.get(def.key, obj.metadata.namespace, obj.metadata.name!);
    if (current) items.push(await deleteObject(ctx, def, current, opts));
  }
  sendJson(res, 200, { apiVersion: apiVersionOf(def), kind: `${def.kind}List`, metadata: { resourceVersion: String(ctx.store.resourceVersion) }, items });
  return 200;
};

const createToken: Handler = async (ctx, req, res, route) => {
  sendJson(res, 201, createTokenRequest(ctx, route.namespace!, route.name!, await readJson(req)));
  return 201;
};

/** POSTs to an object's subresource, by `<store key>/<subresource>`. */
const ITEM_POST: Record<string, Handler> = { 'core/serviceaccounts/token': createToken };

const ITEM: Record<string, Handler> = { GET: getItem, PUT: update, PATCH: patch, DELETE: deleteItem };
const COLLECTION: Record<string, Handler> = { GET: getCollection, POST: create, DELETE: deleteCollection };

export function handleResource(ctx: ApiContext, req: IncomingMessage, res: ServerResponse, route: ResourceRoute, query: URLSearchParams): Promise<number> {
  const table = route.name === undefined ? COLLECTION : ITEM;
  const sub = req.method === 'POST' && route.name !== undefined && route.subresource ? ITEM_POST[`${route.def.key}/${route.subresource}`] : undefined;
  const handler = sub ?? table[req.method ?? 'GET'];
  if (!handler) throw new ApiError('MethodNotAllowed', `method ${req.method} is not allowed on ${route.name === undefined ? 'a collection' : 'an object'} of ${route.def.plural}`);
  return handler(ctx, req, res, route, query);
}
