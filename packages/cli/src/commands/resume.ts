import type { CommandModule } from 'yargs';
import { argoServerOf } from '../kube/argo-server.js';
import { Resources } from '../kube/resources.js';
import { resumePatch } from '../workflow/actions.js';
import { parseFieldSelector } from '../workflow/selectors.js';
import { forEachWorkflow, selectorOptions } from './lifecycle.js';

export const command: CommandModule<any, any> = {
  command: 'resume [workflow..]',
  describe: 'resume zero or more workflows (opposite of suspend)',
  builder: (y) => selectorOptions(y, false)
    .option('node-field-selector', { type: 'string', describe: 'Selector of the suspended node(s) to resume, e.g. inputs.parameters.tag.value=t1' }),
  handler: (args: any) => forEachWorkflow(args, 'resume', async (api, wf, ctx) => {
    const selector = parseFieldSelector((args as { 'node-field-selector'?: string })['node-field-selector'] ?? '');
    const server = argoServerOf(api);
    if (server) {
      await server.action('resume', wf.metadata.namespace ?? api.namespace, wf.metadata.name!, { nodeFieldSelector: (args as { 'node-field-selector'?: string })['node-field-selector'] ?? '' });
      ctx.io.out(`workflow ${wf.metadata.name} resumed`);
      return;
    }
    const patch = resumePatch(wf, selector, ctx.io.now());
    const name = wf.metadata.name!;
    if (Object.keys(patch.nodes).length > 0) {
      await api.mergePatchStatus(Resources.workflow, name, { status: { nodes: patch.nodes } }, wf.metadata.namespace);
    }
    if (patch.spec) await api.mergePatch(Resources.workflow, name, { spec: patch.spec }, wf.metadata.namespace);
    ctx.io.out(`workflow ${name} resumed`);
  }),
};
