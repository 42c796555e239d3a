/** Request → RBAC attributes, as Kubernetes' RequestInfo derives them. */
import { findResource } from '../registry.js';
import { resourceAttributes } from './attributes.js';

const pods = findResource('v1', 'pods')!;
const q = (s = '') => new URLSearchParams(s);

describe('request verbs', () => {
  it.each([
    ['GET', 'p', '', 'get'],
    ['GET', undefined, '', 'list'],
    ['GET', undefined, 'watch=true', 'watch'],
    ['GET', undefined, 'watch=1', 'watch'],
    ['GET', undefined, 'watch=false', 'list'],
    ['POST', undefined, '', 'create'],
    ['PUT', 'p', '', 'update'],
    ['PATCH', 'p', '', 'patch'],
    ['DELETE', 'p', '', 'delete'],
    ['DELETE', undefined, '', 'deletecollection'],
  ])('%s on %s ?%s is %s', (method, name, query, verb) => {
    expect(resourceAttributes(method, { def: pods, namespace: 'ns', name }, q(query))).toEqual({
      verb, apiGroup: '', resource: 'pods', subresource: '', name: name ?? '', namespace: 'ns',
    });
  });

  it('carries the group, the subresource, and no namespace for cluster scope', () => {
    const wf = findResource('argoproj.io/v1alpha1', 'workflows')!;
    expect(resourceAttributes('PATCH', { def: wf, namespace: 'argo', name: 'w', subresource: 'status' }, q())).toMatchObject({ verb: 'patch', apiGroup: 'argoproj.io', resource: 'workflows', subresource: 'status' });
    expect(resourceAttributes('GET', { def: pods, namespace: 'ns', name: 'p', subresource: 'log' }, q('follow=true'))).toMatchObject({ verb: 'get', subresource: 'log', name: 'p' });
    expect(resourceAttributes('GET', { def: findResource('v1', 'namespaces')! }, q())).toMatchObject({ verb: 'list', resource: 'namespaces', namespace: '' });
  });

  it('turns a POST to an object into a create on its subresource (TokenRequest)', () => {
    const sa = findResource('v1', 'serviceaccounts')!;
    expect(resourceAttributes('POST', { def: sa, namespace: 'ns', name: 'robot', subresource: 'token' }, q())).toMatchObject({ verb: 'create', resource: 'serviceaccounts', subresource: 'token', name: 'robot' });
  });

  it('names the object of a list or watch by its metadata.name field selector', () => {
    expect(resourceAttributes('GET', { def: pods, namespace: 'ns' }, q('watch=true&fieldSelector=metadata.name%3Dmine'))).toMatchObject({ verb: 'watch', name: 'mine' });
    expect(resourceAttributes('GET', { def: pods, namespace: 'ns' }, q('fieldSelector=status.phase%3DRunning,metadata.name%3D%3Dmine'))).toMatchObject({ verb: 'list', name: 'mine' });
    expect(resourceAttributes('GET', { def: pods, namespace: 'ns' }, q('fieldSelector=status.phase%3DRunning'))).toMatchObject({ verb: 'list', name: '' });
  });
});
