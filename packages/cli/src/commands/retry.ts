import type { CommandModule } from 'yargs';
import { afterSubmit } from '../cli/after-submit.js';
import { makeCtx, ns, type GlobalArgs } from '../cli/context.js';
import { checkOutput, printMachine } from '../cli/output.js';
import { CliError } from '../errors.js';
import { renderWorkflow } from '../format/workflow.js';
import { argoServerOf } from '../kube/argo-server.js';
import { Resources, type ResourceInfo } from '../kube/resources.js';
import type { Workflow } from '../types.js';
import { formulateRetry } from '../workflow/actions.js';
import { getWorkflow } from '../workflow/lookup.js';
import { parseFieldSelector, parseParameter } from '../workflow/selectors.js';

interface Args extends GlobalArgs {
  workflow?: string[];
  selector?: string;
  'field-selector'?: string;
  'node-field-selector'?: string;
  'restart-successful'?: boolean;
  parameter?: string[];
  output?: string;
  watch?: boolean;
  wait?: boolean;
  log?: boolean;
}

export const command: CommandModule<any, any> = {
  command: 'retry [workflow..]',
  describe: 'retry zero or more workflows',
  builder: (y) => y
    .positional('workflow', { type: 'string', array: true, describe: 'Workflow name(s), or @latest' })
    .option('selector', { alias: 'l', type: 'string', describe: 'Label selector of workflows to retry' })
    .option('field-selector', { type: 'string', describe: 'Field selector of workflows to retry' })
    .option('node-field-selector', { type: 'string', describe: 'Selector of nodes to reset, e.g. displayName=b' })
    .option('restart-successful', { type: 'boolean', describe: 'Also restart successful nodes matching --node-field-selector' })
    .option('parameter', { alias: 'p', type: 'string', array: true, describe: 'Input parameter to override on the original workflow spec (name=value)' })
    .option('output', { alias: 'o', type: 'string', describe: 'Output format. One of: name|json|yaml|wide' })
    .option('watch', { type: 'boolean', describe: 'Watch the workflow until it completes (single workflow)' })
    .option('wait', { alias: 'w', type: 'boolean', describe: 'Wait for the workflow to complete (single workflow)' })
    .option('log', { type: 'boolean', describe: 'Log the workflow until it completes (single workflow)' }),
  handler: async (raw: any) => {
    const args = raw as Args;
    checkOutput(args.output, ['name', 'json', 'yaml', 'wide']);
    const selector = parseFieldSelector(args['node-field-selector'] ?? '');
    if (args['restart-successful'] && selector.length === 0) throw new CliError('usage', '--restart-successful needs --node-field-selector');
    const parameters = (args.parameter ?? []).map(parseParameter);
    const ctx = makeCtx(args);
    const api = await ctx.api();
    const namespace = ns(args, api);
    const names = args.workflow ?? [];
    if (names.length === 0 && !args.selector && !args['field-selector']) throw new CliError('usage', 'retry: give at least one workflow name');
    const targets = names.length
      ? await Promise.all(names.map((n) => getWorkflow(api, namespace, n)))
      : ((await api.list(Resources.workflow, { namespace, labelSelector: args.selector, fieldSelector: args['field-selector'] })) as Workflow[]);
    const updated: Workflow[] = [];
    for (const wf of targets) {
      const server = argoServerOf(api);
      if (server) {
        updated.push(await server.action('retry', wf.metadata.namespace ?? namespace, wf.metadata.name!, {
          restartSuccessful: args['restart-successful'] ?? false, nodeFieldSelector: args['node-field-selector'] ?? '', parameters: args.parameter ?? [],
        }));
        continue;
      }
      const { workflow, podsToDelete, taskResultsToDelete } = formulateRetry(wf, { restartSuccessful: args['restart-successful'], selector, parameters });
      const where = wf.metadata.namespace ?? namespace;
      const deletions: Array<[ResourceInfo, string]> = [
        ...podsToDelete.map((p) => [Resources.pod, p] as [ResourceInfo, string]),
        ...taskResultsToDelete.map((t) => [Resources.workflowTaskResult, t] as [ResourceInfo, string]),
      ];
      for (const [resource, name] of deletions) {
        try {
          await api.delete(resource, name, where);
        } catch (err) {
          if (!(err instanceof CliError && err.code === 'not-found')) throw err;
        }
      }
      // A full replace (with the read resourceVersion) so removed nodes really disappear; a conflict means someone else wrote first.
      updated.push((await api.replaceWithStatus(Resources.workflow, workflow)) as Workflow);
    }
    if (!(await printMachine(ctx.io, updated, args.output, updated.length === 1)) && !args.watch) {
      for (const wf of updated) ctx.io.out(renderWorkflow(wf, { style: ctx.style, now: ctx.io.now(), short: true }).join('\n'));
    }
    await afterSubmit(ctx, api, updated, { watch: args.watch, wait: args.wait, log: args.log });
  },
};
