import { describe, expect, it } from '@jest/globals';
import { artifactUrl, parseRoute, routes } from './urls';

describe('urls', () => {
  it('builds Argo Server artifact paths, escaping each segment', () => {
    expect(artifactUrl('argo', 'wf', 'wf-123', 'main-logs', 'outputs')).toBe('/artifacts/argo/wf/wf-123/main-logs');
    expect(artifactUrl('argo', 'wf', 'wf-1', 'a b/c', 'inputs')).toBe('/input-artifacts/argo/wf/wf-1/a%20b%2Fc');
  });

  it('round-trips routes', () => {
    expect(parseRoute(routes.workflow('ns', 'wf', 'wf-1'))).toEqual({ page: 'workflow', namespace: 'ns', name: 'wf', node: 'wf-1' });
    expect(parseRoute(routes.workflow('ns', 'wf'))).toEqual({ page: 'workflow', namespace: 'ns', name: 'wf' });
    expect(parseRoute(routes.submit())).toEqual({ page: 'submit' });
    expect(parseRoute('')).toEqual({ page: 'list' });
    expect(parseRoute('#/nonsense/x')).toEqual({ page: 'list' });
  });
});
