import type { CommandModule } from 'yargs';
import { makeCtx, ns, type GlobalArgs } from '../cli/context.js';
import { CliError } from '../errors.js';
import { Resources } from '../kube/resources.js';
import type { Workflow } from '../types.js';
import { filterWorkflows, getWorkflow, type WorkflowFilter } from '../workflow/lookup.js';

interface Args extends GlobalArgs, WorkflowFilter {
  workflow?: string[];
  all?: boolean;
  'all-namespaces'?: boolean;
  selector?: string;
  'field-selector'?: string;
  'dry-run'?: boolean;
}

export const command: CommandModule<any, any> = {
  command: 'delete [workflow..]',
  aliases: ['rm'],
  describe: 'delete workflows',
  builder: (y) => y
    .positional('workflow', { type: 'string', array: true, describe: 'Workflow name(s), or @latest' })
    .option('all', { type: 'boolean', describe: 'Delete all workflows' })
    .option('all-namespaces', { alias: 'A', type: 'boolean', describe: 'Delete workflows from all namespaces' })
    .option('completed', { type: 'boolean', describe: 'Delete completed workflows' })
    .option('resubmitted', { type: 'boolean', describe: 'Delete resubmitted workflows' })
    .option('older', { type: 'string', describe: 'Delete completed workflows finished before the specified duration (e.g. 10m, 3h, 1d)' })
    .option('prefix', { type: 'string', describe: 'Delete workflows by prefix' })
    .option('status', { type: 'string', array: true, describe: 'Delete by status (comma separated)' })
    .option('selector', { alias: 'l', type: 'string', describe: 'Label selector to filter on' })
    .option('field-selector', { type: 'string', describe: 'Field selector to filter on' })
    .option('dry-run', { type: 'boolean', describe: 'Do not delete the workflow, only print what would happen' }),
  handler: async (raw: any) => {
    const args = raw as Args;
    const ctx = makeCtx(args);
    const names = args.workflow ?? [];
    const bulk = args.all || args.completed || args.older || args.prefix || args.status?.length || args.selector || args['field-selector'] || args.resubmitted;
    if (names.length === 0 && !bulk) {
      throw new CliError('usage', 'delete: give workflow names, or one of --all, --completed, --older, --prefix, --status, --selector');
    }
    const api = await ctx.api();
    const namespace = ns(args, api);
    let targets: Workflow[];
    if (names.length > 0) {
      targets = await Promise.all(names.map((n) => getWorkflow(api, namespace, n)));
    } else {
      const list = (await api.list(Resources.workflow, {
        namespace: args['all-namespaces'] ? undefined : namespace, labelSelector: args.selector, fieldSelector: args['field-selector'],
      })) as Workflow[];
      targets = filterWorkflows(list, { ...args, completed: args.completed || !!args.older }, ctx.io.now());
    }
    for (const wf of targets) {
      const where = wf.metadata.namespace ?? namespace;
      if (!args['dry-run']) await api.delete(Resources.workflow, wf.metadata.name!, where);
      ctx.io.out(`Workflow '${wf.metadata.name}' deleted${args['dry-run'] ? ' (dry run)' : ''}`);
    }
  },
};
