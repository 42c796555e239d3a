/* global process, console */
// Artifact benchmark: a 1 GiB output artifact saved to and loaded from the
// local S3 server through the executor's S3 driver, archive none and tgz at
// compression level 1. Each operation runs in a child process that samples
// its own RSS. Prints a table; writes bench/results/artifacts.json.
// Targets (issue 5): >= 100 MB/s on loopback (archive none); executor peak RSS <= 150 MB.
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startS3Server } from '@argo-ts/local';

const here = path.dirname(fileURLToPath(import.meta.url));
const SIZE_MB = Number(process.env.SIZE_MB ?? 1024);
const LEVEL = Number(process.env.GZIP_LEVEL ?? 1);
const work = mkdtempSync(path.join(process.env.BENCH_TMP ?? tmpdir(), 'bench-artifacts-'));

async function makeInput(file) {
  // A 16 MiB random block repeated: gzip's 32 KiB window cannot exploit the repetition,
  // so this is the incompressible worst case for the tgz rows.
  const block = randomBytes(16 * 2 ** 20);
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
  const cases = [
    { archive: 'none', save: ['save-none', endpoint, 'bench/big.bin', input], load: ['load-none', endpoint, 'bench/big.bin', path.join(work, 'loaded-none.bin')] },
    { archive: `tgz level ${LEVEL}`, save: ['save-tgz', endpoint, 'bench/big.tgz', input, String(LEVEL)], load: ['load-tgz', endpoint, 'bench/big.tgz', path.join(work, 'loaded-tgz.bin')] },
  ];
  for (const c of cases) {
    for (const [direction, args] of [['save', c.save], ['load', c.load]]) {
      const serverCpu0 = process.cpuUsage();
      const r = await runChild(args);
      const s = process.cpuUsage(serverCpu0);
      const serverCpuSeconds = (s.user + s.system) / 1e6;
      // MB per CPU-second of executor + server together: what two idle cores would sustain, whatever the load.
      rows.push({
        archive: c.archive, direction, sizeMB: SIZE_MB, seconds: r.seconds, MBps: SIZE_MB / r.seconds, peakRssMB: r.peakRssMB,
        executorCpuSeconds: r.cpuSeconds, serverCpuSeconds, MBperCpuSecond: SIZE_MB / (r.cpuSeconds + serverCpuSeconds),
      });
    }
    const loaded = c.load[3];
    if (statSync(loaded).size !== SIZE_MB * 2 ** 20) throw new Error(`${c.archive}: loaded size differs`);
    execFileSync('cmp', [input, loaded]);
    rmSync(loaded, { force: true });
  }
  console.log(`artifacts: ${SIZE_MB} MiB through the local S3 server (loopback), ${cpus().length} cores, load ${loadavg()[0].toFixed(2)}`);
  console.log('archive       | op   | seconds | MB/s   | peak RSS MB | executor CPU s | server CPU s | MB per CPU s');
  console.log('--------------|------|---------|--------|-------------|----------------|--------------|-------------');
  for (const r of rows) {
    console.log(`${r.archive.padEnd(13)} | ${r.direction} | ${r.seconds.toFixed(2).padStart(7)} | ${r.MBps.toFixed(1).padStart(6)} | ${r.peakRssMB.toFixed(0).padStart(11)} | ${r.executorCpuSeconds.toFixed(2).padStart(14)} | ${r.serverCpuSeconds.toFixed(2).padStart(12)} | ${r.MBperCpuSecond.toFixed(1).padStart(12)}`);
  }
  const results = {
    name: 'artifacts', date: new Date().toISOString(), sizeMB: SIZE_MB, gzipLevel: LEVEL, cores: cpus().length, loadavg: loadavg(),
    targets: { MBps: 100, peakRssMB: 150 }, rows,
  };
  mkdirSync(path.join(here, '..', 'results'), { recursive: true });
  writeFileSync(path.join(here, '..', 'results', 'artifacts.json'), JSON.stringify(results, null, 2));
} finally {
  await server.close();
  rmSync(work, { recursive: true, force: true });
}
