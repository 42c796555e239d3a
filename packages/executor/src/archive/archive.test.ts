import { createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, readFile, readdir, readlink, rm, stat, symlink, writeFile, chmod, lstat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { gzipSync } from 'node:zlib';
import { archiveStream, detectFormat, unpackTo } from './index.js';
import { writeRawZip } from './zip.js';

/** One ustar header + data, enough to craft hostile archives. */
function tarEntry(name: string, opts: { data?: string; type?: '0' | '1' | '2' | '5'; link?: string } = {}): Buffer {
  const data = Buffer.from(opts.data ?? '');
  const h = Buffer.alloc(512);
  h.write(name, 0, 100, 'utf8');
  h.write('0000644\0', 100); h.write('0000000\0', 108); h.write('0000000\0', 116);
  h.write(data.length.toString(8).padStart(11, '0') + '\0', 124);
  h.write('00000000000\0', 136);
  h.write(opts.type ?? '0', 156);
  if (opts.link) h.write(opts.link, 157, 100, 'utf8');
  h.write('ustar\0', 257); h.write('00', 263);
  h.write('        ', 148);
  let sum = 0;
  for (const b of h) sum += b;
  h.write(sum.toString(8).padStart(6, '0') + '\0 ', 148);
  const pad = Buffer.alloc((512 - (data.length % 512)) % 512);
  return Buffer.concat([h, data, pad]);
}
const tarOf = (...entries: Buffer[]) => Buffer.concat([...entries, Buffer.alloc(1024)]);

describe('archives', () => {
  let dir: string;
  beforeEach(async () => { dir = await mkdtemp(join(tmpdir(), 'archive-')); });
  afterEach(async () => rm(dir, { recursive: true, force: true }));

  async function save(src: string, name: string, strategy: object | undefined): Promise<string> {
    const { stream, fileName } = archiveStream(src, name, strategy as never);
    const out = join(dir, fileName);
    await pipeline(stream, createWriteStream(out));
    return out;
  }

  async function tree(): Promise<string> {
    const src = join(dir, 'src', 'tree');
    await mkdir(join(src, 'sub'), { recursive: true });
    await writeFile(join(src, 'a.txt'), 'alpha');
    await writeFile(join(src, 'sub', 'b.sh'), '#!/bin/sh\n');
    await chmod(join(src, 'sub', 'b.sh'), 0o755);
    await symlink('a.txt', join(src, 'link'));
    return src;
  }

  it.each([
    ['tgz default', undefined, 'gzip', 'tree.tgz'],
    ['tgz level 1', { tar: { compressionLevel: 1 } }, 'gzip', 'tree.tgz'],
    ['zip', { zip: {} }, 'zip', 'tree.zip'],
  ])('round-trips a directory through %s', async (_l, strategy, format, fileName) => {
    const src = await tree();
    const archived = await save(src, 'tree', strategy);
    expect(archived.endsWith(fileName)).toBe(true);
    expect(await detectFormat(archived)).toBe(format);
    const dest = join(dir, 'dest', 'tree-in');
    await mkdir(join(dir, 'dest'));
    expect(await unpackTo(archived, dest, 'input')).toBe(true);
    expect(await readFile(join(dest, 'a.txt'), 'utf8')).toBe('alpha');
    expect((await stat(join(dest, 'sub', 'b.sh'))).mode & 0o777).toBe(0o755);
    expect(await readlink(join(dest, 'link'))).toBe('a.txt');
    expect((await readdir(join(dir, 'dest')))).toEqual(['tree-in']);
  });

  it('a single archived file unpacks to the destination path itself', async () => {
    const src = join(dir, 'hello.txt');
    await writeFile(src, 'hello world\n');
    const archived = await save(src, 'out', undefined);
    const dest = join(dir, 'in');
    expect(await unpackTo(archived, dest, 'in')).toBe(true);
    expect(await readFile(dest, 'utf8')).toBe('hello world\n');
  });

  it('several top-level entries make the destination a directory', async () => {
    const t = join(dir, 'multi.tar');
    await writeFile(t, tarOf(tarEntry('x', { data: '1' }), tarEntry('y', { data: '2' })));
    expect(await detectFormat(t)).toBe('tar');
    await unpackTo(t, join(dir, 'm'), 'm');
    expect((await readdir(join(dir, 'm'))).sort()).toEqual(['x', 'y']);
  });

  it('leaves a plain file alone', async () => {
    await writeFile(join(dir, 'plain'), 'just text');
    expect(await detectFormat(join(dir, 'plain'))).toBe('raw');
    expect(await unpackTo(join(dir, 'plain'), join(dir, 'x'), 'x')).toBe(false);
  });

  const hostileTars: [string, Buffer, RegExp][] = [
    ['tar slip (..)', tarOf(tarEntry('ok', { data: 'fine' }), tarEntry('../../evil.txt', { data: 'pwned' })), /entry "\.\.\/\.\.\/evil\.txt" escapes the target directory/],
    ['absolute path', tarOf(tarEntry('/tmp/abs-evil.txt', { data: 'pwned' })), /has an absolute path/],
    ['symlink escape', tarOf(tarEntry('ln', { type: '2', link: '../../outside' })), /link "ln" points outside the target directory/],
    ['absolute symlink', tarOf(tarEntry('ln', { type: '2', link: '/etc' })), /link "ln" points outside/],
    ['hard link escape', tarOf(tarEntry('hl', { type: '1', link: '../../secret' })), /link "hl" points outside/],
  ];
  it.each(hostileTars)('refuses a %s (gzipped) and writes nothing outside', async (_l, data, message) => {
    const f = join(dir, 'evil.tgz');
    await writeFile(f, gzipSync(data));
    const dest = join(dir, 'deep', 'target');
    await mkdir(join(dir, 'deep'));
    await expect(unpackTo(f, dest, 'input artifact "evil"')).rejects.toMatchObject({ code: 'ArchiveUnsafe', message });
    expect((await readdir(dir)).sort()).toEqual(['deep', 'evil.tgz']);
    expect(await readdir(join(dir, 'deep'))).toEqual([]);
  });

  it('refuses a zip slip and a zip symlink escape', async () => {
    const z = join(dir, 'evil.zip');
    await writeRawZip(z, [{ name: 'fine.txt', data: 'x' }, { name: '../zip-evil.txt', data: 'pwned' }]);
    await expect(unpackTo(z, join(dir, 't'), 'z')).rejects.toMatchObject({ code: 'ArchiveUnsafe' });
    const z2 = join(dir, 'evil2.zip');
    await writeRawZip(z2, [{ name: 'l', data: '../../x', mode: 0o120777 }]);
    await expect(unpackTo(z2, join(dir, 't'), 'z')).rejects.toThrow(/link "l" points outside/);
    expect((await readdir(dir)).sort()).toEqual(['evil.zip', 'evil2.zip']);
    await expect(lstat(join(dir, 'zip-evil.txt'))).rejects.toThrow();
  });

  // Issue 14 finding 4 (Argo's GHSA-xrqc-7xgx-c9vh): each link passes a text check, together they climb out.
  it('refuses a zip whose links chain out of the target, and writes nothing outside', async () => {
    const dest = join(dir, 'a', 'b', 't');
    await mkdir(join(dir, 'a', 'b'), { recursive: true });
    const z = join(dir, 'chain.zip');
    await writeRawZip(z, [
      { name: 'd1/d2/up', data: '../..', mode: 0o120777 },
      { name: 'esc', data: 'd1/d2/up/..', mode: 0o120777 },
      { name: 'esc/pwned.txt', data: 'pwned' },
    ]);
    await expect(unpackTo(z, dest, 'z')).rejects.toThrow(/entry "esc\/pwned.txt" goes through the link "esc"/);
    expect((await readdir(join(dir, 'a', 'b'))).sort()).toEqual([]);
    await expect(lstat(join(dir, 'a', 'pwned.txt'))).rejects.toThrow();
  });

  it('refuses a zip or tar of links alone whose real path leaves the target', async () => {
    await mkdir(join(dir, 'a', 'b'), { recursive: true });
    const z = join(dir, 'links.zip');
    await writeRawZip(z, [{ name: 'x/up', data: '..', mode: 0o120777 }, { name: 'x/out', data: 'up/..', mode: 0o120777 }]);
    await expect(unpackTo(z, join(dir, 'a', 'b', 't'), 'z')).rejects.toThrow(/link "x\/out" resolves outside the target directory/);
    const t = join(dir, 'links.tgz');
    await writeFile(t, gzipSync(tarOf(tarEntry('x/', { type: '5' }), tarEntry('x/up', { type: '2', link: '..' }), tarEntry('x/out', { type: '2', link: 'up/..' }))));
    await expect(unpackTo(t, join(dir, 'a', 'b', 't'), 'z')).rejects.toThrow(/link "x\/out" resolves outside the target directory/);
    expect(await readdir(join(dir, 'a', 'b'))).toEqual([]);
  });

  it('reports a corrupt gzip as ArchiveInvalid', async () => {
    const f = join(dir, 'bad.tgz');
    await writeFile(f, Buffer.concat([Buffer.from([0x1f, 0x8b]), Buffer.from('garbage garbage')]));
    await expect(unpackTo(f, join(dir, 'o'), 'bad')).rejects.toMatchObject({ code: 'ArchiveInvalid' });
  });

  it('round-trips a 64 MiB file (memory use is measured in bench/artifacts)', async () => {
    const big = join(dir, 'big.bin');
    await pipeline(Readable.from((function* () { for (let i = 0; i < 64; i++) yield Buffer.alloc(1 << 20, i); })()), createWriteStream(big));
    const out = await save(big, 'big', { tar: { compressionLevel: 1 } });
    await unpackTo(out, join(dir, 'big-back'), 'big');
    expect((await stat(join(dir, 'big-back'))).size).toBe(64 << 20);
  });
});
