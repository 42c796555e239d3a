/**
 * `argo template`, `argo cluster-template` and `argo cron`: the same
 * create / list / get / delete / lint verbs over one resource kind.
 */
import type { Argv, CommandModule } from 'yargs';
import { makeCtx, ns, type Ctx, type GlobalArgs } from '../cli/context.js';
import { checkOutput, printMachine } from '../cli/output.js';
import { CliError } from '../errors.js';
import { alignColumns } from '../format/table.js';
import { secondsBetween, shortDuration } from '../format/time.js';
import type { ArgoApi } from '../kube/api.js';
import type { ResourceInfo } from '../kube/resources.js';
import type { KubeObject } from '../types.js';

export interface CrudKind {
  verb: string;
  aliases: string[];
  describe: string;
  resource: ResourceInfo;
  /** Table columns after NAME (and NAMESPACE with -A). */
  columns: Array<{ title: string; cell: (o: KubeObject, now: Date) => string }>;
  /** Changes applied to each object before create (cron flags). */
  prepareCreate?: (obj: KubeObject, args: any) => Promise<KubeObject> | KubeObject;
  createOptions?: (y: Argv<any>) => Argv<any>;
  /** Human-readable description printed by `get` and `create` without -o (cron workflows, as Argo's). */
  describeObject?: (o: KubeObject, now: Date) => string;
  extra?: Array<CommandModule<any, any>>;
}

export const ageColumn = { title: 'AGE', cell: (o: KubeObject, now: Date) => shortDuration(secondsBetween(o.metadata.creationTimestamp, undefined, now) ?? 0) };

function namespaceFor(k: CrudKind, args: GlobalArgs, api: ArgoApi): string | undefined {
  return k.resource.namespaced ? ns(args, api) : undefined;
}

async function printTable(ctx: Ctx, k: CrudKind, objs: KubeObject[], allNs: boolean): Promise<void> {
  if (objs.length === 0) {
    ctx.io.out(`No ${k.resource.label}s found`);
    return;
  }
  const now = ctx.io.now();
  const rows = [[...(allNs ? ['NAMESPACE'] : []), 'NAME', ...k.columns.map((c) => c.title)]];
  for (const o of objs) rows.push([...(allNs ? [o.metadata.namespace ?? ''] : []), o.metadata.name ?? '', ...k.columns.map((c) => c.cell(o, now))]);
  ctx.io.out(alignColumns(rows, 3).join('\n'));
}

function printDescriptions(ctx: Ctx, describe: (o: KubeObject, now: Date) => string, objs: KubeObject[]): void {
  const now = ctx.io.now();
  ctx.io.out(objs.map((o) => describe(o, now)).join('\n\n'));
}

/** Options shared by `create` and `update`: files, output, strict lint, plus the kind's own. */
function fileCommandBuilder(k: CrudKind) {
  return (y: Argv<any>) => {
    const base = y
      .positional('file', { type: 'string', array: true, describe: 'Manifest file(s), URL(s) or -' })
      .option('output', { alias: 'o', type: 'string', describe: 'Output format. One of: name|json|yaml|wide' })
      .option('strict', { type: 'boolean', default: true, describe: 'Perform strict validation' });
    return k.createOptions ? k.createOptions(base) : base;
  };
}

/**
 * Loads and lints the files (cluster templates resolved on demand) and only then
 * connects, so bad input is refused before any cluster is contacted or started.
 * Returns each object prepared for the server with its namespace.
 */
async function preparedObjects(k: CrudKind, args: any, ctx: Ctx): Promise<{ api: ArgoApi; items: Array<{ file: string; obj: KubeObject; namespace?: string }> }> {
  const { loadAndLint } = await import('../workflow/manifests.js');
  const { clusterTemplateResolver } = await import('../workflow/cluster-templates.js');
  const clusterTemplates = async () => { const api = await ctx.api(); return clusterTemplateResolver(api, args.namespace || api.namespace); };
  const docs = await loadAndLint(args.file, [k.resource.kind], (l) => ctx.io.err(l), { strict: args.strict, clusterTemplates });
  const api = await ctx.api();
  const items = [];
  for (const d of docs) {
    const obj = k.prepareCreate ? await k.prepareCreate(d.object, args) : d.object;
    const namespace = k.resource.namespaced ? args.namespace || obj.metadata.namespace || api.namespace : undefined;
    items.push({ file: d.file, obj, namespace });
  }
  return { api, items };
}

function create(k: CrudKind): CommandModule<any, any> {
  return {
    command: 'create <file..>',
    describe: `create a ${k.resource.label}`,
    builder: fileCommandBuilder(k),
    handler: async (args: any) => {
      checkOutput(args.output, ['name', 'json', 'yaml', 'wide']);
      const ctx = makeCtx(args);
      const { api, items } = await preparedObjects(k, args, ctx);
      const created: KubeObject[] = [];
      for (const { obj, namespace } of items) created.push(await api.create(k.resource, obj, { namespace }));
      if (!args.output && k.describeObject) printDescriptions(ctx, k.describeObject, created);
      else if (!(await printMachine(ctx.io, created, args.output, created.length === 1))) await printTable(ctx, k, created, false);
    },
  };
}

