/**
 * Workflows as the API returns them, typed only as far as the workflow
 * actions read them: loose on purpose, so an object from a newer controller
 * (fields this schema does not know) passes through unchanged.
 */
export interface ApiParameter {
  name: string;
  value?: string;
  valueFrom?: unknown;
  [key: string]: unknown;
}

export interface ApiNodeStatus {
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
  inputs?: { parameters?: ApiParameter[]; artifacts?: Array<Record<string, unknown>> };
  outputs?: { parameters?: ApiParameter[]; artifacts?: Array<Record<string, unknown>>; result?: string; exitCode?: string };
  [key: string]: unknown;
}

export interface ApiWorkflow {
  apiVersion?: string;
  kind?: string;
  metadata: {
    name?: string; generateName?: string; namespace?: string; uid?: string; resourceVersion?: string;
    labels?: Record<string, string>; annotations?: Record<string, string>; [key: string]: unknown;
  };
  spec: Record<string, any>;
  status?: {
    phase?: string; message?: string; startedAt?: string; finishedAt?: string; progress?: string;
    nodes?: Record<string, ApiNodeStatus>;
    conditions?: Array<{ type?: string; status?: string; message?: string }>;
    [key: string]: unknown;
  };
  [key: string]: unknown;
}

/** A refused action: bad input (`usage`, `invalid-input`) or nothing to act on (`not-found`). Never transient. */
export class WorkflowActionError extends Error {
  readonly transient = false;
  constructor(readonly code: 'usage' | 'invalid-input' | 'not-found', message: string) {
    super(message);
    this.name = 'WorkflowActionError';
  }
}
