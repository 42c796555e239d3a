import { resolveKind, type GetJson } from './discovery.js';

const DOCS: Record<string, unknown> = {
  '/api/v1': { resources: [
    { name: 'pods', singularName: 'pod', shortNames: ['po'], kind: 'Pod', namespaced: true },
    { name: 'pods/status', singularName: '', kind: 'Pod', namespaced: true },
    { name: 'nodes', singularName: 'node', shortNames: ['no'], kind: 'Node', namespaced: false },
    { name: 'events', singularName: 'event', shortNames: ['ev'], kind: 'Event', namespaced: true },
  ] },
  '/apis': { groups: [
    { name: 'events.k8s.io', preferredVersion: { groupVersion: 'events.k8s.io/v1' } },
    { name: 'metrics.k8s.io', preferredVersion: { groupVersion: 'metrics.k8s.io/v1beta1' } },
    { name: 'apps', preferredVersion: { groupVersion: 'apps/v1' } },
    { name: 'argoproj.io', preferredVersion: { groupVersion: 'argoproj.io/v1alpha1' } },
  ] },
  '/apis/events.k8s.io/v1': { resources: [{ name: 'events', singularName: 'event', shortNames: ['ev'], kind: 'Event', namespaced: true }] },
  '/apis/apps/v1': { resources: [{ name: 'deployments', singularName: 'deployment', shortNames: ['deploy'], kind: 'Deployment', namespaced: true }] },
  '/apis/apps/v1beta2': { resources: [{ name: 'deployments', singularName: 'deployment', kind: 'Deployment', namespaced: true }] },
  // An older server leaves singularName empty: the kind, lower-cased, still matches.
  '/apis/argoproj.io/v1alpha1': { resources: [{ name: 'workflows', singularName: '', shortNames: ['wf'], kind: 'Workflow', namespaced: true }] },
};

function server(): { get: GetJson; paths: string[] } {
  const paths: string[] = [];
  const get: GetJson = async (path) => {
    paths.push(path);
    if (path === '/apis/metrics.k8s.io/v1beta1') throw Object.assign(new Error('503 service unavailable'), { code: 503 });
    if (!(path in DOCS)) throw Object.assign(new Error('404'), { code: 404 });
    return DOCS[path];
  };
  return { get, paths };
}

describe('resolveKind', () => {
  it('resolves core types by plural, singular, short name and kind, without asking the groups', async () => {
    const s = server();
    for (const type of ['pods', 'pod', 'po', 'Pod', 'PODS']) {
      expect(await resolveKind(s.get, type)).toEqual({ apiVersion: 'v1', kind: 'Pod', plural: 'pods', namespaced: true });
    }
    expect(await resolveKind(s.get, 'no')).toEqual({ apiVersion: 'v1', kind: 'Node', plural: 'nodes', namespaced: false });
    expect(s.paths.every((p) => p === '/api/v1')).toBe(true);
  });

  it('prefers the core group, then searches groups at their preferred version past a broken aggregated API', async () => {
    const s = server();
    expect(await resolveKind(s.get, 'ev')).toEqual({ apiVersion: 'v1', kind: 'Event', plural: 'events', namespaced: true });
    expect(await resolveKind(s.get, 'deploy')).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', plural: 'deployments', namespaced: true });
    expect(await resolveKind(s.get, 'workflow')).toEqual({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Workflow', plural: 'workflows', namespaced: true });
    expect(await resolveKind(s.get, 'wf')).toMatchObject({ plural: 'workflows' });
  });

  it('honours a group- or version-qualified type', async () => {
    const s = server();
    expect(await resolveKind(s.get, 'events.events.k8s.io')).toEqual({ apiVersion: 'events.k8s.io/v1', kind: 'Event', plural: 'events', namespaced: true });
    expect(s.paths).not.toContain('/api/v1');
    expect(await resolveKind(s.get, 'deployments.v1beta2.apps')).toMatchObject({ apiVersion: 'apps/v1beta2' });
  });

  it('names an unknown type, and does not match subresources', async () => {
    const s = server();
    await expect(resolveKind(s.get, 'widgets')).rejects.toThrow('resource.flags: the server doesn\'t have a resource type "widgets"');
    await expect(resolveKind(s.get, 'pods/status')).rejects.toThrow('doesn\'t have a resource type "pods/status"');
    await expect(resolveKind(s.get, 'pods.apps')).rejects.toThrow('"pods.apps"');
  });
});
