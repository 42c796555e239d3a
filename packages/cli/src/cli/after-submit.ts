/**
 * What `submit`, `retry` and `resubmit` do after writing a workflow:
 * `--watch` (live view), `--wait` (one line at the end) or `--log`
 * (follow logs); all end with exit status 1 unless the workflow Succeeded.
 */
import type { ArgoApi } from '../kube/api.js';
import { CliError } from '../errors.js';
import { renderWorkflow } from '../format/workflow.js';
import { followWorkflow, succeeded, waitLine } from '../workflow/follow.js';
import { hostToolsNotes } from '../workflow/image-notes.js';
import type { NodeStatus, Workflow } from '../types.js';
import type { Ctx } from './context.js';
import { LiveView } from './live.js';

export interface FollowFlags {
  watch?: boolean;
  wait?: boolean;
  log?: boolean;
}

export async function watchView(ctx: Ctx, api: ArgoApi, namespace: string, name: string, nodeFilter?: (n: NodeStatus) => boolean): Promise<Workflow> {
  const view = new LiveView(ctx.io);
  const draw = (wf: Workflow) => view.draw(renderWorkflow(wf, { style: ctx.style, now: ctx.io.now(), nodeFilter }));
  let latest: Workflow | undefined;
  // Durations move while nothing else changes: redraw once a second on a terminal.
  const timer = ctx.io.isTTY ? setInterval(() => latest && draw(latest), 1000) : undefined;
  try {
    return await followWorkflow(api, namespace, name, (wf) => { latest = wf; draw(wf); });
  } finally {
    if (timer) clearInterval(timer);
  }
}

/** Throws the non-zero exit (with nothing more to print) when the workflow did not succeed. */
export function exitFor(wfs: Workflow[]): void {
  if (!wfs.every(succeeded)) throw new CliError('workflow-failed', '', { exitCode: 1 });
}

export async function afterSubmit(ctx: Ctx, api: ArgoApi, wfs: Workflow[], flags: FollowFlags, nodeFilter?: (n: NodeStatus) => boolean): Promise<void> {
  if (!flags.watch && !flags.wait && !flags.log) return;
  if (wfs.length !== 1 && (flags.watch || flags.log)) throw new CliError('usage', '--watch and --log work with a single workflow only');
  const done: Workflow[] = [];
  for (const wf of wfs) {
    const ns = wf.metadata.namespace ?? api.namespace;
    if (flags.log) {
      const { workflowLogs } = await import('../workflow/logs.js');
      await workflowLogs(api, ns, { workflow: wf.metadata.name!, container: 'main', follow: true }, (l) => ctx.io.out(l));
    }
    if (flags.watch) {
      const last = await watchView(ctx, api, ns, wf.metadata.name!, nodeFilter);
      done.push(last);
      const notes = await hostToolsNotes(api, last);
      if (notes.length) ctx.io.out(['', ...notes].join('\n'));
    }
    else done.push(await followWorkflow(api, ns, wf.metadata.name!, () => undefined));
    if (flags.wait && !flags.watch) ctx.io.out(waitLine(done[done.length - 1]!));
  }
  exitFor(done);
}
