/**
 * The registry of argoproj.io kinds: REST names for the API server and CRDs,
 * and the schema that validates each kind. Shared code looks kinds up here
 * instead of switching on the kind name.
 */
import type { z } from 'zod';
import { CronWorkflowSchema } from './cron.js';
import { WorkflowTaskResultSchema, WorkflowTaskSetSchema } from './taskresult.js';
import { ClusterWorkflowTemplateSchema, WorkflowSchema, WorkflowTemplateSchema } from './workflow.js';

export interface KindInfo {
  kind: string;
  plural: string;
  singular: string;
  shortNames: readonly string[];
  namespaced: boolean;
  /** Has a /status subresource (the controller writes status separately). */
  statusSubresource: boolean;
  schema: z.ZodType;
}

/** The kinds argo-ts serves, in a stable order (CRD files, OpenAPI paths). */
export const ARGO_KINDS = [
  'Workflow',
  'WorkflowTemplate',
  'ClusterWorkflowTemplate',
  'CronWorkflow',
  'WorkflowTaskResult',
  'WorkflowTaskSet',
] as const;
export type ArgoKind = (typeof ARGO_KINDS)[number];

// Annotated rather than inferred: the inferred type would carry every schema's full type.
export const KINDS: Readonly<Record<ArgoKind, KindInfo>> = {
  Workflow: {
    kind: 'Workflow',
    plural: 'workflows',
    singular: 'workflow',
    shortNames: ['wf'],
    namespaced: true,
    statusSubresource: true,
    schema: WorkflowSchema,
  },
  WorkflowTemplate: {
    kind: 'WorkflowTemplate',
    plural: 'workflowtemplates',
    singular: 'workflowtemplate',
    shortNames: ['wftmpl'],
    namespaced: true,
    statusSubresource: false,
    schema: WorkflowTemplateSchema,
  },
  ClusterWorkflowTemplate: {
    kind: 'ClusterWorkflowTemplate',
    plural: 'clusterworkflowtemplates',
    singular: 'clusterworkflowtemplate',
    shortNames: ['clusterwftmpl', 'cwft', 'cwftmpl'],
    namespaced: false,
    statusSubresource: false,
    schema: ClusterWorkflowTemplateSchema,
  },
  CronWorkflow: {
    kind: 'CronWorkflow',
    plural: 'cronworkflows',
    singular: 'cronworkflow',
    shortNames: ['cwf', 'cronwf'],
    namespaced: true,
    statusSubresource: true,
    schema: CronWorkflowSchema,
  },
  WorkflowTaskResult: {
    kind: 'WorkflowTaskResult',
    plural: 'workflowtaskresults',
    singular: 'workflowtaskresult',
    shortNames: [],
    namespaced: true,
    statusSubresource: false,
    schema: WorkflowTaskResultSchema,
  },
  WorkflowTaskSet: {
    kind: 'WorkflowTaskSet',
    plural: 'workflowtasksets',
    singular: 'workflowtaskset',
    shortNames: ['wfts'],
    namespaced: true,
    statusSubresource: true,
    schema: WorkflowTaskSetSchema,
  },
};

export function isArgoKind(kind: string): kind is ArgoKind {
  return Object.hasOwn(KINDS, kind);
}

/** The schema for an argoproj.io kind, or undefined for any other kind (ConfigMap, Pod, ...). */
export function schemaForKind(kind: string): z.ZodType | undefined {
  return isArgoKind(kind) ? KINDS[kind].schema : undefined;
}

/** Look a kind up by any of its REST names: plural, singular, short name or kind (case-insensitive). */
export function kindForResource(name: string): KindInfo | undefined {
  const n = name.toLowerCase();
  return Object.values(KINDS).find(
    (k: KindInfo) => k.plural === n || k.singular === n || k.kind.toLowerCase() === n || k.shortNames.includes(n),
  );
}
