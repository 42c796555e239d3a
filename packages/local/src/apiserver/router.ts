/** Maps a URL path to a discovery document, OpenAPI document or resource route. */
import type { ResourceRoute } from './handlers.js';
import { findResource } from './registry.js';

/**
 * `/api/v1/...` or `/apis/<g>/<v>/...` → the resource route, or undefined
 * when the path names no served resource.
 */
export function parseResourcePath(parts: string[]): ResourceRoute | undefined {
  let gv: string;
  let rest: string[];
  if (parts[0] === 'api' && parts.length >= 3) {
    gv = parts[1]!;
    rest = parts.slice(2);
  } else if (parts[0] === 'apis' && parts.length >= 4) {
    gv = `${parts[1]}/${parts[2]}`;
    rest = parts.slice(3);
  } else return undefined;
  if (rest[0] === 'namespaces' && rest.length >= 3) {
    const def = findResource(gv, rest[2]!);
    if (def?.namespaced && rest.length <= 5) return { def, namespace: rest[1], name: rest[3], subresource: rest[4] };
  }
  const def = findResource(gv, rest[0]!);
  if (!def || rest.length > 3) return undefined;
  // Namespaced objects are only addressable under /namespaces/<ns>/; the bare path lists across namespaces.
  if (def.namespaced && rest.length > 1) return undefined;
  return { def, name: rest[1], subresource: rest[2] };
}
