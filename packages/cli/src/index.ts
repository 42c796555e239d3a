/**
 * @argo-ts/cli — the `argo` command line (bin: `argo`). Importable pieces,
 * for tools and tests that want the same views or cluster access without a
 * subprocess:
 * - cluster access: `resolveConnection(flags)` (kubeconfig / in-cluster /
 *   local selection) and `HttpArgoApi` (the small HTTP client behind every
 *   command, implementing `ArgoApi`);
 * - views: `renderWorkflow(wf, opts)` (the `argo get` / `argo watch` text),
 *   `treeRows`, `listRows`;
 * - workflow actions as pure functions: `formulateRetry`, `formulateResubmit`,
 *   `resumePatch`;
 * - errors: `CliError` with a `code` and `transient`.
 */
export const packageName = '@argo-ts/cli';
export { CliError, type CliErrorCode } from './errors.js';
export { resolveConnection, chooseClusterSource, type Connection, type ClusterFlags } from './kube/kubeconfig.js';
export { HttpArgoApi, type ArgoApi, type WatchEvent, type LogOptions } from './kube/api.js';
export { Resources, type ResourceInfo } from './kube/resources.js';
export { renderWorkflow, headerLines, progressOf, type WorkflowViewOptions } from './format/workflow.js';
export { treeRows, treeTable } from './format/tree.js';
export { podNameOf } from './workflow/names.js';
export { listRows, sortByCreation } from './format/list.js';
export { formulateRetry, formulateResubmit, resumePatch } from './workflow/actions.js';
export { followWorkflow, waitLine } from './workflow/follow.js';
export type { Workflow, NodeStatus, KubeObject } from './types.js';
