/**
 * Pod IPs for the local node. Every sandbox shares the host network, so a
 * Kubernetes pod's private port space cannot be had; the next best thing is
 * an address of its own: Linux routes all of 127.0.0.0/8 to the loopback
 * device, so each running pod gets one 127.244.x.y. A server bound to
 * 0.0.0.0 is reachable at it as at 127.0.0.1, and listeners that bind the
 * pod's address (the nc shim reads ARGO_TS_POD_IP) no longer collide with
 * another pod's listener on the same port. Where loopback aliases do not
 * work (some container runtimes and gVisor only answer on 127.0.0.1), every
 * pod keeps 127.0.0.1, as before.
 */
import { randomInt } from 'node:crypto';
import { connect, createServer, type AddressInfo } from 'node:net';
import { LOCAL_IP } from './scheduling.js';

/** Injected into every container when the pod has an address of its own. */
export const POD_IP_ENV = 'ARGO_TS_POD_IP';

const PREFIX = '127.244';
const SLOTS = 256 * 256;

export class PodAddresses {
  private readonly byUid = new Map<string, string>();
  private readonly taken = new Set<string>();
  private cursor: number;
  private distinct = false;

  /**
   * Two local clusters on one host (a test run beside a daemon) share 127.244/16: start each
   * kubelet's rotation at a random slot so their pods rarely get the same address.
   */
  constructor(opts: { start?: number } = {}) {
    this.cursor = (opts.start ?? randomInt(SLOTS)) % SLOTS;
  }

  /** True once loopback aliases were found to work: pods then get their own address. */
  get enabled(): boolean {
    return this.distinct;
  }

  /** Checks whether this host answers on loopback aliases; enables distinct addresses if so. */
  async probe(): Promise<boolean> {
    this.distinct = await canListenOn(`${PREFIX}.255.254`);
    return this.distinct;
  }

  /**
   * The pod's address (the same one on every call until released). Round-robin, so a freed address
   * is handed out again only after all others; when all are taken, pods share 127.0.0.1.
   */
  acquire(uid: string, preferred?: string): string {
    const known = this.byUid.get(uid);
    if (known) return known;
    if (!this.distinct) return LOCAL_IP;
    // A pod adopted after a restart keeps the address its running containers already have.
    if (preferred?.startsWith(`${PREFIX}.`) && !this.taken.has(preferred)) {
      this.taken.add(preferred);
      this.byUid.set(uid, preferred);
      return preferred;
    }
    for (let tried = 0; tried < SLOTS; tried++) {
      const slot = this.cursor;
      this.cursor = (this.cursor + 1) % SLOTS;
      const low = slot & 255;
      // .0 and .255 look like network/broadcast addresses to tools that check; skip them.
      if (low === 0 || low === 255) continue;
      const ip = `${PREFIX}.${slot >> 8}.${low}`;
      if (this.taken.has(ip)) continue;
      this.taken.add(ip);
      this.byUid.set(uid, ip);
      return ip;
    }
    return LOCAL_IP;
  }

  release(uid: string): void {
    const ip = this.byUid.get(uid);
    if (!ip) return;
    this.byUid.delete(uid);
    this.taken.delete(ip);
  }

  /** Addresses held by running pods. */
  inUse(): number {
    return this.byUid.size;
  }
}

/** Listening is not enough (some sandboxes accept the bind but never route it): a connection must arrive. */
function canListenOn(host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = createServer((sock) => sock.destroy());
    const done = (ok: boolean): void => {
      clearTimeout(timer);
      srv.close(() => resolve(ok));
    };
    const timer = setTimeout(() => done(false), 2000);
    srv.once('error', () => {
      clearTimeout(timer);
      resolve(false);
    });
    srv.listen(0, host, () => {
      const { port } = srv.address() as AddressInfo;
      const client = connect({ host, port });
      client.once('connect', () => {
        client.destroy();
        done(true);
      });
      client.once('error', () => done(false));
    });
  });
}
