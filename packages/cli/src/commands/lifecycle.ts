/**
 * Shared shape of `suspend`, `resume`, `stop` and `terminate`: for each
 * named workflow (or those matching -l), compute a patch and apply it.
 */
import { makeCtx, ns, type Ctx, type GlobalArgs } from '../cli/context.js';
import { CliError } from '../errors.js';
import type { ArgoApi } from '../kube/api.js';
import { Resources } from '../kube/resources.js';
import type { Workflow } from '../types.js';
import { getWorkflow } from '../workflow/lookup.js';

export interface LifecycleArgs extends GlobalArgs {
  workflow?: string[];
  selector?: string;
  'field-selector'?: string;
  'dry-run'?: boolean;
}

export async function forEachWorkflow(
  raw: unknown,
  verb: string,
  act: (api: ArgoApi, wf: Workflow, ctx: Ctx) => Promise<void>,
): Promise<void> {
  const args = raw as LifecycleArgs;
  const ctx = makeCtx(args);
  const names = args.workflow ?? [];
  if (names.length === 0 && !args.selector && !args['field-selector']) throw new CliError('usage', `${verb}: give at least one workflow name`);
  const api = await ctx.api();
  const namespace = ns(args, api);
  const targets = names.length
    ? await Promise.all(names.map((n) => getWorkflow(api, namespace, n)))
    : ((await api.list(Resources.workflow, { namespace, labelSelector: args.selector, fieldSelector: args['field-selector'] })) as Workflow[]);
  for (const wf of targets) await act(api, wf, ctx);
}

export function selectorOptions(y: any, dryRun: boolean): any {
  let out = y
    .positional('workflow', { type: 'string', array: true, describe: 'Workflow name(s), or @latest' })
    .option('selector', { alias: 'l', type: 'string', describe: 'Label selector of workflows (e.g. -l key1=value1)' })
    .option('field-selector', { type: 'string', describe: 'Field selector of workflows (e.g. --field-selector metadata.name=x)' });
  if (dryRun) out = out.option('dry-run', { type: 'boolean', describe: 'Only print the workflows that would be changed' });
  return out;
}
