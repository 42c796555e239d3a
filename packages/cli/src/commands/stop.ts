import type { CommandModule } from 'yargs';
import { argoServerOf } from '../kube/argo-server.js';
import { Resources } from '../kube/resources.js';
import { settleSuspendNodes } from '../workflow/actions.js';
import { parseFieldSelector } from '../workflow/selectors.js';
import { forEachWorkflow, selectorOptions, type LifecycleArgs } from './lifecycle.js';

interface Args extends LifecycleArgs {
  message?: string;
  'node-field-selector'?: string;
}

export const command: CommandModule<any, any> = {
  command: 'stop [workflow..]',
  describe: 'stop zero or more workflows allowing all exit handlers to run',
  builder: (y) => selectorOptions(y, true)
    .option('message', { type: 'string', describe: 'Message to add to previously running nodes' })
    .option('node-field-selector', { type: 'string', describe: 'Selector of the suspended node(s) to stop (fail), e.g. displayName=approve' }),
  handler: (raw: any) => forEachWorkflow(raw, 'stop', async (api, wf, ctx) => {
    const args = raw as Args;
    const name = wf.metadata.name!;
    const selector = parseFieldSelector(args['node-field-selector'] ?? '');
    if (args['dry-run']) {
      ctx.io.out(`workflow ${name} stopped (dry run)`);
      return;
    }
    const server = argoServerOf(api);
    if (server) {
      await server.action('stop', wf.metadata.namespace ?? api.namespace, name, { nodeFieldSelector: args['node-field-selector'] ?? '', message: args.message ?? '' });
    } else if (selector.length > 0) {
      // With a selector only the matching suspended nodes fail; the workflow carries on.
      const nodes = settleSuspendNodes(wf, selector, 'Failed', ctx.io.now(), args.message);
      await api.mergePatchStatus(Resources.workflow, name, { status: { nodes } }, wf.metadata.namespace);
    } else {
      if (args.message) {
        const nodes: Record<string, { message: string }> = {};
        for (const [id, n] of Object.entries(wf.status?.nodes ?? {})) if (n.phase === 'Running') nodes[id] = { message: args.message };
        if (Object.keys(nodes).length) await api.mergePatchStatus(Resources.workflow, name, { status: { nodes } }, wf.metadata.namespace);
      }
      await api.mergePatch(Resources.workflow, name, { spec: { shutdown: 'Stop' } }, wf.metadata.namespace);
    }
    ctx.io.out(`workflow ${name} stopped`);
  }),
};
