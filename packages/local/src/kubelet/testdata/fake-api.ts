/** An in-memory KubeletApi for tests: records every status the kubelet publishes. */
import type { CoreV1Event, V1ConfigMap, V1PodStatus, V1Secret, V1ServiceAccount } from '@kubernetes/client-node';
import type { KubeletApi } from '../api.js';

export class FakeApi implements KubeletApi {
  readonly configMaps = new Map<string, V1ConfigMap>();
  readonly secrets = new Map<string, V1Secret>();
  readonly serviceAccounts = new Map<string, V1ServiceAccount>();
  readonly statuses = new Map<string, V1PodStatus[]>();
  readonly deleted: string[] = [];
  readonly boundClaims: string[] = [];
  readonly events: CoreV1Event[] = [];
  private waiters: Array<() => void> = [];

  async getConfigMap(ns: string, name: string) { return this.configMaps.get(`${ns}/${name}`); }
  async getSecret(ns: string, name: string) { return this.secrets.get(`${ns}/${name}`); }
  async getServiceAccount(ns: string, name: string) { return this.serviceAccounts.get(`${ns}/${name}`); }
  async patchPodStatus(ns: string, name: string, status: V1PodStatus) {
    const key = `${ns}/${name}`;
    this.statuses.set(key, [...(this.statuses.get(key) ?? []), structuredClone(status)]);
    for (const w of this.waiters) w();
    return true;
  }
  async bindPod() {}
  async deletePodNow(ns: string, name: string) { this.deleted.push(`${ns}/${name}`); }
  async bindClaim(ns: string, name: string) { this.boundClaims.push(`${ns}/${name}`); return true; }
  async createEvent(_ns: string, event: CoreV1Event) { this.events.push(event); }
  /** Tokens are readable stand-ins: `token:<ns>:<account>:<pod>`. */
  async serviceAccountToken(ns: string, account: string, pod: { name: string }) { return `token:${ns}:${account}:${pod.name}`; }

  latest(ns: string, name: string): V1PodStatus | undefined {
    const all = this.statuses.get(`${ns}/${name}`);
    return all?.[all.length - 1];
  }

  /** Resolves with the first published status matching `pred` (rejects after `ms`). */
  waitFor(ns: string, name: string, pred: (s: V1PodStatus) => boolean, ms = 10_000): Promise<V1PodStatus> {
    return new Promise((resolve, reject) => {
      const check = (): boolean => {
        const s = this.latest(ns, name);
        if (s && pred(s)) {
          cleanup();
          resolve(s);
          return true;
        }
        return false;
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`timed out waiting for ${ns}/${name}; last status: ${JSON.stringify(this.latest(ns, name))}`));
      }, ms);
      const cleanup = (): void => {
        clearTimeout(timer);
        this.waiters = this.waiters.filter((w) => w !== waiter);
      };
      const waiter = (): void => void check();
      this.waiters.push(waiter);
      check();
    });
  }
}
