/**
 * `POST /api/v1/workflows/{ns}/submit`: a Workflow made from a stored
 * WorkflowTemplate, ClusterWorkflowTemplate or CronWorkflow, with Argo's
 * SubmitOpts applied (parameters `name=value`, labels/annotations `k=v,k2=v2`,
 * entryPoint, names, service account, priority, owner reference).
 */
import { ApiError } from '../errors.js';
import type { Kube } from '../kube/client.js';
import { Kinds, pathFor } from '../kube/resources.js';
import type { Obj } from './crud.js';

export interface SubmitOptions {
  name?: string; generateName?: string; entryPoint?: string; parameters?: string[]; labels?: string; annotations?: string;
  serviceAccount?: string; priority?: number; podPriorityClassName?: string; ownerReference?: Obj; dryRun?: boolean; serverDryRun?: boolean;
}

const KINDS: Record<string, 'WorkflowTemplate' | 'ClusterWorkflowTemplate' | 'CronWorkflow'> = {
  workflowtemplate: 'WorkflowTemplate', clusterworkflowtemplate: 'ClusterWorkflowTemplate', cronworkflow: 'CronWorkflow',
  cronwf: 'CronWorkflow', cwf: 'CronWorkflow', wftmpl: 'WorkflowTemplate', cwftmpl: 'ClusterWorkflowTemplate',
};

function keyValues(text: string | undefined, field: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (text ?? '').split(',').filter((p) => p.trim())) {
    const i = part.indexOf('=');
    if (i <= 0) throw new ApiError('InvalidArgument', `submitOptions.${field}: "${part}" is not key=value`);
    out[part.slice(0, i).trim()] = part.slice(i + 1).trim();
  }
  return out;
}

export async function workflowFromResource(kube: Kube, ns: string, resourceKind: string, name: string, o: SubmitOptions): Promise<Obj> {
  const kind = KINDS[resourceKind.toLowerCase()];
  if (!kind) throw new ApiError('InvalidArgument', `resourceKind: expected WorkflowTemplate, ClusterWorkflowTemplate or CronWorkflow, got "${resourceKind}"`);
  let wf: Obj;
  if (kind === 'CronWorkflow') {
    const cron = await kube.get<Obj>(pathFor(Kinds.cronWorkflows, ns, name));
    const meta = (cron.spec?.workflowMetadata ?? {}) as Obj;
    wf = {
      apiVersion: 'argoproj.io/v1alpha1', kind: 'Workflow',
      metadata: { ...meta, generateName: `${name}-`, namespace: ns, labels: { ...(meta.labels ?? {}), 'workflows.argoproj.io/cron-workflow': name } },
      spec: structuredClone(cron.spec?.workflowSpec ?? {}),
    };
  } else {
    const cluster = kind === 'ClusterWorkflowTemplate';
    // Reading it first answers NotFound now rather than with a workflow that fails later.
    await kube.get(cluster ? pathFor(Kinds.clusterWorkflowTemplates, undefined, name) : pathFor(Kinds.workflowTemplates, ns, name));
    wf = {
      apiVersion: 'argoproj.io/v1alpha1', kind: 'Workflow',
      metadata: { generateName: `${name}-`, namespace: ns, labels: { [cluster ? 'workflows.argoproj.io/cluster-workflow-template' : 'workflows.argoproj.io/workflow-template']: name } },
      spec: { workflowTemplateRef: { name, ...(cluster ? { clusterScope: true } : {}) } },
    };
  }
  return applySubmitOptions(wf, o);
}

export function applySubmitOptions(wf: Obj, o: SubmitOptions): Obj {
  const out = structuredClone(wf);
  if (o.parameters?.length) {
    const params: Obj[] = [...(out.spec.arguments?.parameters ?? [])];
    for (const p of o.parameters) {
      const i = p.indexOf('=');
      if (i <= 0) throw new ApiError('InvalidArgument', `submitOptions.parameters: "${p}" is not name=value`);
      const name = p.slice(0, i);
      const value = p.slice(i + 1);
      const existing = params.findIndex((x) => x.name === name);
      if (existing >= 0) params[existing] = { name, value };
      else params.push({ name, value });
    }
    out.spec.arguments = { ...(out.spec.arguments ?? {}), parameters: params };
  }
  if (o.entryPoint) out.spec.entrypoint = o.entryPoint;
  if (o.serviceAccount) out.spec.serviceAccountName = o.serviceAccount;
  if (o.priority !== undefined) out.spec.priority = o.priority;
  if (o.podPriorityClassName) out.spec.podPriorityClassName = o.podPriorityClassName;
  if (o.generateName) out.metadata.generateName = o.generateName;
  if (o.name) { out.metadata.name = o.name; delete out.metadata.generateName; }
  if (o.labels) out.metadata.labels = { ...(out.metadata.labels ?? {}), ...keyValues(o.labels, 'labels') };
  if (o.annotations) out.metadata.annotations = { ...(out.metadata.annotations ?? {}), ...keyValues(o.annotations, 'annotations') };
  if (o.ownerReference) out.metadata.ownerReferences = [...(out.metadata.ownerReferences ?? []), o.ownerReference];
  return out;
}
