/**
 * Discovery documents, legacy (`/api`, `/api/v1`, `/apis`, `/apis/<g>`,
 * `/apis/<g>/<v>`) and aggregated (apidiscovery.k8s.io/v2, when the Accept
 * header asks for it; the Content-Type must echo g/v/as or kubectl ignores it).
 */
import { RESOURCE_VERBS, RESOURCES, resourcesOf, type ResourceDef } from './registry.js';

export const AGGREGATED_CONTENT_TYPE = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList';

const SUBRESOURCES: Record<string, Array<{ name: string; kind: string; verbs: string[] }>> = {
  pods: [
    { name: 'log', kind: 'Pod', verbs: ['get'] },
    { name: 'status', kind: 'Pod', verbs: ['get', 'patch', 'update'] },
  ],
  serviceaccounts: [{ name: 'token', kind: 'TokenRequest', verbs: ['create'] }],
};

function subresourcesOf(r: ResourceDef): Array<{ name: string; kind: string; verbs: string[] }> {
  return SUBRESOURCES[r.plural] ?? (r.status ? [{ name: 'status', kind: r.kind, verbs: ['get', 'patch', 'update'] }] : []);
}

function groups(): Map<string, string> {
  const m = new Map<string, string>();
  for (const r of RESOURCES) if (r.group) m.set(r.group, r.version);
  return m;
}

export function versionInfo(): Record<string, string> {
  return {
    major: '1', minor: '32', gitVersion: 'v1.32.0-argo-ts', gitCommit: '', gitTreeState: 'clean',
    buildDate: '2026-01-01T00:00:00Z', goVersion: 'none', compiler: 'argo-ts', platform: `${process.platform}/${process.arch}`,
  };
}

export function apiVersions(): Record<string, unknown> {
  return { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: '127.0.0.1' }] };
}

function apiGroup(group: string, version: string): Record<string, unknown> {
  const gv = { groupVersion: `${group}/${version}`, version };
  return { name: group, versions: [gv], preferredVersion: gv };
}

export function apiGroupList(): Record<string, unknown> {
  return { kind: 'APIGroupList', apiVersion: 'v1', groups: [...groups()].map(([g, v]) => apiGroup(g, v)) };
}

export function apiGroupDoc(group: string): Record<string, unknown> | undefined {
  const v = groups().get(group);
  return v ? { kind: 'APIGroup', apiVersion: 'v1', ...apiGroup(group, v) } : undefined;
}

export function resourceList(groupVersion: string): Record<string, unknown> | undefined {
  const defs = resourcesOf(groupVersion);
  if (defs.length === 0) return undefined;
  const resources: Array<Record<string, unknown>> = [];
  for (const r of defs) {
    resources.push({
      name: r.plural, singularName: r.singular, namespaced: r.namespaced, kind: r.kind, verbs: RESOURCE_VERBS,
      ...(r.shortNames.length ? { shortNames: r.shortNames } : {}), ...(r.categories.length ? { categories: r.categories } : {}),
    });
    for (const s of subresourcesOf(r)) resources.push({ name: `${r.plural}/${s.name}`, singularName: '', namespaced: r.namespaced, kind: s.kind, verbs: s.verbs });
  }
  return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion, resources };
}

function discoveryResource(r: ResourceDef): Record<string, unknown> {
  return {
    resource: r.plural, singularResource: r.singular, scope: r.namespaced ? 'Namespaced' : 'Cluster',
    responseKind: { group: r.group, version: r.version, kind: r.kind }, verbs: RESOURCE_VERBS,
    ...(r.shortNames.length ? { shortNames: r.shortNames } : {}), ...(r.categories.length ? { categories: r.categories } : {}),
    subresources: subresourcesOf(r).map((s) => ({ subresource: s.name, responseKind: { group: r.group, version: r.version, kind: s.kind }, verbs: s.verbs })),
  };
}

/** The aggregated document for `/api` (core = true) or `/apis`. */
export function aggregatedDiscovery(core: boolean): Record<string, unknown> {
  const byGroup = new Map<string, { version: string; defs: ResourceDef[] }>();
  for (const r of RESOURCES) {
    if ((r.group === '') !== core) continue;
    const g = byGroup.get(r.group) ?? { version: r.version, defs: [] };
    g.defs.push(r);
    byGroup.set(r.group, g);
  }
  return {
    kind: 'APIGroupDiscoveryList', apiVersion: 'apidiscovery.k8s.io/v2', metadata: {},
    items: [...byGroup].map(([group, g]) => ({
      metadata: { name: group },
      versions: [{ version: g.version, freshness: 'Current', resources: g.defs.map(discoveryResource) }],
    })),
  };
}

/** True when the client accepts aggregated discovery v2. */
export function wantsAggregated(accept: string | undefined): boolean {
  return /g=apidiscovery\.k8s\.io;\s*v=v2;\s*as=APIGroupDiscoveryList/.test(accept ?? '');
}
