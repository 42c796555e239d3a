/**
 * The OpenAPI v3 document of argoproj.io/v1alpha1 that an API server serves
 * at /openapi/v3/apis/argoproj.io/v1alpha1. kubectl reads it to decide that
 * the server validates fields itself: it looks for a PATCH operation tagged
 * with the kind's group-version-kind that takes a `fieldValidation` query
 * parameter. `kubectl explain` reads the component schemas.
 */
import { createHash } from 'node:crypto';
import { GROUP, VERSION } from '../constants.js';
import { KINDS, type KindInfo } from '../schema/kinds.js';
import { kindSchema } from './schemas.js';
import type { JsonSchema } from './structural.js';

export type OpenApiDocument = JsonSchema & { openapi: string; paths: JsonSchema; components: { schemas: JsonSchema } };

/** Path of the group-version document under /openapi/v3 (as listed in the /openapi/v3 index). */
export const OPENAPI_V3_GROUP_PATH = `apis/${GROUP}/${VERSION}`;

/** Kubernetes names CRD schemas by reversed group, version and kind. */
export function componentName(kind: string): string {
  return `${GROUP.split('.').reverse().join('.')}.${VERSION}.${kind}`;
}

const query = (name: string, description: string): JsonSchema => ({
  name,
  in: 'query',
  description,
  schema: { type: 'string', uniqueItems: true },
});

const WRITE_PARAMS = [
  query('dryRun', 'When present, changes are not persisted ("All").'),
  query('fieldManager', 'Name of the actor making the change.'),
  query('fieldValidation', 'Ignore, Warn or Strict: what to do with unknown or duplicate fields.'),
];

const pathParam = (name: string): JsonSchema => ({ name, in: 'path', required: true, schema: { type: 'string' } });

function ref(kind: string): JsonSchema {
  return { $ref: `#/components/schemas/${componentName(kind)}` };
}

function ok(kind: string): JsonSchema {
  return { '200': { description: 'OK', content: { 'application/json': { schema: ref(kind) } } } };
}

function operation(info: KindInfo, action: string, verb: string, extra: JsonSchema = {}): JsonSchema {
  return {
    operationId: `${verb}${info.kind}`,
    'x-kubernetes-action': action,
    'x-kubernetes-group-version-kind': { group: GROUP, version: VERSION, kind: info.kind },
    responses: ok(action === 'list' ? `${info.kind}List` : info.kind),
    ...extra,
  };
}

function body(kind: string, types: string[]): JsonSchema {
  return { required: true, content: Object.fromEntries(types.map((t) => [t, { schema: ref(kind) }])) };
}

const PATCH_TYPES = [
  'application/json-patch+json',
  'application/merge-patch+json',
  'application/apply-patch+yaml',
];

function itemPath(info: KindInfo, sub = ''): JsonSchema {
  const params = info.namespaced ? [pathParam('namespace'), pathParam('name')] : [pathParam('name')];
  const s = sub ? `${sub[0]!.toUpperCase()}${sub.slice(1)}` : '';
  return {
    parameters: params,
    get: operation(info, 'get', `read${s}`),
    put: operation(info, 'put', `replace${s}`, { parameters: WRITE_PARAMS, requestBody: body(info.kind, ['application/json']) }),
    patch: operation(info, 'patch', `patch${s}`, {
      parameters: [...WRITE_PARAMS, query('force', 'Force an apply patch past conflicts.')],
      requestBody: body(info.kind, PATCH_TYPES),
    }),
    ...(sub ? {} : { delete: operation(info, 'delete', 'delete') }),
  };
}

function collectionPath(info: KindInfo): JsonSchema {
  return {
    parameters: info.namespaced ? [pathParam('namespace')] : [],
    get: operation(info, 'list', 'list', { parameters: [query('labelSelector', 'Select by label.')] }),
    post: operation(info, 'post', 'create', { parameters: WRITE_PARAMS, requestBody: body(info.kind, ['application/json']) }),
  };
}

function listSchema(info: KindInfo): JsonSchema {
  return {
    type: 'object',
    required: ['items'],
    properties: {
      apiVersion: { type: 'string' },
      kind: { type: 'string' },
      metadata: { type: 'object' },
      items: { type: 'array', items: ref(info.kind) },
    },
    'x-kubernetes-group-version-kind': [{ group: GROUP, version: VERSION, kind: `${info.kind}List` }],
  };
}

function buildDocument(): OpenApiDocument {
  const paths: JsonSchema = {};
  const schemas: JsonSchema = {};
  for (const info of Object.values(KINDS) as KindInfo[]) {
    const base = `/apis/${GROUP}/${VERSION}${info.namespaced ? '/namespaces/{namespace}' : ''}/${info.plural}`;
    paths[base] = collectionPath(info);
    paths[`${base}/{name}`] = itemPath(info);
    if (info.statusSubresource) paths[`${base}/{name}/status`] = itemPath(info, 'status');
    schemas[componentName(info.kind)] = {
      ...kindSchema(info),
      'x-kubernetes-group-version-kind': [{ group: GROUP, version: VERSION, kind: info.kind }],
    };
    schemas[componentName(`${info.kind}List`)] = listSchema(info);
  }
  return {
    openapi: '3.0.0',
    info: { title: `${GROUP}/${VERSION}`, version: VERSION },
    paths,
    components: { schemas },
  };
}

let cached: { doc: OpenApiDocument; hash: string } | undefined;

function document(): { doc: OpenApiDocument; hash: string } {
  if (!cached) {
    const doc = buildDocument();
    const hash = createHash('sha256').update(JSON.stringify(doc)).digest('hex').slice(0, 32).toUpperCase();
    cached = { doc, hash };
  }
  return cached;
}

/**
 * The OpenAPI v3 document of a group-version, or undefined when it is not
 * ours (the caller answers 404). Built once; treat the result as read-only.
 */
export function openApiV3Document(group: string = GROUP, version: string = VERSION): OpenApiDocument | undefined {
  return group === GROUP && version === VERSION ? document().doc : undefined;
}

/** Content hash for the `?hash=` kubectl caches the document under (changes when any schema changes). */
export function openApiV3Hash(): string {
  return document().hash;
}
