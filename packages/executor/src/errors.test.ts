import { messageOf } from './errors.js';

describe('messageOf', () => {
  it("gives a Kubernetes Status body's message, as client-node hands it over (JSON text)", () => {
    const body = JSON.stringify({ kind: 'Status', apiVersion: 'v1', status: 'Failure', message: 'configmaps is forbidden: User "system:serviceaccount:argo:default" cannot create resource "configmaps" in API group "" in the namespace "argo"', reason: 'Forbidden', code: 403 });
    expect(messageOf(body)).toBe('configmaps is forbidden: User "system:serviceaccount:argo:default" cannot create resource "configmaps" in API group "" in the namespace "argo"');
  });

  it('keeps other text, JSON that is not a Status, and the first line of an Error', () => {
    expect(messageOf('{not json')).toBe('{not json');
    expect(messageOf('{"kind":"Pod","message":"x"}')).toBe('{"kind":"Pod","message":"x"}');
    expect(messageOf(new Error('first\nsecond'))).toBe('first');
  });
});
