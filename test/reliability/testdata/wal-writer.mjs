// Child process for store-kill.test.ts: 500 creates then 500 updates through
// the store, 50 in flight, printing `ack <name> <version>` as each is durable.
import process from 'node:process';
import { Store } from '@argo-ts/local';

const [dir, startArg] = process.argv.slice(2);
const start = Number(startArg);
const store = new Store({ dir, compactEvery: 300 });
const RES = 'core/configmaps';
const writes = [];
for (let i = 0; i < 500; i++) writes.push({ name: `cm-${start + i}`, v: 1 });
for (let i = 0; i < 500; i++) writes.push({ name: `cm-${start + i}`, v: 2 });
let next = 0;
async function worker() {
  while (next < writes.length) {
    const { name, v } = writes[next++];
    const obj = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'default' }, data: { v: String(v), pad: 'p'.repeat(500) } };
    await store.put(RES, obj).durable;
    process.stdout.write(`ack ${name} ${v}\n`);
  }
}
await Promise.all(Array.from({ length: 50 }, worker));
process.stdout.write('done\n');
await store.close();
