import { KubeApiError, isTransient, statusError } from './errors.js';

describe('KubeApiError', () => {
  it('treats Forbidden as permanent except a quota refusal, which clears later', () => {
    const sa = new KubeApiError(403, 'pods "p" is forbidden: error looking up service account argo/x: serviceaccount "x" not found');
    expect(sa).toMatchObject({ code: 'Forbidden', transient: false, permanent: true });
    const quota = new KubeApiError(403, 'pods "p" is forbidden: exceeded quota: compute-resources, requested: pods=1, used: pods=10, limited: pods=10');
    expect(quota).toMatchObject({ code: 'Forbidden', transient: true, permanent: false });
    expect(isTransient(new KubeApiError(422, 'invalid'))).toBe(false);
    expect(isTransient(new KubeApiError(503, 'unavailable'))).toBe(true);
  });

  it('keeps the Status body, its reason and message', () => {
    const body = { kind: 'Status', status: 'Failure', code: 409, reason: 'AlreadyExists', message: 'pods "p" already exists' };
    const e = statusError(409, JSON.stringify(body), 'POST /api/v1/namespaces/ns/pods');
    expect(e).toMatchObject({ code: 'AlreadyExists', status: 409, reason: 'AlreadyExists', statusMessage: 'pods "p" already exists', body, transient: false });
    expect(e.message).toBe('POST /api/v1/namespaces/ns/pods: 409 pods "p" already exists');
  });

  it('keeps the first line of a body that is not a Status', () => {
    const e = statusError(502, '<html>Bad Gateway</html>\n<body/>', 'GET /x');
    expect(e).toMatchObject({ code: 'ServerError', statusMessage: '<html>Bad Gateway</html>', body: undefined, transient: true });
  });
});
