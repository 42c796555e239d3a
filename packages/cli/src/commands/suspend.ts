import type { CommandModule } from 'yargs';
import { argoServerOf } from '../kube/argo-server.js';
import { Resources } from '../kube/resources.js';
import { forEachWorkflow, selectorOptions } from './lifecycle.js';

export const command: CommandModule<any, any> = {
  command: 'suspend [workflow..]',
  describe: 'suspend zero or more workflows (opposite of resume)',
  builder: (y) => selectorOptions(y, false),
  handler: (args: any) => forEachWorkflow(args, 'suspend', async (api, wf, ctx) => {
    const server = argoServerOf(api);
    if (server) await server.action('suspend', wf.metadata.namespace ?? api.namespace, wf.metadata.name!);
    else await api.mergePatch(Resources.workflow, wf.metadata.name!, { spec: { suspend: true } }, wf.metadata.namespace);
    ctx.io.out(`workflow ${wf.metadata.name} suspended`);
  }),
};
