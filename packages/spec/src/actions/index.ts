/** Workflow actions (retry, resubmit, resume, stop) as pure functions, shared by the CLI and the Argo Server. */
export * from './types.js';
export * from './node-selector.js';
export * from './pod-name.js';
export {
  isActiveSuspendNode, settleSuspendNodes, resumePatch, setNodePatch, type SetNodeValues, formulateRetry, formulateResubmit, setParameters,
  RESUBMITTED_FROM_LABEL, type RetryOptions, type ResubmitOptions,
} from './workflow-actions.js';
