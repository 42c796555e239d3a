import { spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip, gunzipSync, gzipSync } from 'node:zlib';
import { GzipBlocks, gzipBlocksFootprint } from './gzip-blocks.js';
import { unpackTo } from './index.js';
import { extractTar, tarStream } from './tar.js';

const BLOCK = 64 * 1024;

/** Compressible but not trivial: numbered lines with a little randomness. */
function textData(bytes: number): Buffer {
  const lines: string[] = [];
  let n = 0;
  for (let i = 0; n < bytes; i++) {
    const line = `${i},sensor-${i % 17},${(Math.sin(i) * 1000).toFixed(3)},${randomBytes(3).toString('hex')}\n`;
    lines.push(line);
    n += line.length;
  }
  return Buffer.from(lines.join('')).subarray(0, bytes);
}

async function gzipBlocks(data: Buffer, o: { level: number; blockSize?: number; concurrency?: number }, pieces = 7): Promise<Buffer> {
  const out: Buffer[] = [];
  // Written in uneven pieces so blocks are filled across write boundaries.
  const step = Math.max(1, Math.ceil(data.length / pieces));
  const chunks = Array.from({ length: Math.ceil(data.length / step) }, (_, i) => data.subarray(i * step, (i + 1) * step));
  await pipeline(Readable.from(chunks), new GzipBlocks({ blockSize: BLOCK, ...o }), new Writable({ write(c, _e, cb) { out.push(c); cb(); } }));
  return Buffer.concat(out);
}

const membersOf = (data: Buffer, level: number, block = BLOCK) =>
  Array.from({ length: Math.ceil(data.length / block) }, (_, i) => gzipSync(data.subarray(i * block, (i + 1) * block), { level }));

