import { spawn } from 'node:child_process';
import type { CommandModule } from 'yargs';
import { makeCtx } from '../cli/context.js';
import { asLocalError, loadLocalModule, localFunction } from '../kube/local.js';

function verb(name: 'start' | 'stop' | 'status' | 'reset', describe: string, fn: string): CommandModule<any, any> {
  return {
    command: name,
    describe,
    handler: async (args: any) => {
      const ctx = makeCtx(args);
      const mod = await loadLocalModule();
      let result: unknown;
      try {
        result = await localFunction<() => Promise<unknown>>(mod, fn)();
      } catch (err) {
        throw asLocalError(err, `local ${name}`);
      }
      ctx.io.out(describeResult(name, result));
    },
  };
}

/** Prints what the local cluster reported; objects as `key: value` lines. */
export function describeResult(verbName: string, result: unknown): string {
  if (verbName === 'stop') return (result as { wasRunning?: boolean })?.wasRunning ? 'local cluster stopped' : 'local cluster was not running';
  if (verbName === 'reset') return 'local cluster stopped and its state deleted';
  if (verbName === 'status' && (result as { running?: boolean })?.running === false) return `local cluster not running (state: ${(result as { stateDir?: string }).stateDir ?? '?'})`;
  if (result === undefined || result === null) return `local cluster: ${verbName} done`;
  if (typeof result === 'string') return result;
  return Object.entries(result as Record<string, unknown>)
    .filter(([, v]) => typeof v !== 'function')
    .map(([k, v]) => `${`${k}:`.padEnd(16)} ${typeof v === 'object' ? JSON.stringify(v) : String(v)}`)
    .join('\n');
}

/** The command that opens a URL in the desktop's browser, or none when there is no desktop to open it on. */
export function browserOpener(platform: NodeJS.Platform = process.platform, env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (platform === 'darwin') return 'open';
  if (platform === 'linux' || platform === 'freebsd') return env.DISPLAY || env.WAYLAND_DISPLAY ? 'xdg-open' : undefined;
  return undefined;
}

/** Runs the opener (no shell: the URL is one argument); true when it reported success. */
function openBrowser(opener: string, url: string): Promise<boolean> {
  return new Promise((resolve) => {
    const child = spawn(opener, [url], { stdio: 'ignore', detached: true });
    const timer = setTimeout(() => { child.unref(); resolve(true); }, 5000);
    child.on('error', () => { clearTimeout(timer); resolve(false); });
    child.on('exit', (code) => { clearTimeout(timer); resolve(code === 0); });
  });
}

const ui: CommandModule<any, any> = {
  command: 'ui',
  describe: 'open the web UI in a browser (prints its URL when no browser can be opened)',
  handler: async (args: any) => {
    const ctx = makeCtx(args);
    const mod = await loadLocalModule();
    let login: { url: string; loginUrl: string };
    try {
      login = await localFunction<() => Promise<{ url: string; loginUrl: string }>>(mod, 'localUiLogin')();
    } catch (err) {
      throw asLocalError(err, 'local ui');
    }
    const opener = browserOpener();
    if (opener && (await openBrowser(opener, login.loginUrl))) {
      ctx.io.out(`opened the web UI: ${login.url}`);
      return;
    }
    ctx.io.out([
      `web UI: ${login.url}`,
      `no browser could be opened; to log in, open within 60 seconds (works once): ${login.loginUrl}`,
    ].join('\n'));
  },
};

export const command: CommandModule<any, any> = {
  command: 'local',
  describe: 'manage the embedded local cluster',
  builder: (y) => y
    .command(verb('start', 'start the local cluster in the background', 'localStart'))
    .command(verb('stop', 'stop the local cluster', 'localStop'))
    .command(verb('status', 'show whether the local cluster runs, and where', 'localStatus'))
    .command(verb('reset', 'stop the local cluster and delete its state', 'localReset'))
    .command(ui)
    .demandCommand(1, 'local: a subcommand is required (start, stop, status, reset, ui)'),
  handler: () => undefined,
};
