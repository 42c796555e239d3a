/* global process, console, Buffer */
// Artifact benchmark: a 1 GiB output artifact saved to and loaded from the
// local S3 server through the executor's S3 driver: archive none, tgz at
// Argo's default level (gzip's default, 6) and tgz level 1. Each operation
// runs in a child process that samples its own RSS. Prints a table; writes
// bench/results/artifacts.json.
// DATA=random (default): a 16 MiB random block repeated, incompressible for gzip's
// 32 KiB window: the worst case for tgz. DATA=text: a 16 MiB block of CSV-like
// lines repeated (gzip sees fresh text throughout), compressing about 3:1.
// ONLY=<substring of the archive label> runs a subset of the rows.
// Targets (issue 5): >= 100 MB/s on loopback; executor peak RSS <= 150 MB.
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startS3Server } from '@argo-ts/local';

const here = path.dirname(fileURLToPath(import.meta.url));
const SIZE_MB = Number(process.env.SIZE_MB ?? 1024);
const DATA = process.env.DATA ?? 'random';
if (DATA !== 'random' && DATA !== 'text') throw new Error(`DATA: expected random or text, got ${DATA}`);
const work = mkdtempSync(path.join(process.env.BENCH_TMP ?? tmpdir(), 'bench-artifacts-'));

function textBlock(bytes) {
  const parts = [];
  let n = 0;
  for (let i = 0; n < bytes; i++) {
    const line = `${1700000000 + i * 7},host-${i % 97},${(Math.sin(i) * 1e4).toFixed(4)},${randomBytes(4).toString('hex')},ok\n`;
    parts.push(line);
    n += line.length;
  }
  return Buffer.from(parts.join('')).subarray(0, bytes);
}

async function makeInput(file) {
  // A 16 MiB block repeated: gzip's 32 KiB window cannot see the repetition.
  const block = DATA === 'text' ? textBlock(16 * 2 ** 20) : randomBytes(16 * 2 ** 20);
  const out = createWriteStream(file);
  for (let written = 0; written < SIZE_MB * 2 ** 20; written += block.length) {
    if (!out.write(block)) await new Promise((r) => out.once('drain', r));
  }
  await new Promise((r) => out.end(r));
}

function runChild(args) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--no-warnings', path.join(here, 'driver.mjs'), ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.on('close', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').pop())) : reject(new Error(`driver ${args[0]} exited ${code}`))));
  });
}

const storeDir = path.join(work, 'store');
mkdirSync(path.join(storeDir, 'my-bucket'), { recursive: true });
const server = await startS3Server({ dir: storeDir, accessKey: 'admin', secretKey: 'password' });
const endpoint = server.url.replace('http://', '');
const input = path.join(work, 'big.bin');
try {
  await makeInput(input);
  const rows = [];
  const tgz = (label, level) => {
    const key = `bench/big-${label.replace(/\W+/g, '-')}.tgz`;
    return { archive: label, save: ['save-tgz', endpoint, key, input, level], load: ['load-tgz', endpoint, key, path.join(work, 'loaded-tgz.bin')] };
  };
  const cases = [
    { archive: 'none', save: ['save-none', endpoint, 'bench/big.bin', input], load: ['load-none', endpoint, 'bench/big.bin', path.join(work, 'loaded-none.bin')] },
    tgz('tgz default', 'default'),
    tgz('tgz level 1', '1'),
  ];
  // ONLY=<substring of the archive label> runs a subset, e.g. ONLY="level 1".
  for (const c of cases.filter((x) => !process.env.ONLY || x.archive.includes(process.env.ONLY))) {
    for (const [direction, args] of [['save', c.save], ['load', c.load]]) {
      const load1 = loadavg()[0];
      const serverCpu0 = process.cpuUsage();
      const r = await runChild(args);
      const s = process.cpuUsage(serverCpu0);
      const serverCpuSeconds = (s.user + s.system) / 1e6;
      // MB per CPU-second of executor + server together: what two idle cores would sustain, whatever the load.
      rows.push({
        archive: c.archive, direction, data: DATA, sizeMB: SIZE_MB, seconds: r.seconds, MBps: SIZE_MB / r.seconds,
        peakRssMB: r.peakRssMB, baselineRssMB: r.baselineRssMB, peakArrayBuffersMB: r.peakArrayBuffersMB,
        storedMB: direction === 'save' ? statSync(path.join(storeDir, 'my-bucket', args[2])).size / 2 ** 20 : undefined,
        executorCpuSeconds: r.cpuSeconds, executorCoresBusy: r.cpuSeconds / r.seconds, serverCpuSeconds,
        MBperCpuSecond: SIZE_MB / (r.cpuSeconds + serverCpuSeconds), loadavg1: load1,
      });
    }
    const loaded = c.load[3];
    if (statSync(loaded).size !== SIZE_MB * 2 ** 20) throw new Error(`${c.archive}: loaded size differs`);
    execFileSync('cmp', [input, loaded]);
    rmSync(loaded, { force: true });
  }
  console.log(`artifacts: ${SIZE_MB} MiB of ${DATA} data through the local S3 server (loopback), ${cpus().length} cores, load ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  console.log('archive     | op   | seconds | MB/s   | stored MB | peak RSS MB (base, buffers) | exec CPU s | cores busy | server CPU s | MB per CPU s | load1');
  console.log('------------|------|---------|--------|-----------|-----------------------------|------------|------------|--------------|--------------|------');
  for (const r of rows) {
    const stored = r.storedMB === undefined ? '' : r.storedMB.toFixed(0);
    console.log(`${r.archive.padEnd(11)} | ${r.direction} | ${r.seconds.toFixed(2).padStart(7)} | ${r.MBps.toFixed(1).padStart(6)} | ${stored.padStart(9)} | ${`${r.peakRssMB.toFixed(0)} (${r.baselineRssMB.toFixed(0)}, ${r.peakArrayBuffersMB.toFixed(0)})`.padStart(27)} | ${r.executorCpuSeconds.toFixed(2).padStart(10)} | ${r.executorCoresBusy.toFixed(2).padStart(10)} | ${r.serverCpuSeconds.toFixed(2).padStart(12)} | ${r.MBperCpuSecond.toFixed(1).padStart(12)} | ${r.loadavg1.toFixed(2).padStart(5)}`);
  }
  const results = {
    name: 'artifacts', date: new Date().toISOString(), sizeMB: SIZE_MB, data: DATA, cores: cpus().length, loadavg: loadavg(),
    targets: { MBps: 100, peakRssMB: 150 }, rows,
  };
  mkdirSync(path.join(here, '..', 'results'), { recursive: true });
  writeFileSync(path.join(here, '..', 'results', 'artifacts.json'), JSON.stringify(results, null, 2));
} finally {
  await server.close();
  rmSync(work, { recursive: true, force: true });
}
