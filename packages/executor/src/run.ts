import { readFileSync } from 'node:fs';
import type { ExecutorContext, ExecutorResult } from './context.js';
import { ExecutorError, messageOf } from './errors.js';
import { runInit } from './commands/init.js';
import { runWait } from './commands/wait.js';
import { runResource } from './commands/resource.js';
import { runData } from './commands/data.js';
import { emissaryScript } from './emissary/script.js';

type Command = (ctx: ExecutorContext) => Promise<ExecutorResult>;

/** argoexec sub-commands by name. */
export const commands: Record<string, Command> = {
  init: runInit,
  wait: runWait,
  resource: (ctx) => runResource(ctx),
  data: runData,
  /** Prints the emissary, for images that bake it in instead of getting it from init. */
  'emissary-script': async (ctx) => {
    ctx.stdout.write(emissaryScript());
    return { exitCode: 0 };
  },
  /** As Argo's `argoexec version`: also how CI proves a bundle starts with only its own files. */
  version: async (ctx) => {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version?: string };
    ctx.stdout.write(`argoexec: v${pkg.version ?? '0.0.0'}\n`);
    return { exitCode: 0 };
  },
};

/**
 * Runs one `argoexec` sub-command in this process. Never throws: every
 * failure becomes a non-zero exit code and a one-line termination message.
 */
export async function runInProcess(ctx: ExecutorContext): Promise<ExecutorResult> {
  const [name] = ctx.args;
  const command = name ? commands[name] : undefined;
  if (!command) {
    const message = `argoexec: unknown command ${JSON.stringify(name ?? '')} (expected one of: ${Object.keys(commands).join(', ')})`;
    ctx.stderr.write(`${message}\n`);
    return { exitCode: 2, message };
  }
  try {
    return await command(ctx);
  } catch (err) {
    const message = messageOf(err);
    ctx.stderr.write(`argoexec ${name}: ${message}\n`);
    if (!(err instanceof ExecutorError)) ctx.stderr.write(`${(err as Error)?.stack ?? ''}\n`);
    return { exitCode: err instanceof ExecutorError && err.code === 'Aborted' ? 143 : 1, message };
  }
}
