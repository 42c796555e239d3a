/**
 * @argo-ts/executor — argoexec: `init` stages the script and input artifacts,
 * the emissary (a POSIX sh script) wraps the main container's command, and
 * `wait` collects the outputs, uploads artifacts and reports them. The local
 * kubelet calls `runInProcess` instead of starting a process per container.
 */
export type { ExecutorContext, ExecutorResult } from './context.js';
export { runInProcess } from './run.js';
export const packageName = '@argo-ts/executor';
