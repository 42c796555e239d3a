/**
 * OpenAPI v3 for kubectl: it only needs, per kind, a `{name}` path whose
 * `patch` operation names the group/version/kind and a `fieldValidation`
 * parameter — that makes kubectl use server-side validation
 * (fieldValidation=Strict). For argoproj.io the spec package's document is
 * used (its full schemas serve `kubectl explain`), with our minimal
 * operations filling any kind it does not describe.
 */
import { createHash } from 'node:crypto';
import { OPENAPI_V3_GROUP_PATH, openApiV3Document } from '@argo-ts/spec';
import { apiVersionOf, groupVersions, resourcesOf, type ResourceDef } from './registry.js';

function gvPath(gv: string): string {
  return gv.includes('/') ? `apis/${gv}` : `api/${gv}`;
}

function itemPath(r: ResourceDef): string {
  const base = r.group ? `/apis/${r.group}/${r.version}` : `/api/${r.version}`;
  return r.namespaced ? `${base}/namespaces/{namespace}/${r.plural}/{name}` : `${base}/${r.plural}/{name}`;
}

function minimalDocument(gv: string): Record<string, unknown> {
  const paths: Record<string, unknown> = {};
  for (const r of resourcesOf(gv)) {
    const gvk = { group: r.group, version: r.version, kind: r.kind };
    const params = [
      { name: 'name', in: 'path', required: true, schema: { type: 'string', uniqueItems: true } },
      ...(r.namespaced ? [{ name: 'namespace', in: 'path', required: true, schema: { type: 'string', uniqueItems: true } }] : []),
      { name: 'dryRun', in: 'query', schema: { type: 'string', uniqueItems: true } },
      { name: 'fieldManager', in: 'query', schema: { type: 'string', uniqueItems: true } },
      { name: 'fieldValidation', in: 'query', schema: { type: 'string', uniqueItems: true } },
    ];
    const op = (verb: string) => ({ operationId: `${verb}${r.kind}`, 'x-kubernetes-action': verb, 'x-kubernetes-group-version-kind': gvk, responses: { '200': { description: 'OK' } } });
    paths[itemPath(r)] = {
      get: op('get'),
      put: op('put'),
      patch: { ...op('patch'), parameters: params.filter((p) => p.in === 'query') },
      delete: op('delete'),
      parameters: params.filter((p) => p.in === 'path'),
    };
  }
  return { openapi: '3.0.0', info: { title: 'argo-ts local cluster', version: apiVersionOf(resourcesOf(gv)[0]!) }, paths, components: { schemas: {} } };
}

let cache: Map<string, { doc: Record<string, unknown>; hash: string }> | undefined;

function documents(): Map<string, { doc: Record<string, unknown>; hash: string }> {
  if (cache) return cache;
  cache = new Map();
  for (const gv of groupVersions()) {
    let doc = minimalDocument(gv);
    const specDoc = gvPath(gv) === OPENAPI_V3_GROUP_PATH ? openApiV3Document() : undefined;
    if (specDoc) doc = { ...specDoc, paths: { ...(doc.paths as Record<string, unknown>), ...(specDoc.paths as Record<string, unknown>) } };
    const hash = createHash('sha256').update(JSON.stringify(doc)).digest('hex').slice(0, 32).toUpperCase();
    cache.set(gvPath(gv), { doc, hash });
  }
  return cache;
}

export function openApiRoot(): Record<string, unknown> {
  const paths: Record<string, unknown> = {};
  for (const [p, { hash }] of documents()) paths[p] = { serverRelativeURL: `/openapi/v3/${p}?hash=${hash}` };
  return { paths };
}

/** The document for `api/v1` or `apis/<g>/<v>`. */
export function openApiFor(gvp: string): Record<string, unknown> | undefined {
  return documents().get(gvp)?.doc;
}
