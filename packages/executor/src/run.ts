import type { ExecutorContext, ExecutorResult } from './context.js';

/** Runs one `argoexec` sub-command in this process. */
export async function runInProcess(ctx: ExecutorContext): Promise<ExecutorResult> {
  const [command] = ctx.args;
  return { exitCode: 2, message: `argoexec: unknown command ${JSON.stringify(command ?? '')}` };
}