describe('GzipBlocks (multi-member gzip)', () => {
  let dir: string;
  beforeEach(async () => { dir = await mkdtemp(join(tmpdir(), 'gzblocks-')); });
  afterEach(async () => rm(dir, { recursive: true, force: true }));

  it.each([1, 6, -1])('writes one gzip member per block, in input order (level %d)', async (level) => {
    const data = textData(3 * BLOCK + 12345);
    const out = await gzipBlocks(data, { level, concurrency: 3 });
    // Byte for byte what compressing each block on its own gives: 4 members, in order.
    expect(out.equals(Buffer.concat(membersOf(data, level)))).toBe(true);
    expect(gunzipSync(out).equals(data)).toBe(true);
  });

  it('an input of exactly N blocks gives N members, no empty trailing one', async () => {
    const data = randomBytes(2 * BLOCK);
    const out = await gzipBlocks(data, { level: 1 });
    expect(out.equals(Buffer.concat(membersOf(data, 1)))).toBe(true);
  });

  it('a well-compressed member does not pin its worst-case output buffer downstream', async () => {
    const out: Buffer[] = [];
    await pipeline(Readable.from([textData(4 * BLOCK)]), new GzipBlocks({ level: 6, blockSize: BLOCK }), new Writable({ write(c, _e, cb) { out.push(c); cb(); } }));
    expect(out.length).toBe(4);
    for (const c of out) {
      expect(c.length).toBeLessThan(BLOCK / 2);
      // What a consumer holds (an upload part) is the member's own bytes, not a block-sized buffer.
      expect(c.buffer.byteLength).toBeLessThan(c.length + 8192);
    }
  });

  it('an empty input is one empty gzip member', async () => {
    const out = await gzipBlocks(Buffer.alloc(0), { level: 6 });
    expect(out.equals(gzipSync(Buffer.alloc(0), { level: 6 }))).toBe(true);
    expect(gunzipSync(out).length).toBe(0);
  });

  it('honours the level: 0 stores, 9 compresses text smaller than 1', async () => {
    const data = textData(2 * BLOCK);
    const stored = await gzipBlocks(data, { level: 0 });
    const fast = await gzipBlocks(data, { level: 1 });
    const best = await gzipBlocks(data, { level: 9 });
    expect(stored.length).toBeGreaterThan(data.length);
    expect(best.length).toBeLessThan(fast.length);
    expect(fast.length).toBeLessThan(data.length / 2);
  });

  it.each([-2, 10, 1.5])('refuses level %d by field name', (level) => {
    expect(() => new GzipBlocks({ level })).toThrow(expect.objectContaining({
      code: 'BadTemplate', message: `archive.tar.compressionLevel: expected an integer from -1 to 9, got ${level}`,
    }));
  });

  it("Node's streaming gunzip reads through members split at any chunk boundary", async () => {
    const data = randomBytes(3 * BLOCK + 7);
    const members = membersOf(data, 1);
    const gz = Buffer.concat(members);
    // Feed it cut exactly at each member boundary, then at odd offsets straddling them.
    const atBoundaries = members;
    const odd = Array.from({ length: Math.ceil(gz.length / 9973) }, (_, i) => gz.subarray(i * 9973, (i + 1) * 9973));
    for (const chunks of [atBoundaries, odd]) {
      const out: Buffer[] = [];
      await pipeline(Readable.from(chunks), createGunzip(), new Writable({ write(c, _e, cb) { out.push(c); cb(); } }));
      expect(Buffer.concat(out).equals(data)).toBe(true);
    }
  });

  it('a multi-member tgz round-trips through the loader (unpackTo) and through tar\'s own gunzip', async () => {
    const src = join(dir, 'data.bin');
    const data = Buffer.concat([randomBytes(2 * BLOCK), textData(3 * BLOCK + 99)]);
    await writeFile(src, data);
    const tgz = join(dir, 'data.tgz');
    await pipeline(tarStream(src, 1, { blockSize: BLOCK, concurrency: 2 }), createWriteStream(tgz));
    const bytes = await readFile(tgz);
    // More than one member: a second gzip header (1f 8b 08) follows the first member.
    expect(bytes.indexOf(Buffer.from([0x1f, 0x8b, 0x08]), 10)).toBeGreaterThan(0);
    expect(await unpackTo(tgz, join(dir, 'back.bin'), 'data')).toBe(true);
    expect((await readFile(join(dir, 'back.bin'))).equals(data)).toBe(true);
    // tar sniffs gzip itself when not told (minizlib's gunzip): it must read every member too.
    const sniffed = await mkdtemp(join(dir, 'sniffed-'));
    await extractTar(Readable.from([bytes]), sniffed, 'data');
    expect((await readFile(join(sniffed, 'data.bin'))).equals(data)).toBe(true);
  });

  const hasGzip = spawnSync('gzip', ['--version']).status === 0;
  (hasGzip ? it : it.skip)('GNU gzip reads the stream whole (as Go\'s multistream reader does)', async () => {
    const data = textData(4 * BLOCK + 1);
    const gz = await gzipBlocks(data, { level: 6 });
    const r = spawnSync('gzip', ['-dc'], { input: gz, maxBuffer: 1 << 24 });
    expect(r.status).toBe(0);
    expect(r.stdout.equals(data)).toBe(true);
  });

  it('stops taking input at a bounded number of bytes when nobody reads its output', async () => {
    const o = { level: 1, blockSize: BLOCK, concurrency: 2 };
    const z = new GzipBlocks(o);
    const PIECE = 16 * 1024;
    let accepted = 0;
    // Without backpressure this would run to the 64 MiB cap. Fresh random pieces: output as big as input.
    while (accepted < 64 << 20) {
      accepted += PIECE;
      if (z.write(randomBytes(PIECE))) continue;
      const drained = await Promise.race([once(z, 'drain').then(() => true), sleep(500).then(() => false)]);
      if (!drained) break;
    }
    // The readable side (1 MiB high-water mark, overshot by at most one member), the blocks
    // being compressed and filled, and the writable side's 16 KiB.
    const bound = (1 << 20) + 2 * BLOCK + gzipBlocksFootprint(o) + 2 * PIECE;
    expect(accepted).toBeGreaterThan(1 << 20);
    expect(accepted).toBeLessThanOrEqual(bound);
    z.destroy();
  });
});
