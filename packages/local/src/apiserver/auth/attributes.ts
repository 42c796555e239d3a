/**
 * What an authoriser is asked about a request, derived the way the
 * Kubernetes API server's RequestInfo does: the verb from the method and
 * whether the URL names an object or a collection, `?watch` turning a list
 * into a watch, and a `metadata.name=` field selector naming the object of a
 * list or watch (so `resourceNames` rules can allow watching one pod).
 */
import type { ResourceRoute } from '../handlers.js';

export interface ResourceAttributes {
  verb: string;
  apiGroup: string;
  resource: string;
  subresource: string;
  /** '' when the request names no object (create, list, watch of a collection). */
  name: string;
  /** '' for cluster-scoped resources and for lists across namespaces. */
  namespace: string;
}

const ITEM_VERBS: Record<string, string> = { GET: 'get', HEAD: 'get', PUT: 'update', PATCH: 'patch', DELETE: 'delete', POST: 'create' };
const COLLECTION_VERBS: Record<string, string> = { GET: 'list', HEAD: 'list', POST: 'create', DELETE: 'deletecollection', PUT: 'update', PATCH: 'patch' };

function isWatch(query: URLSearchParams): boolean {
  const w = query.get('watch');
  return w === 'true' || w === '1';
}

/** The name in a `metadata.name=x` (or `==x`) term of the field selector, if any. */
function selectedName(query: URLSearchParams): string {
  for (const term of (query.get('fieldSelector') ?? '').split(',')) {
    const m = /^\s*metadata\.name\s*==?\s*(.*?)\s*$/.exec(term);
    if (m) return m[1]!;
  }
  return '';
}

export function resourceAttributes(method: string, route: ResourceRoute, query: URLSearchParams): ResourceAttributes {
  const base = { apiGroup: route.def.group, resource: route.def.plural, subresource: route.subresource ?? '', namespace: route.namespace ?? '' };
  const m = method.toUpperCase();
  if (route.name !== undefined) {
    // A POST to an object is a create on one of its subresources (serviceaccounts/x/token, pods/x/eviction).
    return { ...base, verb: ITEM_VERBS[m] ?? m.toLowerCase(), name: route.name };
  }
  let verb = COLLECTION_VERBS[m] ?? m.toLowerCase();
  if (verb === 'list' && isWatch(query)) verb = 'watch';
  const name = verb === 'list' || verb === 'watch' || verb === 'deletecollection' ? selectedName(query) : '';
  return { ...base, verb, name };
}
