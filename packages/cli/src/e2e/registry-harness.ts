/**
 * A real registry on loopback for end-to-end tests: Debian's `docker-registry`
 * (distribution 2.8), optionally behind htpasswd auth, its access log kept so
 * tests can count requests; and images built here from the static busybox,
 * written as OCI layers and pushed over the registry API.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, chownSync, copyFileSync, existsSync, lstatSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import bcrypt from 'bcryptjs';
import * as tar from 'tar';

export const REGISTRY_BIN = '/usr/bin/docker-registry';
export const BUSYBOX = '/usr/bin/busybox';
export const hasRegistryTools = existsSync(REGISTRY_BIN) && existsSync(BUSYBOX);

export class TestRegistry {
  private proc: ChildProcess | undefined;
  log = '';
  host = '';

  constructor(private readonly dir: string, private readonly auth?: { username: string; password: string }) {}

  async start(): Promise<void> {
    mkdirSync(this.dir, { recursive: true });
    const port = await freePort();
    this.host = `127.0.0.1:${port}`;
    const lines = [
      'version: 0.1',
      'log: { level: warn, accesslog: { disabled: false } }',
      `storage: { filesystem: { rootdirectory: ${JSON.stringify(join(this.dir, 'data'))} }, delete: { enabled: true } }`,
      `http: { addr: "${this.host}" }`,
    ];
    if (this.auth) {
      writeFileSync(join(this.dir, 'htpasswd'), `${this.auth.username}:${bcrypt.hashSync(this.auth.password, 5)}\n`);
      lines.push(`auth: { htpasswd: { realm: basic-realm, path: ${JSON.stringify(join(this.dir, 'htpasswd'))} } }`);
    }
    writeFileSync(join(this.dir, 'config.yml'), lines.join('\n') + '\n');
    const proc = spawn(REGISTRY_BIN, ['serve', join(this.dir, 'config.yml')], { stdio: ['ignore', 'pipe', 'pipe'] });
    this.proc = proc;
    proc.stdout!.on('data', (d) => (this.log += d));
    proc.stderr!.on('data', (d) => (this.log += d));
    for (let i = 0; i < 200; i++) {
      try {
        const res = await fetch(`http://${this.host}/v2/`);
        if (res.status === 200 || res.status === 401) return;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`registry did not start:\n${this.log}`);
  }

  async stop(): Promise<void> {
    const p = this.proc;
    if (!p || p.exitCode !== null) return;
    const gone = new Promise((r) => p.once('exit', r));
    p.kill('SIGTERM');
    await gone;
  }

  /** Requests in the access log matching `pattern` (e.g. / \/v2\/busy\/blobs\/ /). */
  count(pattern: RegExp): number {
    return this.log.split('\n').filter((l) => /"(GET|HEAD) \/v2\//.test(l) && pattern.test(l)).length;
  }

  private headers(extra: Record<string, string> = {}): Record<string, string> {
    const h: Record<string, string> = { ...extra };
    if (this.auth) h.authorization = `Basic ${Buffer.from(`${this.auth.username}:${this.auth.password}`).toString('base64')}`;
    return h;
  }

  async pushBlob(repo: string, data: Buffer): Promise<{ digest: string; size: number }> {
    const digest = `sha256:${createHash('sha256').update(data).digest('hex')}`;
    const start = await fetch(`http://${this.host}/v2/${repo}/blobs/uploads/`, { method: 'POST', headers: this.headers() });
    if (start.status !== 202) throw new Error(`upload start: ${start.status} ${await start.text()}`);
    const loc = new URL(start.headers.get('location')!, `http://${this.host}`);
    loc.searchParams.set('digest', digest);
    const put = await fetch(loc, { method: 'PUT', headers: this.headers({ 'content-type': 'application/octet-stream' }), body: data });
    if (put.status !== 201) throw new Error(`upload: ${put.status} ${await put.text()}`);
    return { digest, size: data.length };
  }

  async pushManifest(repo: string, tag: string, manifest: unknown): Promise<string> {
    const body = Buffer.from(JSON.stringify(manifest));
    const res = await fetch(`http://${this.host}/v2/${repo}/manifests/${tag}`, {
      method: 'PUT', headers: this.headers({ 'content-type': 'application/vnd.oci.image.manifest.v1+json' }), body,
    });
    if (res.status !== 201) throw new Error(`manifest: ${res.status} ${await res.text()}`);
    return `sha256:${createHash('sha256').update(body).digest('hex')}`;
  }

  /** Builds the layer directories into gzip tars and pushes them with a config and a manifest. */
  async pushImage(repo: string, tag: string, layerDirs: string[], config: Record<string, unknown>): Promise<string> {
    const layers = [];
    const diffIds = [];
    for (const dir of layerDirs) {
      const raw = await tarOf(dir, false);
      diffIds.push(`sha256:${createHash('sha256').update(raw).digest('hex')}`);
      const gz = await tarOf(dir, true);
      layers.push({ mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', ...(await this.pushBlob(repo, gz)) });
    }
    const cfg = Buffer.from(JSON.stringify({ architecture: hostArch(), os: 'linux', config, rootfs: { type: 'layers', diff_ids: diffIds } }));
    const c = await this.pushBlob(repo, cfg);
    return this.pushManifest(repo, tag, { schemaVersion: 2, mediaType: 'application/vnd.oci.image.manifest.v1+json', config: { mediaType: 'application/vnd.oci.image.config.v1+json', ...c }, layers });
  }
}

function hostArch(): string {
  return process.arch === 'x64' ? 'amd64' : process.arch;
}

async function tarOf(dir: string, gzip: boolean): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const stream = tar.c({ cwd: dir, gzip, portable: false, noMtime: true }, ['.']);
  for await (const c of stream as AsyncIterable<Buffer>) chunks.push(c);
  return Buffer.concat(chunks);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

/**
 * Three layers over busybox: (1) busybox with its applets, /etc/passwd and
 * /etc/group naming `app` (1234:2345), /etc/gone.txt and /data/old.txt;
 * (2) deletes /etc/gone.txt (a whiteout), makes /data opaque with new.txt,
 * and gives app a home; (3) a `greet` script as the ENTRYPOINT.
 */
export function busyboxLayers(root: string): string[] {
  const l1 = join(root, 'l1');
  const l2 = join(root, 'l2');
  const l3 = join(root, 'l3');
  for (const d of ['bin', 'etc', 'tmp', 'data', 'root']) mkdirSync(join(l1, d), { recursive: true });
  chmodSync(join(l1, 'tmp'), 0o1777);
  copyFileSync(BUSYBOX, join(l1, 'bin', 'busybox'));
  chmodSync(join(l1, 'bin', 'busybox'), 0o755);
  for (const applet of ['sh', 'ls', 'cat', 'id', 'pwd', 'echo', 'env', 'test', '[', 'mkdir', 'touch', 'rm', 'sleep', 'date', 'printf', 'true', 'false', 'kill', 'mv', 'cp', 'stat', 'head', 'tail', 'tr', 'grep', 'sed', 'wc', 'whoami', 'chmod', 'ln', 'basename', 'dirname', 'timeout', 'tee', 'xargs']) {
    const p = join(l1, 'bin', applet);
    if (!existsSyncL(p)) symlinkSync('busybox', p);
  }
  writeFileSync(join(l1, 'etc', 'passwd'), 'root:x:0:0:root:/root:/bin/sh\napp:x:1234:2345:app:/home/app:/bin/sh\n');
  writeFileSync(join(l1, 'etc', 'group'), 'root:x:0:\napp:x:2345:\n');
  writeFileSync(join(l1, 'etc', 'gone.txt'), 'deleted by layer 2\n');
  writeFileSync(join(l1, 'data', 'old.txt'), 'hidden by the opaque /data of layer 2\n');

  mkdirSync(join(l2, 'etc'), { recursive: true });
  writeFileSync(join(l2, 'etc', '.wh.gone.txt'), '');
  mkdirSync(join(l2, 'data'), { recursive: true });
  writeFileSync(join(l2, 'data', '.wh..wh..opq'), '');
  writeFileSync(join(l2, 'data', 'new.txt'), 'from layer 2\n');
  mkdirSync(join(l2, 'home', 'app'), { recursive: true });
  chownSync(join(l2, 'home', 'app'), 1234, 2345);

  mkdirSync(join(l3, 'usr', 'local', 'bin'), { recursive: true });
  writeFileSync(join(l3, 'usr', 'local', 'bin', 'greet'), '#!/bin/sh\necho "greet $*"\n');
  chmodSync(join(l3, 'usr', 'local', 'bin', 'greet'), 0o755);
  return [l1, l2, l3];
}

function existsSyncL(p: string): boolean {
  try {
    lstatSync(p);
    return true;
  } catch {
    return false;
  }
}

export const IMAGE_CONFIG = {
  Entrypoint: ['/usr/local/bin/greet'],
  Cmd: ['world'],
  Env: ['PATH=/usr/local/bin:/bin', 'GREETING=hello-from-image'],
  WorkingDir: '/srv/work',
  User: 'app',
};

/** A kubernetes.io/dockerconfigjson Secret's data for one registry. */
export function dockerConfigJson(host: string, username: string, password: string): string {
  return Buffer.from(JSON.stringify({ auths: { [host]: { auth: Buffer.from(`${username}:${password}`).toString('base64') } } })).toString('base64');
}

