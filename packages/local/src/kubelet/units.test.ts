import { expandVars } from './expand.js';
import { imageRepository, resolveCommand } from './images.js';
import { parseQuantity } from './quantity.js';
import { pathResolver } from './mounts.js';
import { unschedulableReason, localNodeLabels } from './scheduling.js';

describe('expandVars', () => {
  const env: Record<string, string> = { A: 'a', EMPTY: '' };
  const x = (s: string): string => expandVars(s, (n) => env[n]);
  it('replaces defined references and keeps undefined ones', () => {
    expect(x('$(A)-$(B)-$(EMPTY)!')).toBe('a-$(B)-!');
  });
  it('treats $$ as an escaped $', () => {
    expect(x('$$(A) $$ $$$(A)')).toBe('$(A) $ $a');
  });
  it('leaves lone and unterminated dollars alone', () => {
    expect(x('cost $5 $(A')).toBe('cost $5 $(A');
    expect(x('end$')).toBe('end$');
  });
});

describe('images', () => {
  it('normalises registries, library/ and tags', () => {
    expect(imageRepository('docker.io/library/alpine:3.18')).toBe('alpine');
    expect(imageRepository('quay.io/argoproj/argosay:v2@sha256:abc')).toBe('argoproj/argosay');
    expect(imageRepository('localhost:5000/x/y')).toBe('x/y');
    expect(imageRepository('python:3.11-slim')).toBe('python');
  });
  it('applies command/args over the known entrypoint and cmd', () => {
    expect(resolveCommand('alpine', ['echo'], ['hi'])).toEqual({ ok: true, argv: ['echo', 'hi'] });
    expect(resolveCommand('argoproj/argosay:v2', undefined, ['echo', 'x'])).toEqual({ ok: true, argv: ['argosay', 'echo', 'x'] });
    expect(resolveCommand('docker/whalesay', undefined, ['hi'])).toEqual({ ok: true, argv: ['cowsay', 'hi'] });
    expect(resolveCommand('alpine:3', undefined, ['sh', '-c', 'true'])).toEqual({ ok: true, argv: ['sh', '-c', 'true'] });
    expect(resolveCommand('python:3', undefined, undefined)).toEqual({ ok: true, argv: ['python3'] });
    expect(resolveCommand('acme/tool:1', undefined, ['x'])).toEqual({ ok: false, message: 'image acme/tool:1 has no known entrypoint; set command' });
  });
});

describe('parseQuantity', () => {
  it('reads binary and decimal suffixes and millis', () => {
    expect(parseQuantity('50Mi')).toBe(50 * 2 ** 20);
    expect(parseQuantity('1G')).toBe(1e9);
    expect(parseQuantity('500m')).toBe(0.5);
    expect(parseQuantity('1e3')).toBe(1000);
    expect(parseQuantity('2')).toBe(2);
  });
  it('names the bad value', () => {
    expect(() => parseQuantity('lots')).toThrow('invalid resource quantity "lots"');
  });
});

describe('pathResolver', () => {
  const resolve = pathResolver([
    { hostPath: '/h/var-run-argo', containerPath: '/var/run/argo' },
    { hostPath: '/h/ctr', containerPath: '/var/run/argo/ctr' },
    { hostPath: '/h/vol', containerPath: '/mainctrfs/data' },
  ], '/h/scratch');
  it('maps through the longest mountPath prefix', () => {
    expect(resolve('/var/run/argo/ctr/main/exitcode')).toBe('/h/ctr/main/exitcode');
    expect(resolve('/var/run/argo/outputs/0')).toBe('/h/var-run-argo/outputs/0');
    expect(resolve('/var/run/argo')).toBe('/h/var-run-argo');
    expect(resolve('/mainctrfs/data/../data/x')).toBe('/h/vol/x');
  });
  it('does not treat a name prefix as a path prefix, and sends the rest to scratch', () => {
    expect(resolve('/var/run/argonaut')).toBe('/h/scratch/var/run/argonaut');
    expect(resolve('/tmp/../etc/x')).toBe('/h/scratch/etc/x');
  });
});

describe('scheduling', () => {
  it('matches nodeSelector against the local node labels', () => {
    const labels = localNodeLabels('n1');
    expect(labels['kubernetes.io/hostname']).toBe('n1');
    expect(unschedulableReason({ spec: { containers: [], nodeSelector: { 'kubernetes.io/os': 'linux' } } }, labels)).toBeUndefined();
    expect(unschedulableReason({ spec: { containers: [], nodeSelector: { disk: 'ssd' } } }, labels)).toContain('disk=ssd');
  });
});

describe('criLogWriter', () => {
  it('writes CRI records that LogRegistry reads back, long lines split as partial records', async () => {
    const { mkdtempSync, mkdirSync, readFileSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { criLogWriter, containerLogPath, LogRegistry } = await import('./logs.js');
    const dir = mkdtempSync(join(tmpdir(), 'argo-ts-cri-'));
    try {
      const path = containerLogPath(dir, 'ns', 'p', 'wait');
      mkdirSync(join(dir, 'pods', 'ns', 'p'), { recursive: true });
      const w = criLogWriter(path, 'stderr');
      w.write('first\nsecond ');
      w.write(`${'y'.repeat(20000)}\nno newline`);
      await new Promise<void>((r) => w.end(r));
      expect(readFileSync(path, 'utf8').trimEnd().split('\n').map((l) => l.split(' ').slice(1, 3).join(' '))).toEqual(['stderr F', 'stderr P', 'stderr F', 'stderr F']);
      let text = '';
      for await (const c of (await new LogRegistry(dir).open('ns', 'p', 'wait', { follow: false, timestamps: false }))!) text += c.toString();
      expect(text).toBe(`first\nsecond ${'y'.repeat(20000)}\nno newline\n`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
