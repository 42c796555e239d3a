/**
 * The local cluster's bootstrap RBAC policy: what the `default` service
 * account of every namespace may do, so that workflows run out of the box
 * the way they do after Argo's quick-start install. Why each rule is here:
 * docs/decisions/0006-local-rbac.md. Like Kubernetes' own bootstrap roles, the
 * objects carry `rbac.authorization.kubernetes.io/autoupdate: "true"`: they
 * are re-created and reconciled at every start unless that annotation is
 * set to "false" on them.
 */
import type { ApiContext } from '../context.js';
import { createObject, updateObject } from '../objects.js';
import { RESOURCES, type ResourceDef } from '../registry.js';
import { deepEqual } from '../patch/json.js';
import type { KubeObject } from '../../store/types.js';
import { RBAC_GROUP } from './rbac.js';
import type { PolicyRule } from './schema.js';

const AUTOUPDATE = 'rbac.authorization.kubernetes.io/autoupdate';
const DESCRIPTION = 'workflows.argoproj.io/description';

interface BootstrapRole {
  name: string;
  description: string;
  rules: PolicyRule[];
  /**
   * Bound to every namespace's `default` account. Only the executor's role is:
   * `pods: create` would let a step make a pod of its choosing (issue 14,
   * finding 2). The quick-start role exists for those who bind it, as Argo's
   * quick-start install binds its pod-manager role (the compat runner does).
   */
  bindByDefault: boolean;
}

export const BOOTSTRAP_ROLES: readonly BootstrapRole[] = [
  {
    name: 'argo-ts-executor',
    description: "What argoexec (init, wait, resource, data) does as the pod's service account: "
      + 'watch its own pod and report outputs on it or in a WorkflowTaskResult, and read artifact credentials from secrets.',
    bindByDefault: true,
    rules: [
      { apiGroups: [''], resources: ['pods'], verbs: ['get', 'watch', 'patch'] },
      { apiGroups: [''], resources: ['pods/log'], verbs: ['get', 'watch'] },
      { apiGroups: [''], resources: ['secrets'], verbs: ['get'] },
      { apiGroups: ['argoproj.io'], resources: ['workflowtaskresults'], verbs: ['create', 'patch'] },
    ],
  },
  {
    name: 'argo-ts-quick-start',
    description: "What Argo's quick-start and e2e set-up grant the default service account for its examples "
      + '(pod-manager, workflow-manager): manage pods in the namespace; create and read workflows. Not ConfigMaps. Not bound by default.',
    bindByDefault: false,
    rules: [
      { apiGroups: [''], resources: ['pods'], verbs: ['create', 'get', 'list', 'patch', 'delete'] },
      { apiGroups: ['argoproj.io'], resources: ['workflows'], verbs: ['create', 'get'] },
    ],
  },
];

/** The service account every namespace's bindings name. */
export const BOOTSTRAP_SERVICE_ACCOUNT = 'default';

function rbacDef(plural: string): ResourceDef {
  return RESOURCES.find((r) => r.group === RBAC_GROUP && r.plural === plural)!;
}

function autoupdates(obj: KubeObject): boolean {
  return obj.metadata.annotations?.[AUTOUPDATE] !== 'false';
}

const WRITE = { dryRun: false, fieldValidation: 'Strict' as const };

/** Creates `want` when missing; brings its content fields back when they drifted and it autoupdates. */
async function reconcile(ctx: ApiContext, def: ResourceDef, namespace: string | undefined, want: KubeObject, fields: string[]): Promise<void> {
  const have = ctx.store.get(def.key, namespace, want.metadata.name!);
  if (!have) {
    await createObject(ctx, def, want, namespace, WRITE);
    return;
  }
  if (!autoupdates(have) || fields.every((f) => deepEqual(have[f], want[f]))) return;
  const next: KubeObject = { ...have, metadata: { ...have.metadata, annotations: { ...have.metadata.annotations, ...want.metadata.annotations } } };
  for (const f of fields) next[f] = want[f];
  await updateObject(ctx, def, have, next, WRITE);
}

function clusterRole(r: BootstrapRole): KubeObject {
  return { metadata: { name: r.name, annotations: { [AUTOUPDATE]: 'true', [DESCRIPTION]: r.description } }, rules: r.rules };
}

export function bootstrapRoleBinding(r: BootstrapRole, namespace: string): KubeObject {
  return {
    metadata: { name: `${r.name}-${BOOTSTRAP_SERVICE_ACCOUNT}`, annotations: { [AUTOUPDATE]: 'true' } },
    roleRef: { apiGroup: RBAC_GROUP, kind: 'ClusterRole', name: r.name },
    subjects: [{ kind: 'ServiceAccount', name: BOOTSTRAP_SERVICE_ACCOUNT, namespace }],
  };
}

/** The RoleBindings a namespace gets when it is created (and at every start), from reactors/namespace-bootstrap.ts. */
export async function ensureNamespaceBindings(ctx: ApiContext, namespace: string): Promise<void> {
  const def = rbacDef('rolebindings');
  for (const r of BOOTSTRAP_ROLES) {
    if (r.bindByDefault) await reconcile(ctx, def, namespace, bootstrapRoleBinding(r, namespace), ['subjects']);
  }
}

/** The bootstrap ClusterRoles, at every start; each namespace's bindings come from reactors/namespace-bootstrap.ts. */
export async function ensureBootstrapPolicy(ctx: ApiContext): Promise<void> {
  const def = rbacDef('clusterroles');
  for (const r of BOOTSTRAP_ROLES) await reconcile(ctx, def, undefined, clusterRole(r), ['rules']);
}
