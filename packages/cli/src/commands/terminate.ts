import type { CommandModule } from 'yargs';
import { argoServerOf } from '../kube/argo-server.js';
import { Resources } from '../kube/resources.js';
import { forEachWorkflow, selectorOptions, type LifecycleArgs } from './lifecycle.js';

export const command: CommandModule<any, any> = {
  command: 'terminate [workflow..]',
  describe: 'terminate zero or more workflows immediately (exit handlers do not run)',
  builder: (y) => selectorOptions(y, true),
  handler: (raw: any) => forEachWorkflow(raw, 'terminate', async (api, wf, ctx) => {
    const name = wf.metadata.name!;
    const server = argoServerOf(api);
    if (server && !(raw as LifecycleArgs)['dry-run']) {
      await server.action('terminate', wf.metadata.namespace ?? api.namespace, name);
    } else if (!(raw as LifecycleArgs)['dry-run']) {
      await api.mergePatch(Resources.workflow, name, { spec: { shutdown: 'Terminate' } }, wf.metadata.namespace);
    }
    ctx.io.out(`workflow ${name} terminated${(raw as LifecycleArgs)['dry-run'] ? ' (dry run)' : ''}`);
  }),
};
