import { spawn } from 'node:child_process';
import { mkdtemp, rm, rename, mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { ExecutorError } from '../../errors.js';
import type { Artifact, GitLocation } from '../../template.js';
import { withRetry } from '../../retry.js';
import { REMOTE_IDLE_TIMEOUT_MS, type ArtifactDriver, type DriverDeps, type DriverFactory } from '../driver.js';

function location(a: Artifact): GitLocation {
  if (!a.git?.repo) throw new ExecutorError('BadTemplate', `artifact "${a.name}": git.repo is missing`);
  return a.git;
}

/** Runs git with an argv array (never a shell string); credentials go through env, not argv. */
function git(args: string[], opts: { cwd?: string; env?: Record<string, string>; signal?: AbortSignal; timeoutMs: number; what: string }): Promise<void> {
  const secs = String(Math.max(1, Math.round(opts.timeoutMs / 1000)));
  return new Promise((resolve, reject) => {
    const child = spawn('git', args, {
      cwd: opts.cwd,
      env: {
        ...process.env, GIT_TERMINAL_PROMPT: '0',
        // Over http(s): fewer than 1 byte/s for the idle limit ends the command ("Operation too slow").
        GIT_HTTP_LOW_SPEED_LIMIT: '1', GIT_HTTP_LOW_SPEED_TIME: secs,
        GIT_SSH_COMMAND: `ssh -o ConnectTimeout=${secs} -o ServerAliveInterval=${secs} -o ServerAliveCountMax=1`,
        ...opts.env,
      },
      stdio: ['ignore', 'ignore', 'pipe'],
      signal: opts.signal,
    });
    // Any other transport (git://, a stuck helper): a whole command may take 10 idle limits at most.
    let timedOut = false;
    const cap = setTimeout(() => { timedOut = true; child.kill('SIGKILL'); }, opts.timeoutMs * 10);
    let stderr = '';
    child.stderr.on('data', (d) => { if (stderr.length < 4096) stderr += d; });
    child.on('error', (err) => { clearTimeout(cap); reject(new ExecutorError('ArtifactRead', `${opts.what}: cannot run git: ${err.message}`)); });
    child.on('close', (code) => {
      clearTimeout(cap);
      if (timedOut) return reject(new ExecutorError('Network', `${opts.what}: git ${args[0]} timed out after ${(opts.timeoutMs * 10) / 1000} s`, { transient: true }));
      if (code === 0) return resolve();
      const last = stderr.trim().split('\n').pop() ?? '';
      const transient = /could not resolve host|connection (refused|reset|timed out)|early EOF|HTTP 5\d\d|operation too slow|timed out/i.test(stderr);
      reject(new ExecutorError('ArtifactRead', `${opts.what}: git ${args[0]} exited ${code}: ${last}`, { transient }));
    });
  });
}

async function credentialEnv(loc: GitLocation, deps: DriverDeps): Promise<Record<string, string>> {
  const env: Record<string, string> = {};
  const secs = Math.max(1, Math.round((deps.timeoutMs ?? REMOTE_IDLE_TIMEOUT_MS) / 1000));
  if (loc.insecureIgnoreHostKey) {
    env.GIT_SSH_COMMAND = `ssh -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o ConnectTimeout=${secs} -o ServerAliveInterval=${secs} -o ServerAliveCountMax=1`;
  }
  if (loc.usernameSecret || loc.passwordSecret) {
    // A credential helper that reads env vars: the secret never appears in argv or in .git/config.
    env.ARGO_GIT_USERNAME = loc.usernameSecret ? await deps.getSecret(loc.usernameSecret) : '';
    env.ARGO_GIT_PASSWORD = loc.passwordSecret ? await deps.getSecret(loc.passwordSecret) : '';
    env.GIT_CONFIG_COUNT = '1';
    env.GIT_CONFIG_KEY_0 = 'credential.helper';
    env.GIT_CONFIG_VALUE_0 = '!f() { echo "username=$ARGO_GIT_USERNAME"; echo "password=$ARGO_GIT_PASSWORD"; }; f';
  }
  return env;
}

/** Git artifacts: a checkout of `repo` at `revision` (input only). */
export const gitDriver: DriverFactory = (deps): ArtifactDriver => {
  const readOnly = (a: Artifact) => new ExecutorError('ArtifactUnsupported', `artifact "${a.name}": git artifacts are inputs only`);
  return {
    async load(a, dest) {
      const loc = location(a);
      const what = `load git artifact "${a.name}" from ${loc.repo}`;
      await mkdir(dirname(dest), { recursive: true });
      const work = await mkdtemp(join(dirname(dest), '.git-'));
      const checkout = join(work, 'repo');
      try {
        const env = await credentialEnv(loc, deps);
        const timeoutMs = deps.timeoutMs ?? REMOTE_IDLE_TIMEOUT_MS;
        const clone = ['clone', '--quiet', '--no-checkout'];
        if (loc.depth && loc.depth > 0) clone.push('--depth', String(loc.depth));
        if (loc.singleBranch || loc.branch) clone.push('--single-branch');
        if (loc.branch) clone.push('--branch', loc.branch);
        clone.push('--', loc.repo, checkout);
        // The clone is the one network-heavy step: retried (into a fresh directory) when transient.
        await withRetry(async () => {
          await rm(checkout, { recursive: true, force: true });
          await git(clone, { env, signal: deps.signal, timeoutMs, what });
        }, { what, signal: deps.signal });
        for (const refspec of loc.fetch ?? []) {
          await git(['fetch', '--quiet', 'origin', '--', refspec], { cwd: checkout, env, signal: deps.signal, timeoutMs, what });
        }
        if (loc.revision) {
          // A revision outside a shallow clone's history has to be fetched explicitly.
          await git(['fetch', '--quiet', ...(loc.depth ? ['--depth', String(loc.depth)] : []), 'origin', '--', loc.revision],
            { cwd: checkout, env, signal: deps.signal, timeoutMs, what }).catch(() => undefined);
        }
        const rev = loc.revision ? [loc.revision] : [];
        await git(['checkout', '--quiet', ...rev, '--'], { cwd: checkout, env, signal: deps.signal, timeoutMs, what: `${what} at ${loc.revision ?? 'HEAD'}` })
          .catch(async (err) => {
            if (!loc.revision) throw err;
            await git(['checkout', '--quiet', 'FETCH_HEAD', '--'], { cwd: checkout, env, signal: deps.signal, timeoutMs, what: `${what} at ${loc.revision}` });
          });
        if (!loc.disableSubmodules) {
          await git(['submodule', 'update', '--quiet', '--init', '--recursive'], { cwd: checkout, env, signal: deps.signal, timeoutMs, what });
        }
        await rm(dest, { recursive: true, force: true });
        await rename(checkout, dest);
      } finally {
        await rm(work, { recursive: true, force: true });
      }
    },
    async openStream(a) { throw readOnly(a); },
    async save(_s, a) { throw readOnly(a); },
    async saveStream(_o, a) { throw readOnly(a); },
    async list(a) { return [location(a).repo]; },
    async delete(a) { throw readOnly(a); },
    async isDirectory() { return true; },
  };
};
