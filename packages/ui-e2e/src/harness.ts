/**
 * What the browser tests run against: the local cluster's daemon as users
 * run it (`argo local start` starts the same program) in its own process,
 * with its state in a temp dir and every port free-picked (API server, S3
 * store, and the argo-server it hosts, which serves the built UI), and
 * headless Debian Chromium driven by playwright-core — no browser is
 * downloaded. Running the cluster out of process also keeps it out of
 * jest's module loader.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

/** Debian's chromium, or CHROMIUM_PATH. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const require = createRequire(import.meta.url);

/** The UI's build output (turbo builds it before this package's tests). */
export function uiDist(): string {
  const dir = join(dirname(require.resolve('@argo-ts/ui/package.json')), 'dist');
  if (!existsSync(join(dir, 'index.html'))) throw new Error(`${dir}/index.html is missing: build the UI first (pnpm --filter @argo-ts/ui build)`);
  return dir;
}

/** The daemon program beside @argo-ts/local's entry point (dist/index.js → dist/daemon/main.js). */
function daemonMain(): string {
  return join(dirname(require.resolve('@argo-ts/local')), 'daemon', 'main.js');
}

interface Daemon { process: ChildProcess; serverUrl: string }

/**
 * Starts the daemon and resolves with the argo-server URL from its ready
 * file. The settings file is laid first: port 0 for the argo-server (any free
 * port) and our token, so the test knows it without reading the daemon's.
 */
function startDaemon(stateDir: string, token: string, log: (l: string) => void): Promise<Daemon> {
  mkdirSync(stateDir, { recursive: true });
  writeFileSync(join(stateDir, 'settings.json'), JSON.stringify({ serverPort: 0, serverToken: token, accessKey: 'argo-ts', secretKey: randomBytes(18).toString('base64url') }), { mode: 0o600 });
  const child = spawn(process.execPath, [daemonMain(), '--state-dir', stateDir, '--port', '0', '--s3-port', '0'], {
    env: { ...process.env, ARGO_UI_DIR: uiDist() }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const onData = (d: Buffer) => {
    out += d.toString();
    for (const line of d.toString().split('\n')) if (line) log(line);
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  return new Promise((resolve, reject) => {
    const ready = join(stateDir, 'daemon.ready');
    const end = Date.now() + 120_000;
    let exited: number | null | undefined;
    child.on('exit', (code) => { exited = code; });
    const poll = () => {
      if (existsSync(ready)) {
        const info = JSON.parse(readFileSync(ready, 'utf8')) as { serverUrl?: string };
        if (!info.serverUrl) { child.kill('SIGKILL'); reject(new Error(`the local daemon started no argo-server:\n${out}`)); return; }
        resolve({ process: child, serverUrl: info.serverUrl });
      } else if (exited !== undefined) reject(new Error(`the local daemon exited (${exited}) before it was ready:\n${out}`));
      else if (Date.now() > end) { child.kill('SIGKILL'); reject(new Error(`the local daemon was not ready in 120 s:\n${out}`)); }
      else setTimeout(poll, 100);
    };
    poll();
  });
}

export class UiRig {
  dir!: string;
  daemon!: Daemon;
  browser!: Browser;
  page!: Page;
  readonly token = randomBytes(24).toString('hex');
  /** Lines the daemon logged, printed when a test fails to help tell why. */
  readonly clusterLog: string[] = [];
  /** Browser console errors and page errors. */
  readonly browserErrors: string[] = [];

  get url(): string {
    return this.daemon.serverUrl;
  }

  async start(): Promise<void> {
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} not found: install Debian's chromium package (apt-get install chromium) or set CHROMIUM_PATH`);
    this.dir = mkdtempSync(join(tmpdir(), 'argo-ts-ui-e2e-'));
    this.daemon = await startDaemon(join(this.dir, 'state'), this.token, (l) => this.clusterLog.push(l));
    this.browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
    const context = await this.browser.newContext({ viewport: { width: 1366, height: 768 } });
    this.page = await context.newPage();
    this.page.on('pageerror', (e) => this.browserErrors.push(`pageerror: ${e.message}`));
    this.page.on('console', (m) => { if (m.type() === 'error') this.browserErrors.push(`console: ${m.text()}`); });
    // The token is handed over once in the query string (the UI keeps it and drops it from the address).
    await this.page.goto(`${this.url}/?token=${this.token}#/workflows`);
  }

  async stop(): Promise<void> {
    await this.browser?.close().catch(() => undefined);
    const child = this.daemon?.process;
    if (child && child.exitCode === null) {
      let timer: NodeJS.Timeout | undefined;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => { timer = setTimeout(r, 10_000); })]);
      clearTimeout(timer);
      if (child.exitCode === null) child.kill('SIGKILL');
    }
    if (this.dir) rmSync(this.dir, { recursive: true, force: true });
  }

  /** Argo Server's REST API, with the token (for checks beside what the page shows). */
  async api<T = any>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(`${this.url}${path}`, {
      method, headers: { Authorization: `Bearer ${this.token}`, 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
    return JSON.parse(text) as T;
  }
}

/** Polls `read` until `done` holds for its value; throws with the last value after `ms`. */
export async function until<T>(what: string, read: () => Promise<T>, done: (v: T) => boolean, ms = 30_000, every = 100): Promise<T> {
  const end = Date.now() + ms;
  let last: T | undefined;
  for (;;) {
    last = await read();
    if (done(last)) return last;
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}; last seen: ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, every));
  }
}
