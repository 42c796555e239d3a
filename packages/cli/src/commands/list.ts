import type { CommandModule } from 'yargs';
import { makeCtx, ns, type GlobalArgs } from '../cli/context.js';
import { checkOutput, printMachine } from '../cli/output.js';
import { listRows, sortByCreation } from '../format/list.js';
import { Resources } from '../kube/resources.js';
import type { Workflow } from '../types.js';
import { filterWorkflows, type WorkflowFilter } from '../workflow/lookup.js';

interface Args extends GlobalArgs, WorkflowFilter {
  output?: string;
  selector?: string;
  'field-selector'?: string;
  'all-namespaces'?: boolean;
  'no-headers'?: boolean;
}

export const command: CommandModule<any, any> = {
  command: 'list',
  aliases: ['ls'],
  describe: 'list workflows',
  builder: (y) => y
    .option('all-namespaces', { alias: 'A', type: 'boolean', describe: 'Show workflows from all namespaces' })
    .option('completed', { type: 'boolean', describe: 'Show completed workflows. Mutually exclusive with --running.' })
    .option('running', { type: 'boolean', describe: 'Show running workflows. Mutually exclusive with --completed.' })
    .option('resubmitted', { type: 'boolean', describe: 'Show resubmitted workflows' })
    .option('status', { type: 'string', array: true, describe: 'Filter by status (comma separated)' })
    .option('prefix', { type: 'string', describe: 'Filter workflows by prefix' })
    .option('since', { type: 'string', describe: 'Show only workflows created after a relative duration (e.g. 10m, 3h, 1d)' })
    .option('older', { type: 'string', describe: 'List completed workflows finished before the specified duration (e.g. 10m, 3h, 1d)' })
    .option('selector', { alias: 'l', type: 'string', describe: 'Label selector to filter on (e.g. -l key1=value1,key2=value2)' })
    .option('field-selector', { type: 'string', describe: 'Field selector to filter on (e.g. --field-selector metadata.name=x)' })
    .option('no-headers', { type: 'boolean', describe: "Don't print headers" })
    .option('output', { alias: 'o', type: 'string', describe: 'Output format. One of: name|json|yaml|wide' }),
  handler: async (raw: any) => {
    const args = raw as Args;
    checkOutput(args.output, ['name', 'json', 'yaml', 'wide']);
    const ctx = makeCtx(args);
    const api = await ctx.api();
    const namespace = args['all-namespaces'] ? undefined : ns(args, api);
    const items = (await api.list(Resources.workflow, { namespace, labelSelector: args.selector, fieldSelector: args['field-selector'] })) as Workflow[];
    const wfs = sortByCreation(filterWorkflows(items, args, ctx.io.now()));
    if (await printMachine(ctx.io, wfs, args.output, false)) return;
    if (wfs.length === 0) {
      ctx.io.out('No workflows found');
      return;
    }
    ctx.io.out(listRows(wfs, { now: ctx.io.now(), wide: args.output === 'wide', allNamespaces: args['all-namespaces'], noHeaders: args['no-headers'] }).join('\n'));
  },
};
