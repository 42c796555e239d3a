import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { installShims } from './install.js';
import { COWSAY_SH } from './cowsay.js';
import { PYTHON_SH } from './python.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'argo-ts-shims-'));
  installShims(join(dir, 'bin'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function argosay(...args: string[]): { code: number | null; out: string; err: string } {
  const r = spawnSync('/bin/sh', [join(dir, 'bin', 'argosay'), ...args], { encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('argosay shim', () => {
  it('says hello argo with no arguments and echoes text', () => {
    expect(argosay()).toMatchObject({ code: 0, out: 'hello argo\n' });
    expect(argosay('echo', 'a b')).toMatchObject({ code: 0, out: 'a b\n' });
  });
  it('echo TEXT FILE writes the file, cat reads it', () => {
    const f = join(dir, 'sub', 'out.txt');
    expect(argosay('echo', 'payload', f).code).toBe(0);
    expect(readFileSync(f, 'utf8')).toBe('payload');
    expect(argosay('cat', f).out).toBe('payload');
  });
  it('exits with the given code and sleeps for durations', () => {
    expect(argosay('exit', '3').code).toBe(3);
    const t = Date.now();
    expect(argosay('sleep', '200ms').code).toBe(0);
    expect(argosay('sleep', '0s').code).toBe(0);
    expect(Date.now() - t).toBeGreaterThanOrEqual(150);
  });
  it('asserts contents', () => {
    const f = join(dir, 'assert.txt');
    writeFileSync(f, 'the quick fox');
    expect(argosay('assert_contains', f, 'quick').code).toBe(0);
    expect(argosay('assert_contains', f, 'slow')).toMatchObject({ code: 1, err: `expected ${f} to contain slow\n` });
    expect(argosay('assert_equals', f, 'the quick fox').code).toBe(0);
    expect(argosay('assert_equals', f, 'nope').code).toBe(1);
    expect(argosay('bogus')).toMatchObject({ code: 1, err: 'argosay: unknown command bogus\n' });
  });
});

describe('cowsay shim', () => {
  it('draws the message in a bubble above a cow', () => {
    const script = join(dir, 'cowsay.sh');
    writeFileSync(script, COWSAY_SH);
    const out = execFileSync('/bin/sh', [script, 'hello', 'world'], { encoding: 'utf8' });
    const lines = out.split('\n');
    expect(lines.slice(0, 3)).toEqual([' _____________', '< hello world >', ' -------------']);
    expect(out).toContain('(oo)');
  });
});

describe('python shim', () => {
  it('runs python3', () => {
    const script = join(dir, 'python.sh');
    writeFileSync(script, PYTHON_SH);
    expect(execFileSync('/bin/sh', [script, '-c', 'import sys; print(sys.version_info[0])'], { encoding: 'utf8' })).toBe('3\n');
  });
});
