/**
 * The resources the local API server serves. One table drives routing,
 * discovery, OpenAPI, validation and patch rules; behaviour differs per
 * resource only through the flags here.
 */
import { resourceKey } from '../store/types.js';

export type TableKind = 'workflow' | 'pod' | 'default';

export interface ResourceDef {
  group: string;
  version: string;
  plural: string;
  singular: string;
  kind: string;
  namespaced: boolean;
  shortNames: string[];
  categories: string[];
  /** Has a `status` subresource: main writes keep status, `/status` writes only status. */
  status: boolean;
  /** Accepts strategic-merge patches (built-in types only, like Kubernetes). */
  strategicMerge: boolean;
  /** Extra field-selector paths besides metadata.name / metadata.namespace. */
  fieldSelectors: string[];
  /** Which columns `as=Table` output has. */
  table: TableKind;
  /** Store key, `group/plural`. */
  key: string;
}

const VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

function def(d: Omit<ResourceDef, 'key' | 'fieldSelectors' | 'table'> & Partial<Pick<ResourceDef, 'fieldSelectors' | 'table'>>): ResourceDef {
  return { fieldSelectors: [], table: 'default', ...d, key: resourceKey(d.group, d.plural) };
}

const ARGO = { group: 'argoproj.io', version: 'v1alpha1', strategicMerge: false } as const;
const CORE = { group: '', version: 'v1', strategicMerge: true } as const;
const RBAC = { group: 'rbac.authorization.k8s.io', version: 'v1', strategicMerge: true, status: false, categories: [] as string[], shortNames: [] as string[] } as const;

