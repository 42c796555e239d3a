/**
 * The RBAC authoriser: a request is allowed when some rule of a role bound
 * to the user allows it. ClusterRoleBindings grant their ClusterRole's rules
 * everywhere; a RoleBinding grants its Role's (or ClusterRole's) rules in the
 * binding's namespace only. There are no deny rules, so evaluation stops at
 * the first match. Rule matching follows Kubernetes' rbac/v1 helpers.
 */
import { ApiError } from '../../store/errors.js';
import type { Store } from '../../store/store.js';
import type { KubeObject } from '../../store/types.js';
import { resourceKey } from '../../store/types.js';
import type { ResourceAttributes } from './attributes.js';
import type { PolicyRule, RoleBinding, Subject } from './schema.js';

export interface UserInfo {
  name: string;
  groups: string[];
}

/** Where the authoriser reads roles and bindings (the store, or a fixture in tests). */
export interface RbacSource {
  clusterRoleBindings(): RoleBinding[];
  roleBindings(namespace: string): RoleBinding[];
  /** `namespace` undefined: a ClusterRole. */
  rules(namespace: string | undefined, name: string): PolicyRule[] | undefined;
}

export const RBAC_GROUP = 'rbac.authorization.k8s.io';
const KEYS = {
  roles: resourceKey(RBAC_GROUP, 'roles'),
  clusterroles: resourceKey(RBAC_GROUP, 'clusterroles'),
  rolebindings: resourceKey(RBAC_GROUP, 'rolebindings'),
  clusterrolebindings: resourceKey(RBAC_GROUP, 'clusterrolebindings'),
};

export function storeRbacSource(store: Store): RbacSource {
  const asBinding = (o: KubeObject): RoleBinding => o as unknown as RoleBinding;
  return {
    clusterRoleBindings: () => store.list(KEYS.clusterrolebindings).map(asBinding),
    roleBindings: (namespace) => store.list(KEYS.rolebindings, namespace).map(asBinding),
    rules(namespace, name) {
      const role = namespace === undefined ? store.get(KEYS.clusterroles, undefined, name) : store.get(KEYS.roles, namespace, name);
      return role ? ((role.rules as PolicyRule[] | null | undefined) ?? []) : undefined;
    },
  };
}

function has(list: readonly string[] | undefined, value: string): boolean {
  return (list ?? []).some((v) => v === '*' || v === value);
}

function resourceMatches(rule: PolicyRule, resource: string, subresource: string): boolean {
  const combined = subresource ? `${resource}/${subresource}` : resource;
  for (const r of rule.resources ?? []) {
    if (r === '*' || r === combined) return true;
    // `*/log` names that subresource of every resource.
    if (subresource && r === `*/${subresource}`) return true;
  }
  return false;
}

function nameMatches(rule: PolicyRule, name: string): boolean {
  const names = rule.resourceNames ?? [];
  return names.length === 0 || (name !== '' && names.includes(name));
}

export function ruleAllows(rule: PolicyRule, a: ResourceAttributes): boolean {
  return has(rule.verbs, a.verb) && has(rule.apiGroups, a.apiGroup) && resourceMatches(rule, a.resource, a.subresource) && nameMatches(rule, a.name);
}

export function serviceAccountUser(namespace: string, name: string): string {
  return `system:serviceaccount:${namespace}:${name}`;
}

/** `bindingNamespace`: where a RoleBinding lives (its ServiceAccount subjects default to it); '' for a ClusterRoleBinding. */
function subjectMatches(s: Subject, user: UserInfo, bindingNamespace: string): boolean {
  switch (s.kind) {
    case 'User':
      return s.name === user.name;
    case 'Group':
      return user.groups.includes(s.name);
    case 'ServiceAccount':
      return serviceAccountUser(s.namespace || bindingNamespace, s.name) === user.name;
  }
}

function binds(b: RoleBinding, user: UserInfo, namespace: string): boolean {
  return (b.subjects ?? []).some((s) => subjectMatches(s, user, namespace));
}

export function authorize(source: RbacSource, user: UserInfo, a: ResourceAttributes): boolean {
  const allows = (rules: PolicyRule[] | undefined): boolean => (rules ?? []).some((r) => ruleAllows(r, a));
  for (const b of source.clusterRoleBindings()) {
    if (b.roleRef.kind === 'ClusterRole' && binds(b, user, '') && allows(source.rules(undefined, b.roleRef.name))) return true;
  }
  if (!a.namespace) return false;
  for (const b of source.roleBindings(a.namespace)) {
    if (!binds(b, user, a.namespace)) continue;
    const rules = b.roleRef.kind === 'ClusterRole' ? source.rules(undefined, b.roleRef.name) : source.rules(a.namespace, b.roleRef.name);
    if (allows(rules)) return true;
  }
  return false;
}

/** The 403 Kubernetes answers with, word for word. */
export function forbidden(user: UserInfo, a: ResourceAttributes): ApiError {
  const resource = a.subresource ? `${a.resource}/${a.subresource}` : a.resource;
  const where = a.namespace ? `in the namespace "${a.namespace}"` : 'at the cluster scope';
  const why = `User "${user.name}" cannot ${a.verb} resource "${resource}" in API group "${a.apiGroup}" ${where}`;
  const qualified = a.apiGroup ? `${a.resource}.${a.apiGroup}` : a.resource;
  const subject = a.name ? `${qualified} "${a.name}"` : qualified;
  return new ApiError('Forbidden', `${subject} is forbidden: ${why}`, { ...(a.name ? { name: a.name } : {}), group: a.apiGroup, kind: a.resource });
}
