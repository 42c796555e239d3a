import { KubeApiError, isTransient } from './errors.js';

describe('KubeApiError', () => {
  it('treats Forbidden as permanent except a quota refusal, which clears later', () => {
    const sa = new KubeApiError(403, 'pods "p" is forbidden: error looking up service account argo/x: serviceaccount "x" not found');
    expect(sa).toMatchObject({ code: 'Forbidden', transient: false, permanent: true });
    const quota = new KubeApiError(403, 'pods "p" is forbidden: exceeded quota: compute-resources, requested: pods=1, used: pods=10, limited: pods=10');
    expect(quota).toMatchObject({ code: 'Forbidden', transient: true, permanent: false });
    expect(isTransient(new KubeApiError(422, 'invalid'))).toBe(false);
    expect(isTransient(new KubeApiError(503, 'unavailable'))).toBe(true);
  });
});
