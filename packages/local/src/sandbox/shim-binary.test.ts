import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { compiledShim } from './shim-binary.js';

const hasCc = (() => {
  try {
    execFileSync('cc', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

describe('compiledShim', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'argo-ts-shim-bin-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  (hasCc ? it : it.skip)('compiles into the state dir once per source when build left none, and reuses it', () => {
    const first = compiledShim(dir, { prebuilt: false });
    expect(first.why).toBeUndefined();
    expect(dirname(first.path!)).toBe(dir);
    expect(statSync(first.path!).mode & 0o111).not.toBe(0);
    const mtime = statSync(first.path!).mtimeMs;
    expect(compiledShim(dir, { prebuilt: false }).path).toBe(first.path);
    expect(statSync(first.path!).mtimeMs).toBe(mtime);
  });

  (hasCc ? it : it.skip)('prefers the shim that build compiled for the same source', () => {
    const found = compiledShim(dir);
    // `build` runs before the tests (turbo), with the same compiler CI installs.
    expect(found.path).toMatch(/dist\/sandbox\/shim-c\/argo-ts-shim-[0-9a-f]{12}$/);
  });
});
