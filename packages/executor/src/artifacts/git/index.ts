import { spawn } from 'node:child_process';
import { mkdtemp, rm, rename, mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { ExecutorError } from '../../errors.js';
import type { Artifact, GitLocation } from '../../template.js';
import type { ArtifactDriver, DriverDeps, DriverFactory } from '../driver.js';

function location(a: Artifact): GitLocation {
  if (!a.git?.repo) throw new ExecutorError('BadTemplate', `artifact "${a.name}": git.repo is missing`);
  return a.git;
}

/** Runs git with an argv array (never a shell string); credentials go through env, not argv. */
function git(args: string[], opts: { cwd?: string; env?: Record<string, string>; signal?: AbortSignal; what: string }): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', args, {
      cwd: opts.cwd,
      env: { ...process.env, GIT_TERMINAL_PROMPT: '0', ...opts.env },
      stdio: ['ignore', 'ignore', 'pipe'],
      signal: opts.signal,
    });
    let stderr = '';
    child.stderr.on('data', (d) => { if (stderr.length < 4096) stderr += d; });
    child.on('error', (err) => reject(new ExecutorError('ArtifactRead', `${opts.what}: cannot run git: ${err.message}`)));
    child.on('close', (code) => {
      if (code === 0) return resolve();
      const last = stderr.trim().split('\n').pop() ?? '';
      const transient = /could not resolve host|connection (refused|reset|timed out)|early EOF|HTTP 5\d\d/i.test(stderr);
      reject(new ExecutorError('ArtifactRead', `${opts.what}: git ${args[0]} exited ${code}: ${last}`, { transient }));
    });
  });
}

async function credentialEnv(loc: GitLocation, deps: DriverDeps): Promise<Record<string, string>> {
  const env: Record<string, string> = {};
  if (loc.insecureIgnoreHostKey) env.GIT_SSH_COMMAND = 'ssh -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null';
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
        const clone = ['clone', '--quiet', '--no-checkout'];
        if (loc.depth && loc.depth > 0) clone.push('--depth', String(loc.depth));
        if (loc.singleBranch || loc.branch) clone.push('--single-branch');
        if (loc.branch) clone.push('--branch', loc.branch);
        clone.push('--', loc.repo, checkout);
        await git(clone, { env, signal: deps.signal, what });
        for (const refspec of loc.fetch ?? []) {
          await git(['fetch', '--quiet', 'origin', '--', refspec], { cwd: checkout, env, signal: deps.signal, what });
        }
        if (loc.revision) {
          // A revision outside a shallow clone's history has to be fetched explicitly.
          await git(['fetch', '--quiet', ...(loc.depth ? ['--depth', String(loc.depth)] : []), 'origin', '--', loc.revision],
            { cwd: checkout, env, signal: deps.signal, what }).catch(() => undefined);
        }
        const rev = loc.revision ? [loc.revision] : [];
        await git(['checkout', '--quiet', ...rev, '--'], { cwd: checkout, env, signal: deps.signal, what: `${what} at ${loc.revision ?? 'HEAD'}` })
          .catch(async (err) => {
            if (!loc.revision) throw err;
            await git(['checkout', '--quiet', 'FETCH_HEAD', '--'], { cwd: checkout, env, signal: deps.signal, what: `${what} at ${loc.revision}` });
          });
        if (!loc.disableSubmodules) {
          await git(['submodule', 'update', '--quiet', '--init', '--recursive'], { cwd: checkout, env, signal: deps.signal, what });
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
