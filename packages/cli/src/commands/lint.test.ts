import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTestHooks } from '../cli/context.js';
import type { Io } from '../cli/io.js';
import { CliError } from '../errors.js';
import { command } from './lint.js';

const GOOD = `apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {generateName: ok-}
spec:
  entrypoint: main
  templates:
  - name: main
    container: {image: alpine}
`;
const BAD = GOOD.replace('entrypoint: main', 'entrypoint: mian');

let dir: string;
let out: string[];
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'argo-ts-lint-'));
  writeFileSync(join(dir, 'good.yaml'), GOOD);
  writeFileSync(join(dir, 'bad.yaml'), BAD);
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  setTestHooks({});
});
beforeEach(() => {
  out = [];
  const io: Io = { out: (t) => { out.push(t); }, err: (t) => { out.push(t); }, isTTY: false, now: () => new Date(0) };
  setTestHooks({ io });
});

async function run(file: string[], extra: Record<string, unknown> = {}): Promise<unknown> {
  try {
    await (command.handler as (a: unknown) => Promise<void>)({ file, output: 'pretty', strict: true, _: [], $0: 'argo', ...extra });
    return undefined;
  } catch (err) {
    return err;
  }
}

describe('argo lint', () => {
  it('prints the success line and exits 0 when clean', async () => {
    expect(await run([join(dir, 'good.yaml')])).toBeUndefined();
    expect(out).toEqual(['✔ no linting errors found!']);
  });

  it('prints one line per problem and a summary, and fails with exit status 1', async () => {
    const err = await run([dir]);
    expect(err).toBeInstanceOf(CliError);
    expect((err as CliError).exitCode).toBe(1);
    expect((err as CliError).code).toBe('lint-failed');
    expect((err as CliError).message).toBe('');
    expect(out).toEqual([`${join(dir, 'bad.yaml')}:5:3: spec.entrypoint: template "mian" not found`, '✖ 1 error in 1 file']);
  });

  it('reports an unknown file clearly', async () => {
    const missing = join(dir, 'missing.yaml');
    expect(await run([missing])).toBeInstanceOf(CliError);
    expect(out).toEqual([`${missing}: cannot read: no such file or directory`, '✖ 1 error in 1 file']);
  });

  it('prints a JSON array of problems with -o json', async () => {
    await run([join(dir, 'bad.yaml')], { output: 'json' });
    const problems = JSON.parse(out.join('\n'));
    expect(problems).toEqual([expect.objectContaining({ line: 5, column: 3, path: 'spec.entrypoint', code: 'entrypoint', severity: 'error' })]);
  });

  it('filters by --kinds and rejects unknown kinds', async () => {
    expect(await run([dir], { kinds: ['workflowtemplates'] })).toBeUndefined();
    expect(out).toEqual(['✔ no linting errors found!']);
    const err = await run([dir], { kinds: ['pods'] });
    expect((err as CliError).code).toBe('usage');
  });
});

describe('argo lint (the built binary, on Argo\'s corpus)', () => {
  const here = dirname(fileURLToPath(import.meta.url));
  const bin = resolve(here, '../../bin/argo.js');
  const corpus = process.env.ARGO_COMPAT_DIR!; // jest.preset.js: ../shared/argo-compat beside the repository root
  const argo = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8' });

  it('exits 0 on the examples but for the artifact driver plugin one, refused as not supported here', () => {
    const r = argo('lint', join(corpus, 'examples'));
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('spec.templates[1].outputs.artifacts[0].plugin: not supported by argo-ts: Artifact.plugin');
    expect(r.stdout).toContain('✖ 1 error in 1 file');
    expect(r.status).toBe(1);
    const clean = argo('lint', join(corpus, 'examples/steps.yaml'));
    expect(clean.stdout).toBe('✔ no linting errors found!\n');
    expect(clean.status).toBe(0);
  });

  it('exits 1 naming the misreferenced template, without a stack trace', () => {
    const r = argo('lint', join(corpus, 'test/e2e/expectedfailures/misreference-template-name.yaml'));
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('spec.templates[0].steps[1][0].template: template "hell0" not found');
    expect(r.stdout).toContain('✖ 1 error in 1 file');
    expect(r.stderr).toBe('');
  });
});