export const RESOURCES: readonly ResourceDef[] = [
  def({ ...ARGO, plural: 'workflows', singular: 'workflow', kind: 'Workflow', namespaced: true, shortNames: ['wf'], categories: ['all', 'argo'], status: true, fieldSelectors: ['status.phase'], table: 'workflow' }),
  def({ ...ARGO, plural: 'workflowtemplates', singular: 'workflowtemplate', kind: 'WorkflowTemplate', namespaced: true, shortNames: ['wftmpl'], categories: ['argo'], status: false }),
  def({ ...ARGO, plural: 'clusterworkflowtemplates', singular: 'clusterworkflowtemplate', kind: 'ClusterWorkflowTemplate', namespaced: false, shortNames: ['clusterwftmpl', 'cwft'], categories: ['argo'], status: false }),
  def({ ...ARGO, plural: 'cronworkflows', singular: 'cronworkflow', kind: 'CronWorkflow', namespaced: true, shortNames: ['cwf', 'cronwf'], categories: ['all', 'argo'], status: true }),
  def({ ...ARGO, plural: 'workflowtaskresults', singular: 'workflowtaskresult', kind: 'WorkflowTaskResult', namespaced: true, shortNames: [], categories: ['argo'], status: false }),
  def({ ...ARGO, plural: 'workflowtasksets', singular: 'workflowtaskset', kind: 'WorkflowTaskSet', namespaced: true, shortNames: ['wfts'], categories: ['argo'], status: true }),
  def({ ...ARGO, plural: 'workfloweventbindings', singular: 'workfloweventbinding', kind: 'WorkflowEventBinding', namespaced: true, shortNames: ['wfeb'], categories: ['argo'], status: false }),
  def({ ...CORE, plural: 'pods', singular: 'pod', kind: 'Pod', namespaced: true, shortNames: ['po'], categories: ['all'], status: true, fieldSelectors: ['status.phase', 'spec.nodeName', 'spec.serviceAccountName', 'status.podIP'], table: 'pod' }),
  def({ ...CORE, plural: 'configmaps', singular: 'configmap', kind: 'ConfigMap', namespaced: true, shortNames: ['cm'], categories: [], status: false }),
  def({ ...CORE, plural: 'secrets', singular: 'secret', kind: 'Secret', namespaced: true, shortNames: [], categories: [], status: false, fieldSelectors: ['type'] }),
  def({ ...CORE, plural: 'serviceaccounts', singular: 'serviceaccount', kind: 'ServiceAccount', namespaced: true, shortNames: ['sa'], categories: [], status: false }),
  def({ ...CORE, plural: 'persistentvolumeclaims', singular: 'persistentvolumeclaim', kind: 'PersistentVolumeClaim', namespaced: true, shortNames: ['pvc'], categories: [], status: true }),
  def({ ...CORE, plural: 'services', singular: 'service', kind: 'Service', namespaced: true, shortNames: ['svc'], categories: ['all'], status: true }),
  def({
    ...CORE, plural: 'events', singular: 'event', kind: 'Event', namespaced: true, shortNames: ['ev'], categories: [], status: false,
    fieldSelectors: ['involvedObject.kind', 'involvedObject.namespace', 'involvedObject.name', 'involvedObject.uid', 'involvedObject.apiVersion', 'involvedObject.resourceVersion', 'involvedObject.fieldPath', 'reason', 'reportingComponent', 'source', 'type'],
  }),
  def({ ...CORE, plural: 'namespaces', singular: 'namespace', kind: 'Namespace', namespaced: false, shortNames: ['ns'], categories: [], status: true, fieldSelectors: ['status.phase'] }),
  def({ ...RBAC, plural: 'roles', singular: 'role', kind: 'Role', namespaced: true }),
  def({ ...RBAC, plural: 'clusterroles', singular: 'clusterrole', kind: 'ClusterRole', namespaced: false }),
  def({ ...RBAC, plural: 'rolebindings', singular: 'rolebinding', kind: 'RoleBinding', namespaced: true }),
  def({ ...RBAC, plural: 'clusterrolebindings', singular: 'clusterrolebinding', kind: 'ClusterRoleBinding', namespaced: false }),
  // What installing argo-ts on this cluster applies (manifests/): stored and
  // validated for metadata like any kind; Deployments are run by
  // reactors/deployments.ts.
  def({ group: 'apiextensions.k8s.io', version: 'v1', strategicMerge: false, plural: 'customresourcedefinitions', singular: 'customresourcedefinition', kind: 'CustomResourceDefinition', namespaced: false, shortNames: ['crd', 'crds'], categories: ['api-extensions'], status: true }),
  def({ group: 'apps', version: 'v1', strategicMerge: true, plural: 'deployments', singular: 'deployment', kind: 'Deployment', namespaced: true, shortNames: ['deploy'], categories: ['all'], status: true }),
  def({ group: 'policy', version: 'v1', strategicMerge: true, plural: 'poddisruptionbudgets', singular: 'poddisruptionbudget', kind: 'PodDisruptionBudget', namespaced: true, shortNames: ['pdb'], categories: [], status: true }),
  def({ group: 'coordination.k8s.io', version: 'v1', strategicMerge: true, plural: 'leases', singular: 'lease', kind: 'Lease', namespaced: true, shortNames: [], categories: [], status: false }),
];

export const RESOURCE_VERBS = VERBS;

/** `group/version` → plural → definition. */
const BY_GV = new Map<string, Map<string, ResourceDef>>();
for (const r of RESOURCES) {
  const gv = r.group ? `${r.group}/${r.version}` : r.version;
  let m = BY_GV.get(gv);
  if (!m) BY_GV.set(gv, (m = new Map()));
  m.set(r.plural, r);
}

export function findResource(groupVersion: string, plural: string): ResourceDef | undefined {
  return BY_GV.get(groupVersion)?.get(plural);
}

export function groupVersions(): string[] {
  return [...BY_GV.keys()];
}

export function resourcesOf(groupVersion: string): ResourceDef[] {
  return [...(BY_GV.get(groupVersion)?.values() ?? [])];
}

export function apiVersionOf(r: ResourceDef): string {
  return r.group ? `${r.group}/${r.version}` : r.version;
}

export function byKind(apiVersion: string, kind: string): ResourceDef | undefined {
  for (const r of BY_GV.get(apiVersion)?.values() ?? []) if (r.kind === kind) return r;
  return undefined;
}

export const NAMESPACES = RESOURCES.find((r) => r.plural === 'namespaces')!;
export const PODS = RESOURCES.find((r) => r.plural === 'pods')!;
