/**
 * Writes the image shims into a host directory that every sandbox binds
 * read-only and puts first on PATH. A shim is installed only when the host
 * lacks the real tool (argosay never exists on a host).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync, chmodSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ARGOSAY_SH } from './argosay.js';
import { COWSAY_SH } from './cowsay.js';
import { PYTHON_SH } from './python.js';
import { NC_SH } from './nc.js';

/** Directories a sandbox sees from the host (/usr is bound; /bin etc. point into it). */
const SANDBOX_BIN_DIRS = ['/usr/local/bin', '/usr/local/sbin', '/usr/bin', '/usr/sbin', '/usr/games'];

interface Shim {
  name: string;
  script: string;
  /** Installed only if this returns true. */
  wanted: () => boolean;
}

const SHIMS: Shim[] = [
  { name: 'argosay', script: ARGOSAY_SH, wanted: () => true },
  { name: 'cowsay', script: COWSAY_SH, wanted: () => !hostHas('cowsay') },
  { name: 'python', script: PYTHON_SH, wanted: () => !hostHas('python') && hostHas('python3') },
  { name: 'nc', script: NC_SH, wanted: () => !hostHas('nc') && hostHas('python3') },
];

export function installShims(dir: string): string[] {
  mkdirSync(dir, { recursive: true });
  const installed: string[] = [];
  for (const shim of SHIMS) {
    const path = join(dir, shim.name);
    if (!shim.wanted()) {
      rmSync(path, { force: true });
      continue;
    }
    if (!existsSync(path) || readFileSync(path, 'utf8') !== shim.script) writeFileSync(path, shim.script);
    chmodSync(path, 0o755);
    installed.push(shim.name);
  }
  return installed;
}

function hostHas(cmd: string): boolean {
  return SANDBOX_BIN_DIRS.some((d) => existsSync(join(d, cmd)));
}
