/** The RBAC authoriser on fixtures: rule matching, binding kinds, subjects, and the Forbidden wording. */
import type { ResourceAttributes } from './attributes.js';
import { authorize, forbidden, ruleAllows, type RbacSource, type UserInfo } from './rbac.js';
import type { PolicyRule, RoleBinding } from './schema.js';

const robot: UserInfo = { name: 'system:serviceaccount:team:robot', groups: ['system:serviceaccounts', 'system:serviceaccounts:team', 'system:authenticated'] };

function attrs(a: Partial<ResourceAttributes>): ResourceAttributes {
  return { verb: 'get', apiGroup: '', resource: 'pods', subresource: '', name: '', namespace: 'team', ...a };
}

function binding(kind: 'Role' | 'ClusterRole', name: string, subjects: RoleBinding['subjects']): RoleBinding {
  return { metadata: {}, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind, name }, subjects };
}

interface Fixture {
  clusterRoles?: Record<string, PolicyRule[]>;
  roles?: Record<string, PolicyRule[]>;
  clusterRoleBindings?: RoleBinding[];
  roleBindings?: Record<string, RoleBinding[]>;
}

function source(f: Fixture): RbacSource {
  return {
    clusterRoleBindings: () => f.clusterRoleBindings ?? [],
    roleBindings: (ns) => f.roleBindings?.[ns] ?? [],
    rules: (ns, name) => (ns === undefined ? f.clusterRoles?.[name] : f.roles?.[`${ns}/${name}`]),
  };
}

describe('rule matching', () => {
  const rule = (r: Partial<PolicyRule>): PolicyRule => ({ verbs: ['get'], apiGroups: [''], resources: ['pods'], ...r });

  it.each(['get', 'list', 'watch', 'create', 'update', 'patch', 'delete', 'deletecollection'])('matches the verb %s only when listed, and always under "*"', (verb) => {
    expect(ruleAllows(rule({ verbs: [verb] }), attrs({ verb }))).toBe(true);
    const others = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete', 'deletecollection'].filter((v) => v !== verb);
    expect(ruleAllows(rule({ verbs: others }), attrs({ verb }))).toBe(false);
    expect(ruleAllows(rule({ verbs: ['*'] }), attrs({ verb }))).toBe(true);
  });

  it('matches the API group exactly or by "*"', () => {
    const wf = attrs({ apiGroup: 'argoproj.io', resource: 'workflows' });
    expect(ruleAllows(rule({ apiGroups: ['argoproj.io'], resources: ['workflows'] }), wf)).toBe(true);
    expect(ruleAllows(rule({ apiGroups: [''], resources: ['workflows'] }), wf)).toBe(false);
    expect(ruleAllows(rule({ apiGroups: ['*'], resources: ['workflows'] }), wf)).toBe(true);
    expect(ruleAllows(rule({ apiGroups: undefined, resources: ['workflows'] }), wf)).toBe(false);
  });

  it('keeps subresources apart from their resource, except under "*" and "*/<sub>"', () => {
    const log = attrs({ resource: 'pods', subresource: 'log', name: 'p' });
    expect(ruleAllows(rule({ resources: ['pods'] }), log)).toBe(false);
    expect(ruleAllows(rule({ resources: ['pods/log'] }), log)).toBe(true);
    expect(ruleAllows(rule({ resources: ['pods/log'] }), attrs({ name: 'p' }))).toBe(false);
    expect(ruleAllows(rule({ resources: ['*/log'] }), log)).toBe(true);
    expect(ruleAllows(rule({ resources: ['*/exec'] }), log)).toBe(false);
    expect(ruleAllows(rule({ resources: ['*'] }), log)).toBe(true);
    expect(ruleAllows(rule({ resources: ['*'] }), attrs({ resource: 'secrets' }))).toBe(true);
  });

  it('limits to resourceNames when given; a request without a name (create, list) never matches them', () => {
    const named = rule({ verbs: ['get', 'create', 'list'], resourceNames: ['a', 'b'] });
    expect(ruleAllows(named, attrs({ name: 'a' }))).toBe(true);
    expect(ruleAllows(named, attrs({ name: 'c' }))).toBe(false);
    expect(ruleAllows(named, attrs({ verb: 'create' }))).toBe(false);
    expect(ruleAllows(named, attrs({ verb: 'list' }))).toBe(false);
    expect(ruleAllows(named, attrs({ verb: 'list', name: 'b' }))).toBe(true);
  });
});