function update(k: CrudKind): CommandModule<any, any> {
  return {
    command: 'update <file..>',
    describe: `update ${k.resource.label}s from files (they must exist)`,
    builder: fileCommandBuilder(k),
    handler: async (args: any) => {
      checkOutput(args.output, ['name', 'json', 'yaml', 'wide']);
      const ctx = makeCtx(args);
      const { api, items } = await preparedObjects(k, args, ctx);
      const updated: KubeObject[] = [];
      for (const { file, obj, namespace } of items) {
        if (!obj.metadata.name) throw new CliError('invalid-input', `${file}: metadata.name is required to update a ${k.resource.label}`);
        // Replace the stored object, keeping what only the server sets.
        const current = await api.get(k.resource, obj.metadata.name, namespace);
        const next: KubeObject = { ...obj, metadata: { ...obj.metadata, namespace: current.metadata.namespace, resourceVersion: current.metadata.resourceVersion } };
        updated.push(await api.replace(k.resource, next));
      }
      if (!(await printMachine(ctx.io, updated, args.output, updated.length === 1))) await printTable(ctx, k, updated, false);
    },
  };
}

function list(k: CrudKind): CommandModule<any, any> {
  return {
    command: 'list',
    aliases: ['ls'],
    describe: `list ${k.resource.label}s`,
    builder: (y) => {
      const base = y
        .option('selector', { alias: 'l', type: 'string', describe: 'Label selector to filter on' })
        .option('output', { alias: 'o', type: 'string', describe: 'Output format. One of: name|json|yaml|wide' });
      return k.resource.namespaced ? base.option('all-namespaces', { alias: 'A', type: 'boolean', describe: `Show ${k.resource.label}s from all namespaces` }) : base;
    },
    handler: async (args: any) => {
      checkOutput(args.output, ['name', 'json', 'yaml', 'wide']);
      const ctx = makeCtx(args);
      const api = await ctx.api();
      const allNs = !!args['all-namespaces'];
      const objs = await api.list(k.resource, { namespace: allNs ? undefined : namespaceFor(k, args, api), labelSelector: args.selector });
      objs.sort((a, b) => (a.metadata.name ?? '').localeCompare(b.metadata.name ?? ''));
      if (!(await printMachine(ctx.io, objs, args.output, false))) await printTable(ctx, k, objs, allNs);
    },
  };
}

function get(k: CrudKind): CommandModule<any, any> {
  return {
    command: 'get <name..>',
    describe: `display details about a ${k.resource.label}`,
    builder: (y) => y
      .positional('name', { type: 'string', array: true })
      .option('output', { alias: 'o', type: 'string', describe: 'Output format. One of: json|yaml|wide (default yaml)' }),
    handler: async (args: any) => {
      checkOutput(args.output, ['name', 'json', 'yaml', 'wide']);
      const ctx = makeCtx(args);
      const api = await ctx.api();
      const objs = await Promise.all((args.name as string[]).map((n) => api.get(k.resource, n, namespaceFor(k, args, api))));
      if (args.output === 'wide') await printTable(ctx, k, objs, false);
      else if (!args.output && k.describeObject) printDescriptions(ctx, k.describeObject, objs);
      else await printMachine(ctx.io, objs, args.output ?? 'yaml', objs.length === 1);
    },
  };
}

function del(k: CrudKind): CommandModule<any, any> {
  return {
    command: 'delete [name..]',
    describe: `delete ${k.resource.label}s`,
    builder: (y) => y
      .positional('name', { type: 'string', array: true })
      .option('all', { type: 'boolean', describe: `Delete all ${k.resource.label}s` }),
    handler: async (args: any) => {
      const ctx = makeCtx(args);
      let names: string[] = args.name ?? [];
      if (names.length === 0 && !args.all) throw new CliError('usage', `delete: give ${k.resource.label} names or --all`);
      const api = await ctx.api();
      const namespace = namespaceFor(k, args, api);
      if (args.all) names = (await api.list(k.resource, { namespace })).map((o) => o.metadata.name!);
      for (const n of names) {
        await api.delete(k.resource, n, namespace);
        ctx.io.out(`${k.resource.kind} '${n}' deleted`);
      }
    },
  };
}

function lint(k: CrudKind): CommandModule<any, any> {
  return {
    command: 'lint <file..>',
    describe: `validate files of ${k.resource.label} manifests`,
    builder: (y) => y
      .positional('file', { type: 'string', array: true })
      .option('strict', { type: 'boolean', default: true, describe: 'Perform strict validation' }),
    handler: async (args: any) => {
      const ctx = makeCtx(args);
      const { loadAndLint } = await import('../workflow/manifests.js');
      await loadAndLint(args.file, [k.resource.kind], (l) => ctx.io.out(l), { strict: args.strict });
      ctx.io.out('✔ no linting errors found!');
    },
  };
}

export function crudCommand(k: CrudKind): CommandModule<any, any> {
  const subs = [create(k), list(k), get(k), update(k), del(k), lint(k), ...(k.extra ?? [])];
  return {
    command: k.verb,
    aliases: k.aliases,
    describe: k.describe,
    builder: (y) => {
      let out = y;
      for (const s of subs) out = out.command(s);
      return out.demandCommand(1, `${k.verb}: a subcommand is required`);
    },
    handler: () => undefined,
  };
}
