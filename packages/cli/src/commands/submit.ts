import type { CommandModule } from 'yargs';
import { afterSubmit } from '../cli/after-submit.js';
import { makeCtx, type GlobalArgs } from '../cli/context.js';
import { checkOutput, printMachine } from '../cli/output.js';
import { CliError } from '../errors.js';
import { renderWorkflow } from '../format/workflow.js';
import { Resources } from '../kube/resources.js';
import type { Workflow } from '../types.js';
import { applyOverrides } from '../workflow/overrides.js';
import { nodeFilter, type ViewArgs } from './view-options.js';
import { overrideOptions, readOverrides, type OverrideArgs } from './submit-options.js';

interface Args extends GlobalArgs, OverrideArgs, ViewArgs {
  file?: string[];
  from?: string;
  watch?: boolean;
  wait?: boolean;
  log?: boolean;
  'dry-run'?: boolean;
  'server-dry-run'?: boolean;
  output?: string;
  strict?: boolean;
}

export const command: CommandModule<any, any> = {
  command: 'submit [file..]',
  describe: 'submit a workflow (FILE, URL or - for stdin; or --from kind/name)',
  builder: (y) => overrideOptions(y
    .positional('file', { type: 'string', array: true, describe: 'Workflow manifest(s): path, http(s) URL, or - for stdin' }))
    .option('from', { type: 'string', describe: 'Submit from an existing kind/name, e.g. --from workflowtemplate/my-wft' })
    .option('watch', { type: 'boolean', describe: 'Watch the workflow until it completes' })
    .option('wait', { alias: 'w', type: 'boolean', describe: 'Wait for the workflow to complete' })
    .option('log', { type: 'boolean', describe: 'Log the workflow until it completes' })
    .option('dry-run', { type: 'boolean', describe: 'Print the workflow that would be submitted without creating it' })
    .option('server-dry-run', { type: 'boolean', describe: 'Ask the server to validate and default the workflow without creating it' })
    .option('output', { alias: 'o', type: 'string', describe: 'Output format. One of: name|json|yaml|wide' })
    .option('strict', { type: 'boolean', default: true, describe: 'Perform strict workflow validation' })
    .option('status', { type: 'string', describe: 'With --watch: only show nodes with this status' })
    .option('node-field-selector', { type: 'string', describe: 'With --watch: selector of nodes to display' }),
  handler: async (raw: any) => {
    const args = raw as Args;
    checkOutput(args.output, ['name', 'json', 'yaml', 'wide']);
    const files = args.file ?? [];
    if (files.length === 0 && !args.from) throw new CliError('usage', 'submit: give a FILE, URL or -, or --from kind/name');
    if (files.length > 0 && args.from) throw new CliError('usage', 'submit: give files or --from, not both');
    const ctx = makeCtx(args);
    const overrides = await readOverrides(args);
    let drafts: Workflow[];
    // Lint before connecting: bad input creates nothing and needs no cluster.
    if (files.length > 0) {
      const { loadAndLint } = await import('../workflow/manifests.js');
      const { clusterTemplateResolver } = await import('../workflow/cluster-templates.js');
      const clusterTemplates = async () => { const api = await ctx.api(); return clusterTemplateResolver(api, args.namespace || api.namespace); };
      drafts = (await loadAndLint(files, ['Workflow'], (l) => ctx.io.err(l), { strict: args.strict, clusterTemplates })).map((m) => m.object as Workflow);
    } else {
      drafts = [];
    }
    const dryRun = args['dry-run'];
    const api = dryRun && files.length > 0 ? undefined : await ctx.api();
    if (args.from) {
      const { workflowFrom } = await import('../workflow/from.js');
      drafts = [await workflowFrom(api!, args.from, args.namespace || api!.namespace)];
    }
    const created: Workflow[] = [];
    for (const draft of drafts) {
      const wf = applyOverrides(draft, overrides);
      const namespace = args.namespace || wf.metadata.namespace || api?.namespace || 'default';
      wf.metadata.namespace = namespace;
      if (dryRun) {
        created.push(wf);
        continue;
      }
      created.push((await api!.create(Resources.workflow, wf, { namespace, dryRun: args['server-dry-run'] })) as Workflow);
    }
    if (!(await printMachine(ctx.io, created, args.output, created.length === 1)) && !args.watch) {
      for (const wf of created) ctx.io.out(renderWorkflow(wf, { style: ctx.style, now: ctx.io.now(), short: true }).join('\n'));
    }
    if (dryRun || args['server-dry-run']) return;
    await afterSubmit(ctx, api!, created, { watch: args.watch, wait: args.wait, log: args.log }, nodeFilter(args));
  },
};
