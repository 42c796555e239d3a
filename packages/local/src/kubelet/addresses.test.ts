import { createServer, connect, type AddressInfo } from 'node:net';
import type { V1PodStatus } from '@kubernetes/client-node';
import { PodAddresses } from './addresses.js';
import { harness, pod, readAll, sh, type Harness } from './testdata/pods.js';

describe('PodAddresses', () => {
  it('hands out 127.0.0.1 to everyone until the probe found loopback aliases working', () => {
    const a = new PodAddresses();
    expect(a.enabled).toBe(false);
    expect([a.acquire('u1'), a.acquire('u2')]).toEqual(['127.0.0.1', '127.0.0.1']);
    expect(a.inUse()).toBe(0);
  });

  it('gives each pod its own address, stable per uid, reused only after all others', async () => {
    const a = new PodAddresses({ start: 0 });
    expect(await a.probe()).toBe(true);
    const first = a.acquire('u1');
    expect(first).toBe('127.244.0.1');
    expect(a.acquire('u1')).toBe(first);
    expect(a.acquire('u2')).toBe('127.244.0.2');
    a.release('u1');
    expect(a.inUse()).toBe(1);
    expect(a.acquire('u3')).toBe('127.244.0.3');
  });

  it('skips .0 and .255 and never hands out an address that is still held', async () => {
    const a = new PodAddresses({ start: 0 });
    await a.probe();
    const seen = new Set<string>();
    for (let i = 0; i < 300; i++) seen.add(a.acquire(`u${i}`));
    expect(seen.size).toBe(300);
    expect([...seen].filter((ip) => /\.(0|255)$/.test(ip))).toEqual([]);
    expect(seen.has('127.244.1.1')).toBe(true);
  });

  it('starts two kubelets at different slots so two clusters on one host rarely collide', async () => {
    const starts = new Set<string>();
    for (let i = 0; i < 5; i++) {
      const a = new PodAddresses();
      await a.probe();
      starts.add(a.acquire('u'));
    }
    expect(starts.size).toBeGreaterThan(1);
  });
});

const running = (s: V1PodStatus): boolean => s.phase === 'Running';
const done = (s: V1PodStatus): boolean => s.phase === 'Succeeded' || s.phase === 'Failed';

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address() as AddressInfo;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

/** Reads what a listener sends, retrying while it starts. */
async function readFrom(host: string, port: number): Promise<string> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await new Promise<string>((resolve, reject) => {
        const sock = connect({ host, port });
        let got = '';
        sock.on('data', (b: Buffer) => { got += b.toString(); });
        sock.on('error', reject);
        sock.on('close', () => resolve(got));
      });
    } catch (e) {
      if (attempt > 200) throw e;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

describe('kubelet pod IPs', () => {
  let h: Harness;
  beforeEach(() => { h = harness(); });
  afterEach(async () => { await h.close(); });

  it('two pods listen on the same port at their own addresses (nc shim), reported as status.podIP and the downward API', async () => {
    await h.kubelet.podAddresses.probe();
    const port = await freePort();
    const server = (name: string) => pod(name, [sh('main', `echo "ip=$MY_IP env=$ARGO_TS_POD_IP"; exec nc -l -p ${port} -e /bin/echo ${name}`, {
      env: [{ name: 'MY_IP', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } }],
    })]);
    h.kubelet.handle('ADDED', server('srv-a'));
    h.kubelet.handle('ADDED', server('srv-b'));
    const [ra, rb] = await Promise.all([h.api.waitFor('default', 'srv-a', running), h.api.waitFor('default', 'srv-b', running)]);
    expect(ra.podIP).toMatch(/^127\.244\.\d+\.\d+$/);
    expect(rb.podIP).toMatch(/^127\.244\.\d+\.\d+$/);
    expect(ra.podIP).not.toBe(rb.podIP);
    expect(ra.podIPs).toEqual([{ ip: ra.podIP }]);
    expect(ra.hostIP).toBe('127.0.0.1');
    expect(await readFrom(ra.podIP!, port)).toBe('srv-a\n');
    expect(await readFrom(rb.podIP!, port)).toBe('srv-b\n');
    const [da, db] = await Promise.all([h.api.waitFor('default', 'srv-a', done), h.api.waitFor('default', 'srv-b', done)]);
    expect([da.phase, db.phase]).toEqual(['Succeeded', 'Succeeded']);
    const log = await readAll(await h.kubelet.logs.open('default', 'srv-a', 'main', { follow: false, timestamps: false }));
    expect(log).toBe(`ip=${ra.podIP} env=${ra.podIP}\n`);
    await new Promise((r) => setTimeout(r, 50));
    expect(h.kubelet.podAddresses.inUse()).toBe(0);
  });

  it('gives hostNetwork pods the node address', async () => {
    await h.kubelet.podAddresses.probe();
    h.kubelet.handle('ADDED', pod('host-net', [sh('main', 'echo "env=${ARGO_TS_POD_IP-unset}"')], { hostNetwork: true }));
    const s = await h.api.waitFor('default', 'host-net', done);
    expect(s).toMatchObject({ phase: 'Succeeded', podIP: '127.0.0.1', hostIP: '127.0.0.1' });
    expect(await readAll(await h.kubelet.logs.open('default', 'host-net', 'main', { follow: false, timestamps: false }))).toBe('env=unset\n');
    expect(h.kubelet.podAddresses.inUse()).toBe(0);
  });

  it('keeps 127.0.0.1 and sets no ARGO_TS_POD_IP when distinct addresses are off', async () => {
    h.kubelet.handle('ADDED', pod('plain', [sh('main', 'echo "env=${ARGO_TS_POD_IP-unset}"')]));
    const s = await h.api.waitFor('default', 'plain', done);
    expect(s).toMatchObject({ phase: 'Succeeded', podIP: '127.0.0.1' });
    expect(await readAll(await h.kubelet.logs.open('default', 'plain', 'main', { follow: false, timestamps: false }))).toBe('env=unset\n');
  });
});
