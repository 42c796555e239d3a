/** List (with selectors, limit/continue, Table output) and the request's filter. */
import type { IncomingMessage } from 'node:http';
import { ApiError } from '../store/errors.js';
import { equalityTerms, matchesFields, matchesLabels, parseFieldSelector, parseLabelSelector } from '../store/selectors.js';
import type { KubeObject } from '../store/types.js';
import type { ApiContext } from './context.js';
import { wantsTable } from './http.js';
import { apiVersionOf, type ResourceDef } from './registry.js';
import { toTable } from './table.js';

export interface Filter {
  labelEquals: Array<[string, string]>;
  matches(obj: KubeObject): boolean;
}

export function parseFilter(def: ResourceDef, query: URLSearchParams): Filter {
  const labels = parseLabelSelector(query.get('labelSelector'));
  const allowed = new Set(['metadata.name', 'metadata.namespace', ...def.fieldSelectors]);
  const fields = parseFieldSelector(query.get('fieldSelector'), (f) => allowed.has(f));
  return {
    labelEquals: equalityTerms(labels),
    matches: (obj) => matchesLabels(labels, obj.metadata.labels) && matchesFields(fields, obj),
  };
}

interface ContinueToken {
  rv: number;
  after: string;
}

function decodeContinue(token: string): ContinueToken {
  try {
    const t = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as ContinueToken;
    if (typeof t.rv === 'number' && typeof t.after === 'string') return t;
  } catch {
    // fall through
  }
  throw new ApiError('BadRequest', 'continue token is not valid; start the list again without it');
}

function itemKey(o: KubeObject): string {
  return `${o.metadata.namespace ?? ''}/${o.metadata.name}`;
}

export function listObjects(ctx: ApiContext, req: IncomingMessage, def: ResourceDef, namespace: string | undefined, query: URLSearchParams): unknown {
  const filter = parseFilter(def, query);
  const limitRaw = query.get('limit');
  const limit = limitRaw ? Number(limitRaw) : 0;
  if (!Number.isInteger(limit) || limit < 0) throw new ApiError('BadRequest', `limit must be a non-negative integer (got "${limitRaw}")`);
  const cont = query.get('continue');
  const token = cont ? decodeContinue(cont) : undefined;
  if (token && token.rv < ctx.store.oldestWatchableVersion) {
    throw new ApiError('Expired', 'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter.');
  }
  let items = ctx.store.list(def.key, namespace, filter.labelEquals).filter(filter.matches);
  if (token) items = items.filter((o) => itemKey(o) > token.after);
  const rv = token?.rv ?? ctx.store.resourceVersion;
  const meta: Record<string, unknown> = { resourceVersion: String(rv) };
  if (limit > 0 && items.length > limit) {
    meta.remainingItemCount = items.length - limit;
    items = items.slice(0, limit);
    meta.continue = Buffer.from(JSON.stringify({ rv, after: itemKey(items[items.length - 1]!) })).toString('base64url');
  }
  if (wantsTable(req) && def.table) {
    return { contentType: 'application/json;as=Table;v=v1;g=meta.k8s.io', body: toTable(def, items, meta, ctx.now(), query.get('includeObject')) };
  }
  return { contentType: 'application/json', body: { apiVersion: apiVersionOf(def), kind: `${def.kind}List`, metadata: meta, items } };
}
