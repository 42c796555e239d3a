import type { CommandModule } from 'yargs';
import { Resources } from '../kube/resources.js';
import { forEachWorkflow, selectorOptions } from './lifecycle.js';

export const command: CommandModule<any, any> = {
  command: 'suspend [workflow..]',
  describe: 'suspend zero or more workflows (opposite of resume)',
  builder: (y) => selectorOptions(y, false),
  handler: (args: any) => forEachWorkflow(args, 'suspend', async (api, wf, ctx) => {
    await api.mergePatch(Resources.workflow, wf.metadata.name!, { spec: { suspend: true } }, wf.metadata.namespace);
    ctx.io.out(`workflow ${wf.metadata.name} suspended`);
  }),
};
