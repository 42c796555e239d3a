/**
 * Reads a yargs CommandModule's definition (usage, options, positionals,
 * subcommands) by running its builder on a recorder. The docs generator and
 * shell completion use it, so both always match what the parser accepts.
 */
import type { CommandModule } from 'yargs';

export interface OptionDoc {
  name: string;
  alias?: string;
  type?: string;
  describe?: string;
  default?: unknown;
}

export interface CommandDoc {
  name: string;
  usage: string;
  describe: string;
  aliases: string[];
  positionals: OptionDoc[];
  options: OptionDoc[];
  subcommands: CommandDoc[];
}

function asList(v: unknown): string[] {
  if (v === undefined) return [];
  return Array.isArray(v) ? v.map(String) : [String(v)];
}

export function describeCommand(c: CommandModule<any, any>, parent = 'argo'): CommandDoc {
  const usage = String(Array.isArray(c.command) ? c.command[0] : c.command);
  const doc: CommandDoc = {
    name: usage.split(' ')[0]!,
    usage: `${parent} ${usage}`,
    describe: typeof c.describe === 'string' ? c.describe : '',
    aliases: asList(c.aliases),
    positionals: [],
    options: [],
    subcommands: [],
  };
  const subs: Array<CommandModule<any, any>> = [];
  const recorder: any = new Proxy({}, {
    get: (_t, prop) => (...a: any[]) => {
      if (prop === 'command' && a[0] && typeof a[0] === 'object') subs.push(a[0]);
      if ((prop === 'option' || prop === 'positional') && typeof a[0] === 'string') {
        const o = (a[1] ?? {}) as Record<string, unknown>;
        const entry: OptionDoc = {
          name: a[0], alias: asList(o.alias)[0], describe: o.describe as string | undefined,
          type: o.array ? `${String(o.type ?? 'string')} array` : (o.type as string | undefined), default: o.default,
        };
        (prop === 'option' ? doc.options : doc.positionals).push(entry);
      }
      return recorder;
    },
  });
  if (typeof c.builder === 'function') (c.builder as (y: unknown) => unknown)(recorder);
  doc.subcommands = subs.map((s) => describeCommand(s, `${parent} ${doc.name}`));
  return doc;
}
