import type { CommandModule } from 'yargs';
import { afterSubmit } from '../cli/after-submit.js';
import { makeCtx, ns, type GlobalArgs } from '../cli/context.js';
import { checkOutput, printMachine } from '../cli/output.js';
import { CliError } from '../errors.js';
import { renderWorkflow } from '../format/workflow.js';
import { argoServerOf } from '../kube/argo-server.js';
import { Resources } from '../kube/resources.js';
import type { Workflow } from '../types.js';
import { formulateResubmit } from '../workflow/actions.js';
import { getWorkflow } from '../workflow/lookup.js';
import { parseParameter } from '../workflow/selectors.js';

interface Args extends GlobalArgs {
  workflow?: string[];
  selector?: string;
  'field-selector'?: string;
  memoized?: boolean;
  parameter?: string[];
  priority?: number;
  output?: string;
  watch?: boolean;
  wait?: boolean;
  log?: boolean;
}

export const command: CommandModule<any, any> = {
  command: 'resubmit [workflow..]',
  describe: 'resubmit one or more workflows',
  builder: (y) => y
    .positional('workflow', { type: 'string', array: true, describe: 'Workflow name(s), or @latest' })
    .option('selector', { alias: 'l', type: 'string', describe: 'Label selector of workflows to resubmit' })
    .option('field-selector', { type: 'string', describe: 'Field selector of workflows to resubmit' })
    .option('memoized', { type: 'boolean', describe: 'Re-use successful steps and outputs from the previous run' })
    .option('parameter', { alias: 'p', type: 'string', array: true, describe: 'Input parameter to override on the original workflow spec (name=value)' })
    .option('priority', { type: 'number', describe: 'Workflow priority' })
    .option('output', { alias: 'o', type: 'string', describe: 'Output format. One of: name|json|yaml|wide' })
    .option('watch', { type: 'boolean', describe: 'Watch the workflow until it completes (single workflow)' })
    .option('wait', { alias: 'w', type: 'boolean', describe: 'Wait for the workflow to complete (single workflow)' })
    .option('log', { type: 'boolean', describe: 'Log the workflow until it completes (single workflow)' }),
  handler: async (raw: any) => {
    const args = raw as Args;
    checkOutput(args.output, ['name', 'json', 'yaml', 'wide']);
    const parameters = (args.parameter ?? []).map(parseParameter);
    const ctx = makeCtx(args);
    const api = await ctx.api();
    const namespace = ns(args, api);
    const names = args.workflow ?? [];
    if (names.length === 0 && !args.selector && !args['field-selector']) throw new CliError('usage', 'resubmit: give at least one workflow name');
    const sources = names.length
      ? await Promise.all(names.map((n) => getWorkflow(api, namespace, n)))
      : ((await api.list(Resources.workflow, { namespace, labelSelector: args.selector, fieldSelector: args['field-selector'] })) as Workflow[]);
    const created: Workflow[] = [];
    for (const old of sources) {
      const server = argoServerOf(api);
      if (server) {
        created.push(await server.action('resubmit', old.metadata.namespace ?? namespace, old.metadata.name!, { memoized: args.memoized ?? false, parameters: args.parameter ?? [] }));
        continue;
      }
      const wf = formulateResubmit(old, { memoized: args.memoized, parameters, now: ctx.io.now() });
      if (args.priority !== undefined) wf.spec.priority = args.priority;
      let made = (await api.create(Resources.workflow, wf, { namespace: wf.metadata.namespace ?? namespace })) as Workflow;
      // Servers with a status subresource drop status on create: write the memoized nodes after.
      if (wf.status && !made.status?.nodes) made = (await api.replaceWithStatus(Resources.workflow, { ...made, status: wf.status })) as Workflow;
      created.push(made);
    }
    if (!(await printMachine(ctx.io, created, args.output, created.length === 1)) && !args.watch) {
      for (const wf of created) ctx.io.out(renderWorkflow(wf, { style: ctx.style, now: ctx.io.now(), short: true }).join('\n'));
    }
    await afterSubmit(ctx, api, created, { watch: args.watch, wait: args.wait, log: args.log });
  },
};
