/**
 * Leader election with a coordination.k8s.io/v1 Lease, as client-go does it:
 * the holder renews `renewTime` every retry period; another candidate takes
 * over only when it has seen the same record unchanged for a whole lease
 * duration (judged by its own clock, so clock skew between nodes does not
 * matter). A leader that cannot renew within the renew deadline steps down.
 */
import type { KubeApi, KubeObject } from './api.js';
import { sleep } from './backoff.js';
import { errorMessage, isCode } from './errors.js';
import { Resources } from './resources.js';

export interface LeaderOptions {
  namespace: string;
  name: string;
  identity: string;
  leaseDurationMs?: number;
  renewDeadlineMs?: number;
  retryPeriodMs?: number;
  now?: () => number;
  log?: (m: string) => void;
}

interface Lease extends KubeObject {
  spec?: { holderIdentity?: string; leaseDurationSeconds?: number; acquireTime?: string; renewTime?: string; leaseTransitions?: number };
}

/** Kubernetes MicroTime: RFC 3339 with microseconds. */
function microTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

export class LeaderElector {
  private leading = false;
  private observed?: { record: string; at: number };
  private lastRenew = 0;
  private readonly leaseMs: number;
  private readonly renewDeadlineMs: number;
  private readonly retryMs: number;
  private readonly now: () => number;

  constructor(private readonly api: KubeApi, private readonly opts: LeaderOptions) {
    this.leaseMs = opts.leaseDurationMs ?? 15_000;
    this.renewDeadlineMs = opts.renewDeadlineMs ?? 10_000;
    this.retryMs = opts.retryPeriodMs ?? 2_000;
    this.now = opts.now ?? Date.now;
  }

  get isLeader(): boolean {
    return this.leading;
  }

  /**
   * Campaigns until leading (calls `onStarted`), then renews until the signal
   * aborts (releases the lease) or renewal fails past the deadline (calls `onStopped`).
   */
  async run(signal: AbortSignal, onStarted: () => void, onStopped: () => void): Promise<void> {
    while (!signal.aborted) {
      let ok = false;
      try {
        ok = await this.tryAcquireOrRenew();
      } catch (e) {
        this.opts.log?.(`leader election: ${errorMessage(e)}`);
      }
      if (ok) {
        this.lastRenew = this.now();
        if (!this.leading) { this.leading = true; onStarted(); }
      } else if (this.leading && this.now() - this.lastRenew > this.renewDeadlineMs) {
        this.leading = false;
        onStopped();
        return;
      }
      await sleep(this.retryMs, signal);
    }
    if (this.leading) await this.release();
  }

  /** One round: true when we hold the lease afterwards. */
  async tryAcquireOrRenew(): Promise<boolean> {
    const { namespace, name, identity } = this.opts;
    const t = this.now();
    let lease: Lease;
    try {
      lease = await this.api.get<Lease>(Resources.leases, namespace, name);
    } catch (e) {
      if (!isCode(e, 'NotFound')) throw e;
      const fresh: Lease = {
        apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name, namespace },
        spec: { holderIdentity: identity, leaseDurationSeconds: Math.ceil(this.leaseMs / 1000), acquireTime: microTime(t), renewTime: microTime(t), leaseTransitions: 0 },
      };
      try {
        await this.api.create(Resources.leases, namespace, fresh);
        return true;
      } catch (e2) {
        if (isCode(e2, 'AlreadyExists')) return false;
        throw e2;
      }
    }
    const spec = lease.spec ?? {};
    const record = `${spec.holderIdentity ?? ''}|${spec.renewTime ?? ''}`;
    if (this.observed?.record !== record) this.observed = { record, at: t };
    const holder = spec.holderIdentity ?? '';
    const duration = (spec.leaseDurationSeconds ?? this.leaseMs / 1000) * 1000;
    if (holder && holder !== identity && this.observed.at + duration > t) return false;
    const takeover = holder !== identity;
    const next: Lease = {
      ...lease,
      spec: {
        ...spec, holderIdentity: identity, leaseDurationSeconds: Math.ceil(this.leaseMs / 1000), renewTime: microTime(t),
        ...(takeover ? { acquireTime: microTime(t), leaseTransitions: (spec.leaseTransitions ?? 0) + 1 } : {}),
      },
    };
    try {
      await this.api.replace(Resources.leases, namespace, name, next);
      return true;
    } catch (e) {
      if (isCode(e, 'Conflict')) return false;
      throw e;
    }
  }

  /** Gives the lease up so a successor need not wait for it to expire. */
  private async release(): Promise<void> {
    this.leading = false;
    try {
      const lease = await this.api.get<Lease>(Resources.leases, this.opts.namespace, this.opts.name);
      if (lease.spec?.holderIdentity !== this.opts.identity) return;
      await this.api.replace(Resources.leases, this.opts.namespace, this.opts.name, {
        ...lease, spec: { ...lease.spec, holderIdentity: '', leaseDurationSeconds: 1, renewTime: microTime(this.now()) },
      });
    } catch (e) {
      this.opts.log?.(`leader election: release failed: ${errorMessage(e)}`);
    }
  }
}
