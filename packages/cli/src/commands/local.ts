import { spawn } from 'node:child_process';
import type { CommandModule } from 'yargs';
import { makeCtx } from '../cli/context.js';
import { asLocalError, loadLocalModule, localFunction } from '../kube/local.js';

const IMAGE_MODES = ['auto', 'pull', 'host'] as const;

interface VerbOptions {
  builder?: CommandModule<any, any>['builder'];
  /** The options object the local module's function gets, from the parsed flags. */
  options?: (args: any) => Record<string, unknown>;
}

function verb(name: 'start' | 'stop' | 'status' | 'reset', describe: string, fn: string, extra: VerbOptions = {}): CommandModule<any, any> {
  return {
    command: name,
    describe,
    ...(extra.builder ? { builder: extra.builder } : {}),
    handler: async (args: any) => {
      const ctx = makeCtx(args);
      const mod = await loadLocalModule();
      let result: unknown;
      try {
        result = await localFunction<(opts?: Record<string, unknown>) => Promise<unknown>>(mod, fn)(extra.options?.(args));
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

/** `argo local images [prune]`. */
const images: CommandModule<any, any> = {
  command: 'images [action]',
  describe: 'list the images cached by the local cluster; `prune` frees those no pod uses',
  builder: (y) => y.positional('action', { choices: ['prune'] as const, describe: 'prune: delete cached images no running pod uses' }),
  handler: async (args: any) => {
    const ctx = makeCtx(args);
    const mod = await loadLocalModule();
    try {
      if (args.action === 'prune') {
        const r = await localFunction<() => Promise<{ removed: string[]; freedBytes: number }>>(mod, 'localImagesPrune')();
        for (const n of r.removed) ctx.io.out(`deleted: ${n}`);
        ctx.io.out(`freed ${humanBytes(r.freedBytes)}`);
        return;
      }
      const list = await localFunction<() => Promise<Array<{ name: string; digest: string; size: number; unpackedSize: number; lastUsed: string }>>>(mod, 'localImages')();
      const rows = [['IMAGE', 'DIGEST', 'SIZE', 'UNPACKED', 'LAST USED'], ...list.map((i) => [i.name, i.digest.slice(0, 19), humanBytes(i.size), humanBytes(i.unpackedSize), i.lastUsed.slice(0, 19).replace('T', ' ')])];
      const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
      for (const r of rows) ctx.io.out(r.map((v, c) => (c === r.length - 1 ? v : v.padEnd(widths[c]!))).join('   '));
    } catch (err) {
      throw asLocalError(err, `local images${args.action ? ` ${args.action}` : ''}`);
    }
  },
};

/** 1536 → `1.5 KiB`, as image tools print sizes. */
export function humanBytes(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let i = 0;
  let v = n;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return i === 0 ? `${v} B` : `${v.toFixed(1)} ${units[i]}`;
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
    .command(verb('start', 'start the local cluster in the background', 'localStart', {
      builder: (y: any) => y
        .option('validation', {
          choices: ['strict', 'off'], default: 'strict',
          describe: 'strict: the API server refuses what Kubernetes refuses (422 Invalid); off: only names, labels and Argo schemas are checked',
        })
        .option('images', {
          choices: IMAGE_MODES, describe: 'how pods get their images: auto (pull; host tools when no registry answers), pull, host (never pull); kept for later starts',
        })
        .option('insecure-registry', { type: 'string', array: true, describe: 'a registry (host[:port]) to pull from over plain http; loopback ones always are' })
        .option('allow-host-path', { type: 'boolean', default: false, describe: 'let pods mount host paths (hostPath volumes); refused by default, as Pod Security\'s baseline level refuses them' })
        .option('executor', { choices: ['process', 'in-process'], describe: 'how argoexec runs: the real binary as a sandboxed process of the pod (as on a node), or inside the kubelet (fast)' })
        .option('controller', { choices: ['process', 'in-process'], describe: 'run the workflow controller as its own supervised process (as a Deployment does), or inside the daemon' }),
      options: (args) => ({
        validation: args.validation, images: args.images, insecureRegistries: args['insecure-registry'],
        executor: args.executor, controllerMode: args.controller, allowHostPath: args['allow-host-path'],
      }),
    }))
    .command(verb('stop', 'stop the local cluster', 'localStop'))
    .command(verb('status', 'show whether the local cluster runs, and where', 'localStatus'))
    .command(verb('reset', 'stop the local cluster and delete its state', 'localReset'))
    .command(images)
    .command(ui)
    .demandCommand(1, 'local: a subcommand is required (start, stop, status, reset, images, ui)'),
  handler: () => undefined,
};
