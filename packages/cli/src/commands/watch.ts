import type { CommandModule } from 'yargs';
import { afterSubmit } from '../cli/after-submit.js';
import { makeCtx, ns, type GlobalArgs } from '../cli/context.js';
import { getWorkflow } from '../workflow/lookup.js';
import { nodeFilter, type ViewArgs } from './view-options.js';

export const command: CommandModule<any, any> = {
  command: 'watch <workflow>',
  describe: 'watch a workflow until it completes',
  builder: (y) => y
    .positional('workflow', { type: 'string', describe: 'Workflow name, or @latest' })
    .option('status', { type: 'string', describe: 'Filter nodes by status (Pending, Running, Succeeded, Skipped, Failed, Error)' })
    .option('node-field-selector', { type: 'string', describe: 'Selector of nodes to display, e.g. phase=Running' }),
  handler: async (raw: any) => {
    const args = raw as GlobalArgs & ViewArgs & { workflow: string };
    const ctx = makeCtx(args);
    const api = await ctx.api();
    const wf = await getWorkflow(api, ns(args, api), args.workflow);
    await afterSubmit(ctx, api, [wf], { watch: true }, nodeFilter(args));
  },
};
