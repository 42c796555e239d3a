/**
 * A parser for the simple command lines most invocations are: a verb without
 * positionals or subcommands, and only string or boolean flags it declares,
 * each written `--name value`, `--name=value`, `-a value` or `--flag`. It
 * produces the argv object yargs would give the handler. Anything else
 * (help, unknown flags, arrays, positionals, repeated flags)
 * yields undefined and goes to yargs, which also owns every error message.
 * Loading and running yargs is ~50 ms of a cold start.
 */
import type { Argv, CommandModule } from 'yargs';

interface OptionSpec {
  name: string;
  aliases: string[];
  type: 'string' | 'boolean' | 'unsupported';
  default?: unknown;
}

const SUPPORTED_KEYS = new Set(['alias', 'type', 'describe', 'default', 'global']);

/**
 * Runs option declarations (a builder, the global options) against a recorder;
 * undefined when they do anything but declare options.
 */
export function declaredOptions(declare: Array<(y: Argv) => unknown>): OptionSpec[] | undefined {
  const specs: OptionSpec[] = [];
  let plain = true;
  const recorder: Argv = new Proxy({} as Argv, {
    get: (_t, prop) => {
      if (prop !== 'option' && prop !== 'options') {
        return () => { plain = false; return recorder; };
      }
      return (name: unknown, spec: Record<string, unknown> = {}) => {
        const alias = spec.alias === undefined ? [] : ([] as unknown[]).concat(spec.alias);
        if (typeof name !== 'string' || alias.some((a) => typeof a !== 'string')) {
          plain = false;
          return recorder;
        }
        const simple = (spec.type === 'string' || spec.type === 'boolean') && Object.keys(spec).every((k) => SUPPORTED_KEYS.has(k));
        // An option this parser cannot read only refuses command lines that use it, unless
        // it has a default that yargs would put in every argv.
        if (!simple && 'default' in spec) plain = false;
        specs.push({
          name, aliases: alias as string[], type: simple ? (spec.type as OptionSpec['type']) : 'unsupported',
          ...('default' in spec ? { default: spec.default } : {}),
        });
        return recorder;
      };
    },
  });
  for (const d of declare) d(recorder);
  return plain ? specs : undefined;
}

const camel = (s: string) => s.replace(/-+([a-z0-9])/g, (_m, c: string) => c.toUpperCase());

/** Every key yargs sets for an option: its name, aliases, and their camelCase forms. */
function keysOf(spec: OptionSpec): string[] {
  const keys = [spec.name, ...spec.aliases];
  return [...new Set([...keys, ...keys.filter((k) => k.includes('-')).map(camel)])];
}

/** The handler argv for `args` (after the verb), or undefined when yargs must parse them. */
export function fastParse(verb: string, args: readonly string[], specs: OptionSpec[]): Record<string, unknown> | undefined {
  const byFlag = new Map<string, OptionSpec>();
  for (const s of specs) {
    for (const k of [s.name, ...s.aliases]) byFlag.set(k.length === 1 ? `-${k}` : `--${k}`, s);
  }
  const given = new Map<OptionSpec, unknown>();
  for (let i = 0; i < args.length; i++) {
    const token = args[i]!;
    const eq = token.startsWith('--') ? token.indexOf('=') : -1;
    const flag = eq > 0 ? token.slice(0, eq) : token;
    const spec = byFlag.get(flag);
    if (!spec || spec.type === 'unsupported' || given.has(spec)) return undefined;
    if (spec.type === 'boolean') {
      if (eq > 0) return undefined;
      const next = args[i + 1];
      if (next === 'true' || next === 'false') return undefined;
      given.set(spec, true);
      continue;
    }
    const value = eq > 0 ? token.slice(eq + 1) : args[++i];
    // A missing value, or one yargs might read as a flag or a number, is left to yargs.
    if (value === undefined || value === '' || value.startsWith('-')) return undefined;
    given.set(spec, value);
  }
  const argv: Record<string, unknown> = { _: [verb] };
  for (const spec of specs) {
    const value = given.has(spec) ? given.get(spec) : spec.default;
    if (value === undefined) continue;
    for (const k of keysOf(spec)) argv[k] = value;
  }
  argv.$0 = 'argo';
  return argv;
}

/** A command the fast path can run: no positionals, no subcommands, a function builder. */
export function simpleCommand(cmd: CommandModule<any, any>): boolean {
  const names = [cmd.command].flat();
  return names.length === 1 && typeof names[0] === 'string' && !/[<[\s]/.test(names[0].trim()) && (cmd.builder === undefined || typeof cmd.builder === 'function');
}
