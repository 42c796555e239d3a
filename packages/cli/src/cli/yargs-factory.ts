/**
 * yargs built on a platform shim whose help-layout text functions (string
 * width, ANSI stripping, wrapping) load string-width and wrap-ansi only for
 * text that is not plain ASCII (see text-layout.ts). yargs' own ESM entry
 * imports them eagerly, and string-width compiles Unicode-property regexes
 * and an Intl.Segmenter at load: about 40 ms of every `argo` cold start.
 *
 * The shim has the same members as yargs' own `lib/platform-shims/esm.mjs`
 * (yargs is pinned to an exact version in package.json). The lazy members use
 * require(), which loads ES modules synchronously on the Node versions
 * package.json allows (>= 20.19).
 */
import { notStrictEqual, strictEqual } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, extname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { inspect } from 'node:util';
import type { Argv } from 'yargs';
import { textLayout } from './text-layout.js';

/** A module loaded with require(): ES modules come back as their namespace. */
function defaultExport<T>(mod: unknown): T {
  const m = mod as { default?: T; __esModule?: boolean };
  return (m && typeof m === 'object' && 'default' in m ? m.default : mod) as T;
}

type YargsFactory = (processArgs?: readonly string[], cwd?: string) => Argv;

/** Creates yargs instances like `import yargs from 'yargs'`, with lazy help layout. */
export async function loadYargs(): Promise<YargsFactory> {
  const ownRequire = createRequire(import.meta.url);
  const yargsDir = dirname(ownRequire.resolve('yargs/package.json'));
  // Dependencies of yargs resolve from yargs' own directory (pnpm keeps them out of ours).
  const yargsRequire = createRequire(join(yargsDir, 'index.mjs'));
  const fromYargs = (rel: string) => import(pathToFileURL(join(yargsDir, rel)).href);
  const fromDep = (name: string) => import(pathToFileURL(yargsRequire.resolve(name)).href);
  const [{ YargsFactory }, { getProcessArgvBin }, { default: Parser }, { default: y18n }] = await Promise.all([
    fromYargs('build/lib/yargs-factory.js'),
    fromYargs('build/lib/utils/process-argv.js'),
    fromDep('yargs-parser'),
    // y18n's ES module entry: the CommonJS one require() resolves to would start the CJS loader (~10 ms).
    import(pathToFileURL(join(dirname(dirname(yargsRequire.resolve('y18n'))), 'index.mjs')).href),
  ]);
  const lazy = <T>(req: NodeJS.Require, name: string): (() => T) => {
    let mod: T | undefined;
    return () => (mod ??= defaultExport<T>(req(name)));
  };
  const findUp = lazy<(dir: string, cb: (dir: string, names: string[]) => string | undefined) => string | undefined>(yargsRequire, 'escalade/sync');
  const getCallerFile = lazy<(position?: number) => string>(yargsRequire, 'get-caller-file');
  // cliui's core takes its text functions as a mixin; its entry module would load the real ones eagerly.
  const cliuiEntry = yargsRequire.resolve('cliui');
  const cliuiRequire = createRequire(cliuiEntry);
  const { cliui: cliuiCore } = await import(pathToFileURL(join(dirname(cliuiEntry), 'build', 'lib', 'index.js')).href);
  const cliuiText = textLayout((name) => defaultExport(cliuiRequire(name)));
  const yargsText = textLayout((name) => defaultExport(yargsRequire(name)));
  const shim = {
    assert: { notStrictEqual, strictEqual },
    cliui: (opts: unknown) => cliuiCore(opts, cliuiText),
    findUp: (dir: string, cb: (dir: string, names: string[]) => string | undefined) => findUp()(dir, cb),
    getEnv: (key: string) => process.env[key],
    inspect,
    getProcessArgvBin,
    // Where yargs starts looking for the app's package.json (only for its default
    // --version, which argo turns off): the script being run, as yargs' CommonJS
    // shim had it. yargs' ESM shim starts inside node_modules, and under pnpm that
    // walk lists node_modules/.pnpm (hundreds of entries) on every run.
    mainFilename: process.argv[1] || process.cwd(),
    Parser,
    path: { basename, dirname, extname, relative, resolve, join },
    process: {
      argv: () => process.argv,
      cwd: process.cwd,
      emitWarning: (warning: string, type: string) => process.emitWarning(warning, type),
      execPath: () => process.execPath,
      exit: (code: number) => process.exit(code),
      nextTick: process.nextTick,
      stdColumns: typeof process.stdout.columns !== 'undefined' ? process.stdout.columns : null,
    },
    readFileSync,
    readdirSync,
    require: yargsRequire,
    getCallerFile: () => {
      const callerFile = getCallerFile()(3);
      return /^file:\/\//.test(callerFile) ? fileURLToPath(callerFile) : callerFile;
    },
    stringWidth: yargsText.stringWidth,
    y18n: y18n({ directory: resolve(yargsDir, 'locales'), updateFiles: false }),
  };
  return YargsFactory(shim) as YargsFactory;
}
