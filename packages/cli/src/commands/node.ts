/**
 * `argo node set WORKFLOW`: sets the phase, message or supplied output parameters of the suspended
 * node(s) the node field selector names, as Argo's `argo node` does (outputs a person supplies to
 * an approval step: `valueFrom.supplied`). Then `argo resume` lets the workflow go on.
 */
import type { CommandModule } from 'yargs';
import { CliError } from '../errors.js';
import { argoServerOf } from '../kube/argo-server.js';
import { Resources } from '../kube/resources.js';
import { setNodePatch } from '../workflow/actions.js';
import { parseFieldSelector } from '../workflow/selectors.js';
import { forEachWorkflow } from './lifecycle.js';

interface NodeArgs {
  action: string;
  workflow?: string[];
  'output-parameter'?: string[];
  phase?: string;
  message?: string;
  'node-field-selector'?: string;
}

function outputParameters(raw: string[] | undefined): Record<string, string> | undefined {
  if (!raw?.length) return undefined;
  const out: Record<string, string> = {};
  for (const p of raw) {
    const eq = p.indexOf('=');
    if (eq <= 0) throw new CliError('usage', `--output-parameter: expected name=value, got '${p}'`);
    out[p.slice(0, eq)] = p.slice(eq + 1);
  }
  return out;
}

export const command: CommandModule<any, any> = {
  command: 'node <action> <workflow..>',
  describe: 'perform an action on a node of a workflow (set: the phase, message or supplied output parameters of a suspended node)',
  builder: (y) => y
    .positional('action', { type: 'string', choices: ['set'], describe: 'The action: set' })
    .positional('workflow', { type: 'string', array: true, describe: 'Workflow name' })
    .option('output-parameter', { alias: 'p', type: 'string', array: true, describe: 'Output parameter to set on the node, name=value (the template declares it valueFrom.supplied)' })
    .option('phase', { type: 'string', describe: 'Phase to set on the node (Succeeded, Failed)' })
    .option('message', { type: 'string', describe: 'Message to set on the node' })
    .option('node-field-selector', { type: 'string', demandOption: true, describe: 'Selector of the node(s) to set, e.g. displayName=approve' }),
  handler: (raw: any) => {
    const args = raw as NodeArgs;
    const text = args['node-field-selector'] ?? '';
    const selector = parseFieldSelector(text);
    if (selector.length === 0) throw new CliError('usage', 'node set: --node-field-selector is required');
    const values = {
      ...(args.phase ? { phase: args.phase } : {}),
      ...(args.message ? { message: args.message } : {}),
      ...(args['output-parameter']?.length ? { outputParameters: outputParameters(args['output-parameter']) } : {}),
    };
    return forEachWorkflow(raw, 'node set', async (api, wf, ctx) => {
      const server = argoServerOf(api);
      if (server) {
        await server.action('set', wf.metadata.namespace ?? api.namespace, wf.metadata.name!, {
          nodeFieldSelector: text, ...(values.phase ? { phase: values.phase } : {}), ...(values.message ? { message: values.message } : {}),
          ...(values.outputParameters ? { outputParameters: JSON.stringify(values.outputParameters) } : {}),
        });
      } else {
        const patch = setNodePatch(wf, selector, values, text, ctx.io.now());
        await api.mergePatchStatus(Resources.workflow, wf.metadata.name!, { status: { nodes: patch.nodes, ...(patch.outputs ? { outputs: patch.outputs } : {}) } }, wf.metadata.namespace);
      }
      ctx.io.out('workflow values set');
    });
  },
};
