/* global process, console, setInterval, clearInterval */
// Child process of run.mjs: one artifact operation through the executor's S3
// driver (what `argoexec wait`/`init` do), sampling its own RSS every 20 ms.
// argv: <op: save-none|load-none|save-tgz|load-tgz> <endpoint> <key> <path> [gzip level | default]
import { rm } from 'node:fs/promises';
import { archiveStream, s3Driver, unpackTo } from '@argo-ts/executor';

const [op, endpoint, key, path, level] = process.argv.slice(2);
let peak = process.memoryUsage().rss;
let peakBuffers = 0;
// arrayBuffers (Buffers, live or not yet collected) tells the executor's own buffering from the SDK's and V8's share of RSS.
const sampler = setInterval(() => {
  const m = process.memoryUsage();
  peak = Math.max(peak, m.rss);
  peakBuffers = Math.max(peakBuffers, m.arrayBuffers);
}, 20);
const deps = { getSecret: async (ref) => (ref.key === 'accesskey' ? 'admin' : 'password') };
const artifact = {
  name: 'big',
  s3: {
    endpoint, insecure: true, bucket: 'my-bucket', key,
    accessKeySecret: { name: 'c', key: 'accesskey' }, secretKeySecret: { name: 'c', key: 'secretkey' },
  },
};
const driver = s3Driver(deps);
const baseline = process.memoryUsage().rss;
const start = process.hrtime.bigint();
const cpu0 = process.cpuUsage();
if (op === 'save-none') await driver.save(path, artifact);
else if (op === 'load-none') await driver.load(artifact, path);
else if (op === 'save-tgz') {
  // `default` leaves compressionLevel unset, as most Argo workflows do.
  const tarStrategy = level === 'default' ? {} : { compressionLevel: Number(level) };
  await driver.saveStream(() => archiveStream(path, 'big', { tar: tarStrategy }).stream, artifact);
}
else if (op === 'load-tgz') {
  await driver.load(artifact, `${path}.tgz`);
  await unpackTo(`${path}.tgz`, path, 'big');
  await rm(`${path}.tgz`, { force: true });
} else throw new Error(`unknown op ${op}`);
const seconds = Number(process.hrtime.bigint() - start) / 1e9;
const cpu = process.cpuUsage(cpu0);
clearInterval(sampler);
peak = Math.max(peak, process.memoryUsage().rss);
console.log(JSON.stringify({ op, seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6, peakRssMB: peak / 2 ** 20, peakArrayBuffersMB: peakBuffers / 2 ** 20, baselineRssMB: baseline / 2 ** 20 }));
