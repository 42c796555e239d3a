/**
 * The parts of Argo objects the CLI reads. Kept structural and loose on
 * purpose: the CLI displays whatever the API returns and must not reject a
 * field a newer controller added.
 */
import { isWorkflowCompleted } from '@argo-ts/spec';

export interface ObjectMeta {
  name?: string;
  generateName?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  creationTimestamp?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  [key: string]: unknown;
}

export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata: ObjectMeta;
  spec?: Record<string, any>;
  status?: Record<string, any>;
  [key: string]: unknown;
}

export interface Parameter {
  name: string;
  value?: string;
  valueFrom?: unknown;
  [key: string]: unknown;
}

export interface NodeStatus {
  id: string;
  name: string;
  displayName?: string;
  type: string;
  templateName?: string;
  templateRef?: { name?: string; template?: string; clusterScope?: boolean };
  phase?: string;
  message?: string;
  startedAt?: string;
  finishedAt?: string;
  boundaryID?: string;
  children?: string[];
  outboundNodes?: string[];
  podName?: string;
  hostNodeName?: string;
  inputs?: { parameters?: Parameter[]; artifacts?: Array<Record<string, unknown>> };
  outputs?: { parameters?: Parameter[]; artifacts?: Array<Record<string, unknown>>; result?: string; exitCode?: string };
  [key: string]: unknown;
}

export interface WorkflowStatus {
  phase?: string;
  message?: string;
  startedAt?: string;
  finishedAt?: string;
  progress?: string;
  nodes?: Record<string, NodeStatus>;
  conditions?: Array<{ type?: string; status?: string; message?: string }>;
  outputs?: NodeStatus['outputs'];
  resourcesDuration?: Record<string, number>;
  [key: string]: unknown;
}

export interface Workflow extends KubeObject {
  spec: Record<string, any>;
  status?: WorkflowStatus;
}

export function isCompleted(wf: Workflow): boolean {
  return isWorkflowCompleted(wf.status?.phase);
}
