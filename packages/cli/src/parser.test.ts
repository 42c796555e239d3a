import { mkdtempSync, writeFileSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { verbOf, reportError } from './parser.js';
import { CliError, apiError, toCliError } from './errors.js';
import { readCached, writeCached } from './kube/kubeconfig-cache.js';
import { describeResult } from './commands/local.js';

describe('verbOf', () => {
  it('skips global flags and their values', () => {
    expect(verbOf(['-n', 'argo', '--kubeconfig', '/k', 'list', '-A'])).toBe('list');
    expect(verbOf(['--local', 'submit', 'f.yaml'])).toBe('submit');
    expect(verbOf(['--help'])).toBeUndefined();
  });
});

describe('errors', () => {
  it('prints one line, a stack trace only with --verbose', () => {
    const lines: string[] = [];
    const code = reportError(new CliError('not-found', 'get workflow argo/x: workflows "x" not found'), false, (l) => lines.push(l));
    expect(code).toBe(1);
    expect(lines).toEqual(['Error: get workflow argo/x: workflows "x" not found']);
    const verbose: string[] = [];
    reportError(new Error('boom'), true, (l) => verbose.push(l));
    expect(verbose[0]).toBe('Error: boom');
    expect(verbose[1]).toBe('code=internal transient=false');
    expect(verbose[2]).toMatch(/^Error: boom\n\s+at /);
  });

  it('maps API Status bodies and client-node ApiExceptions to their message and code', () => {
    const e = apiError(404, '{"kind":"Status","message":"workflows \\"x\\" not found","code":404}', 'get workflow argo/x');
    expect(e.code).toBe('not-found');
    expect(e.message).toBe('get workflow argo/x: workflows "x" not found');
    expect(e.transient).toBe(false);
    const conflict = toCliError({ code: 409, body: { message: 'the object has been modified' } });
    expect(conflict.code).toBe('conflict');
    expect(conflict.transient).toBe(true);
    expect(toCliError(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })).code).toBe('unreachable');
    expect(apiError(503, '', 'list workflows').transient).toBe(true);
  });
});

describe('kubeconfig cache', () => {
  it('returns the cached value until the file changes', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kcc-'));
    const file = join(dir, 'config');
    writeFileSync(file, 'a');
    writeCached([file], { v: 1 });
    expect(readCached([file])).toEqual({ v: 1 });
    writeFileSync(file, 'bb');
    utimesSync(file, new Date(), new Date(Date.now() + 5000));
    expect(readCached([file])).toBeUndefined();
    expect(readCached([join(dir, 'missing')])).toBeUndefined();
  });
});

describe('argo local output', () => {
  it('says what happened', () => {
    expect(describeResult('stop', { wasRunning: false })).toBe('local cluster was not running');
    expect(describeResult('status', { running: false, stateDir: '/s' })).toBe('local cluster not running (state: /s)');
    expect(describeResult('start', { running: true, apiUrl: 'http://x', stop: () => undefined })).toBe('running:         true\napiUrl:          http://x');
  });
});