describe('bindings', () => {
  const readPods: PolicyRule[] = [{ verbs: ['get'], apiGroups: [''], resources: ['pods'] }];
  const sa = (name: string, namespace?: string) => [{ kind: 'ServiceAccount' as const, name, ...(namespace ? { namespace } : {}) }];

  it('grants a Role through a RoleBinding in its own namespace only', () => {
    const src = source({ roles: { 'team/reader': readPods }, roleBindings: { team: [binding('Role', 'reader', sa('robot', 'team'))] } });
    expect(authorize(src, robot, attrs({}))).toBe(true);
    expect(authorize(src, robot, attrs({ namespace: 'other' }))).toBe(false);
    expect(authorize(src, robot, attrs({ verb: 'delete' }))).toBe(false);
  });

  it("does not find a Role of another namespace through a RoleBinding's roleRef", () => {
    const src = source({ roles: { 'other/reader': readPods }, roleBindings: { team: [binding('Role', 'reader', sa('robot', 'team'))] } });
    expect(authorize(src, robot, attrs({}))).toBe(false);
  });

  it("grants a ClusterRole through a RoleBinding in the binding's namespace only", () => {
    const src = source({ clusterRoles: { reader: readPods }, roleBindings: { team: [binding('ClusterRole', 'reader', sa('robot', 'team'))] } });
    expect(authorize(src, robot, attrs({}))).toBe(true);
    expect(authorize(src, robot, attrs({ namespace: 'other' }))).toBe(false);
    expect(authorize(src, robot, attrs({ namespace: '', resource: 'namespaces', name: 'team' }))).toBe(false);
  });

  it('grants a ClusterRole through a ClusterRoleBinding everywhere, cluster scope included', () => {
    const src = source({
      clusterRoles: { reader: [...readPods, { verbs: ['list'], apiGroups: [''], resources: ['namespaces'] }] },
      clusterRoleBindings: [binding('ClusterRole', 'reader', sa('robot', 'team'))],
    });
    expect(authorize(src, robot, attrs({}))).toBe(true);
    expect(authorize(src, robot, attrs({ namespace: 'other' }))).toBe(true);
    expect(authorize(src, robot, attrs({ verb: 'list', resource: 'namespaces', namespace: '' }))).toBe(true);
  });

  it("defaults a RoleBinding's ServiceAccount subject to the binding's namespace, and matches users and groups", () => {
    const rb = (subjects: RoleBinding['subjects']) => source({ clusterRoles: { reader: readPods }, roleBindings: { team: [binding('ClusterRole', 'reader', subjects)] } });
    expect(authorize(rb(sa('robot')), robot, attrs({}))).toBe(true);
    expect(authorize(rb(sa('robot', 'other')), robot, attrs({}))).toBe(false);
    expect(authorize(rb(sa('default')), robot, attrs({}))).toBe(false);
    expect(authorize(rb([{ kind: 'User', name: robot.name }]), robot, attrs({}))).toBe(true);
    expect(authorize(rb([{ kind: 'Group', name: 'system:serviceaccounts:team' }]), robot, attrs({}))).toBe(true);
    expect(authorize(rb([{ kind: 'Group', name: 'system:serviceaccounts:other' }]), robot, attrs({}))).toBe(false);
    expect(authorize(rb(null), robot, attrs({}))).toBe(false);
  });

  it('denies what no binding grants, and a binding to a missing role grants nothing', () => {
    expect(authorize(source({}), robot, attrs({}))).toBe(false);
    expect(authorize(source({ roleBindings: { team: [binding('ClusterRole', 'absent', sa('robot'))] } }), robot, attrs({}))).toBe(false);
  });
});

describe('the Forbidden message', () => {
  const argoDefault: UserInfo = { name: 'system:serviceaccount:argo:default', groups: [] };

  it('has no name for a create, as Kubernetes words it', () => {
    const err = forbidden(argoDefault, attrs({ verb: 'create', resource: 'configmaps', namespace: 'argo' }));
    expect(err.httpStatus).toBe(403);
    expect(err.toStatus()).toEqual({
      kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', reason: 'Forbidden', code: 403,
      message: 'configmaps is forbidden: User "system:serviceaccount:argo:default" cannot create resource "configmaps" in API group "" in the namespace "argo"',
      details: { group: '', kind: 'configmaps' },
    });
  });

  it('names the object, qualifies the group, shows the subresource, and says cluster scope', () => {
    expect(forbidden(argoDefault, attrs({ verb: 'get', apiGroup: 'argoproj.io', resource: 'workflows', name: 'wf', namespace: 'argo' })).message)
      .toBe('workflows.argoproj.io "wf" is forbidden: User "system:serviceaccount:argo:default" cannot get resource "workflows" in API group "argoproj.io" in the namespace "argo"');
    expect(forbidden(argoDefault, attrs({ verb: 'get', subresource: 'log', name: 'p', namespace: 'argo' })).message)
      .toBe('pods "p" is forbidden: User "system:serviceaccount:argo:default" cannot get resource "pods/log" in API group "" in the namespace "argo"');
    expect(forbidden(argoDefault, attrs({ verb: 'list', resource: 'namespaces', namespace: '' })).message)
      .toBe('namespaces is forbidden: User "system:serviceaccount:argo:default" cannot list resource "namespaces" in API group "" at the cluster scope');
  });
});
