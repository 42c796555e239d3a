/** `argo submit --from kind/name`: a Workflow that runs a stored template or cron workflow. */
import { formatRfc3339, localTimeZone, workflowFromCron, type CronWorkflowRef } from '@argo-ts/spec';
import type { ArgoApi } from '../kube/api.js';
import { Resources } from '../kube/resources.js';
import { CliError } from '../errors.js';
import type { Workflow } from '../types.js';

const KIND_ALIASES: Record<string, 'workflowtemplate' | 'clusterworkflowtemplate' | 'cronworkflow'> = {
  workflowtemplate: 'workflowtemplate', workflowtemplates: 'workflowtemplate', wftmpl: 'workflowtemplate',
  clusterworkflowtemplate: 'clusterworkflowtemplate', clusterworkflowtemplates: 'clusterworkflowtemplate', cwftmpl: 'clusterworkflowtemplate', cwft: 'clusterworkflowtemplate',
  cronworkflow: 'cronworkflow', cronworkflows: 'cronworkflow', cronwf: 'cronworkflow', cwf: 'cronworkflow',
};

export function parseFrom(text: string): { kind: 'workflowtemplate' | 'clusterworkflowtemplate' | 'cronworkflow'; name: string } {
  const [k, name, ...rest] = text.split('/');
  const kind = KIND_ALIASES[(k ?? '').toLowerCase()];
  if (!kind || !name || rest.length) {
    throw new CliError('usage', `--from ${text}: expected workflowtemplate/NAME, clusterworkflowtemplate/NAME or cronworkflow/NAME`);
  }
  return { kind, name };
}

export async function workflowFrom(api: ArgoApi, from: string, namespace: string, now = new Date()): Promise<Workflow> {
  const { kind, name } = parseFrom(from);
  if (kind === 'cronworkflow') {
    // As Argo: generateName `<cron>-`, the cron-workflow label, scheduled-time = now, owned by the CronWorkflow.
    const cron = await api.get(Resources.cronWorkflow, name, namespace);
    const wf = workflowFromCron(cron as unknown as CronWorkflowRef, { generateName: `${name}-`, scheduledTime: formatRfc3339(now, localTimeZone()) });
    return { ...wf, metadata: { ...wf.metadata, namespace } } as Workflow;
  }
  const cluster = kind === 'clusterworkflowtemplate';
  // Fetching first gives a clear "not found" instead of a workflow that fails later.
  await api.get(cluster ? Resources.clusterWorkflowTemplate : Resources.workflowTemplate, name, namespace);
  return {
    apiVersion: 'argoproj.io/v1alpha1', kind: 'Workflow',
    metadata: {
      generateName: `${name}-`, namespace,
      labels: { [cluster ? 'workflows.argoproj.io/cluster-workflow-template' : 'workflows.argoproj.io/workflow-template']: name },
    },
    spec: { workflowTemplateRef: { name, ...(cluster ? { clusterScope: true } : {}) } },
  };
}
