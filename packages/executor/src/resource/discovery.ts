/**
 * Resolves a kubectl resource type (`pods`, `pod`, `po`, `Pod`, `deployments.apps`,
 * `deployments.v1.apps`) to its apiVersion, kind and URL plural through the API server's
 * discovery documents, as kubectl does: the core group first, then every group at its
 * preferred version (or the version named in the type).
 */
import { ExecutorError } from '../errors.js';

export interface ResolvedKind { apiVersion: string; kind: string; plural: string; namespaced: boolean }

/** GETs one discovery path and returns its JSON; failures throw (with a numeric `code` for HTTP status). */
export type GetJson = (path: string) => Promise<unknown>;

interface ApiResource { name: string; singularName?: string; shortNames?: string[]; kind: string; namespaced?: boolean }
interface ResourceList { groupVersion?: string; resources?: ApiResource[] }
interface GroupList { groups?: { name: string; preferredVersion?: { groupVersion: string }; versions?: { groupVersion: string; version: string }[] }[] }

function find(list: ResourceList, want: string): ApiResource | undefined {
  return (list.resources ?? []).find((r) => !r.name.includes('/') && (
    r.name === want || r.singularName === want || (r.shortNames ?? []).includes(want) || r.kind.toLowerCase() === want));
}

function resolved(apiVersion: string, r: ApiResource): ResolvedKind {
  return { apiVersion, kind: r.kind, plural: r.name, namespaced: r.namespaced ?? true };
}

/** Splits `resource[.version].group`; a version looks like v1, v2beta1. */
function qualify(type: string): { want: string; group?: string; version?: string } {
  const lower = type.toLowerCase();
  const dot = lower.indexOf('.');
  if (dot < 0) return { want: lower };
  const want = lower.slice(0, dot);
  const rest = lower.slice(dot + 1);
  const m = rest.match(/^(v\d+(?:(?:alpha|beta)\d+)?)\.(.+)$/);
  return m ? { want, version: m[1]!, group: m[2]! } : { want, group: rest };
}

export async function resolveKind(get: GetJson, type: string, where = 'resource.flags'): Promise<ResolvedKind> {
  const { want, group, version } = qualify(type);
  if (group === undefined || group === 'core' || group === '') {
    const core = find((await get('/api/v1')) as ResourceList, want);
    if (core) return resolved('v1', core);
  }
  const groups = ((await get('/apis')) as GroupList).groups ?? [];
  const candidates = groups.filter((g) => group === undefined || g.name === group).map((g) => {
    const gv = version ? `${g.name}/${version}` : g.preferredVersion?.groupVersion ?? g.versions?.[0]?.groupVersion;
    return gv;
  }).filter((gv): gv is string => !!gv);
  // A broken aggregated API (metrics-server down) must not hide a match elsewhere, as with kubectl.
  const lists = await Promise.all(candidates.map((gv) => get(`/apis/${gv}`).then((l) => l as ResourceList, () => undefined)));
  for (let i = 0; i < candidates.length; i++) {
    const hit = lists[i] && find(lists[i]!, want);
    if (hit) return resolved(candidates[i]!, hit);
  }
  throw new ExecutorError('BadTemplate', `${where}: the server doesn't have a resource type "${type}"`);
}

/**
 * Resolves a manifest's apiVersion and kind to its URL plural and scope through the one discovery
 * document of that group version, as kubectl's REST mapper does for `kubectl create -f`.
 */
export async function resolveManifestKind(get: GetJson, apiVersion: string, kind: string): Promise<ResolvedKind> {
  const path = apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
  let list: ResourceList;
  try {
    list = (await get(path)) as ResourceList;
  } catch (err) {
    if ((err as { status?: number; code?: unknown }).status === 404 || (err as { code?: unknown }).code === 404) {
      throw new ExecutorError('BadTemplate', `resource.manifest: no matches for kind "${kind}" in version "${apiVersion}"`);
    }
    throw err;
  }
  const hit = (list.resources ?? []).find((r) => !r.name.includes('/') && r.kind === kind);
  if (!hit) throw new ExecutorError('BadTemplate', `resource.manifest: no matches for kind "${kind}" in version "${apiVersion}"`);
  return resolved(apiVersion, hit);
}
