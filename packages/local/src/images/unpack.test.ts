import { afterAll, describe, expect, it } from '@jest/globals';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tar from 'tar';
import { LayerError, unpackLayer } from './unpack.js';

const dir = mkdtempSync(join(tmpdir(), 'argo-unpack-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A gzip tar of the files under `src` (what an image layer is). */
async function layer(name: string, files: Record<string, string | { mode: number; body: string }>): Promise<string> {
  const src = join(dir, `${name}-src`);
  for (const [p, v] of Object.entries(files)) {
    mkdirSync(join(src, p, '..'), { recursive: true });
    if (p.endsWith('/')) continue;
    writeFileSync(join(src, p), typeof v === 'string' ? v : v.body);
    if (typeof v !== 'string') chmodSync(join(src, p), v.mode);
  }
  const out = join(dir, `${name}.tar.gz`);
  await tar.c({ cwd: src, gzip: true, file: out }, readdirSync(src));
  return out;
}

describe('unpackLayer', () => {
  it('turns OCI whiteouts into overlay whiteouts and opaque directories into whiteouts of what lies below', async () => {
    const lower = join(dir, 'lower');
    await unpackLayer(await layer('l1', { 'etc/gone': 'x', 'etc/kept': 'y', 'data/a': '1', 'data/b': '2' }), lower, [], 'layer 1');
    const upper = join(dir, 'upper');
    await unpackLayer(await layer('l2', { 'etc/.wh.gone': '', 'data/.wh..wh..opq': '', 'data/b': 'new' }), upper, [lower], 'layer 2');
    const st = lstatSync(join(upper, 'etc', 'gone'));
    expect(st.isCharacterDevice() && st.rdev === 0).toBe(true);
    expect(existsSync(join(upper, 'etc', 'kept'))).toBe(false);
    expect(lstatSync(join(upper, 'data', 'a')).isCharacterDevice()).toBe(true);
    expect(lstatSync(join(upper, 'data', 'b')).isFile()).toBe(true);
    expect(existsSync(join(upper, 'data', '.wh..wh..opq'))).toBe(false);
  });

  it('clears setuid and setgid bits', async () => {
    const root = join(dir, 'suid');
    const res = await unpackLayer(await layer('suid', { 'bin/tool': { mode: 0o6755, body: '#!/bin/sh\n' } }), root, [], 'layer suid');
    expect(lstatSync(join(root, 'bin', 'tool')).mode & 0o7777).toBe(0o755);
    expect(res.clearedSetuid).toEqual(['bin/tool']);
  });

  it('fails a layer with an entry that escapes its root', async () => {
    const out = join(dir, 'evil.tar');
    // Written by hand: tools refuse to create such archives.
    const header = Buffer.alloc(512);
    header.write('../../escaped', 0);
    header.write('0000644\0', 100);
    header.write('0000000\0', 108);
    header.write('0000000\0', 116);
    header.write('00000000001\0', 124);
    header.write('00000000000\0', 136);
    header.write('        ', 148);
    header.write('0', 156);
    header.write('ustar\0', 257);
    header.write('00', 263);
    let sum = 0;
    for (const b of header) sum += b;
    header.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148);
    const body = Buffer.alloc(512);
    body.write('x');
    writeFileSync(out, Buffer.concat([header, body, Buffer.alloc(1024)]));
    await expect(unpackLayer(out, join(dir, 'evil'), [], 'layer evil')).rejects.toThrow(new LayerError('layer evil: entry ../../escaped escapes the layer root'));
    expect(existsSync(join(dir, '..', 'escaped'))).toBe(false);
  });
});
