import type { CommandModule } from 'yargs';
import { scheduleProblem } from '@argo-ts/spec';
import { makeCtx, ns, type GlobalArgs } from '../cli/context.js';
import { CliError } from '../errors.js';
import { Resources } from '../kube/resources.js';
import type { KubeObject } from '../types.js';
import { applyOverrides } from '../workflow/overrides.js';
import { ageColumn, crudCommand } from './crud.js';
import { overrideOptions, readOverrides, type OverrideArgs } from './submit-options.js';
import { describeCron, lastRunCell, nextRunCell, schedulesCell } from '../format/cron.js';

function setSuspend(suspend: boolean): CommandModule<any, any> {
  const verb = suspend ? 'suspend' : 'resume';
  return {
    command: `${verb} <name..>`,
    describe: `${verb} cron workflows`,
    builder: (y) => y.positional('name', { type: 'string', array: true }),
    handler: async (raw: any) => {
      const args = raw as GlobalArgs & { name: string[] };
      const ctx = makeCtx(args);
      const api = await ctx.api();
      for (const n of args.name) {
        await api.mergePatch(Resources.cronWorkflow, n, { spec: { suspend } }, ns(args, api));
        ctx.io.out(`CronWorkflow '${n}' ${suspend ? 'suspended' : 'resumed'}`);
      }
    },
  };
}

/** Cron flags change the workflow the cron creates, not the CronWorkflow's own metadata. */
async function prepareCreate(obj: KubeObject, args: OverrideArgs & { schedule?: string }): Promise<KubeObject> {
  const o = await readOverrides(args);
  const out = structuredClone(obj);
  out.spec = out.spec ?? {};
  if (args.schedule) {
    const problem = scheduleProblem(args.schedule, out.spec.timezone);
    if (problem) throw new CliError('invalid-input', `--schedule: cron schedule "${args.schedule}" is malformed: ${problem}`);
    out.spec.schedules = [args.schedule];
  }
  const wf = applyOverrides({ metadata: { ...(out.spec.workflowMetadata ?? {}) }, spec: out.spec.workflowSpec ?? {} }, { ...o, name: undefined, generateName: undefined });
  if (o.name) out.metadata.name = o.name;
  if (o.generateName) { out.metadata.generateName = o.generateName; if (!o.name) delete out.metadata.name; }
  out.spec.workflowSpec = wf.spec;
  if (Object.keys(wf.metadata).length) out.spec.workflowMetadata = wf.metadata;
  if (!out.spec.schedules?.length) throw new CliError('invalid-input', `cron workflow ${out.metadata.name ?? ''}: spec.schedules: expected at least one cron schedule`);
  return out;
}

export const command = crudCommand({
  verb: 'cron',
  aliases: ['cronwf', 'cwf'],
  describe: 'manage cron workflows',
  resource: Resources.cronWorkflow,
  columns: [
    ageColumn,
    { title: 'LAST RUN', cell: lastRunCell },
    { title: 'NEXT RUN', cell: nextRunCell },
    { title: 'SCHEDULES', cell: schedulesCell },
    { title: 'TIMEZONE', cell: (o) => String(o.spec?.timezone ?? '') },
    { title: 'SUSPENDED', cell: (o) => String(o.spec?.suspend === true) },
  ],
  createOptions: (y) => overrideOptions(y).option('schedule', { type: 'string', describe: 'Override the cron schedule' }),
  prepareCreate,
  describeObject: describeCron,
  extra: [setSuspend(true), setSuspend(false)],
});
