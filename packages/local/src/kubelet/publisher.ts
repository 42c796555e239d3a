/**
 * Publishes a pod's status, coalescing: only the newest status is sent, one
 * request at a time, so a fast container costs few writes. Intermediate
 * statuses wait up to COALESCE_MS for a successor (every API write is an
 * fsync, and a write still in flight when the pod ends delays the final
 * status); final ones go out at once. So a pod shorter than COALESCE_MS costs
 * one status write, and Running shows at most COALESCE_MS late. Transient errors are retried with
 * backoff; a 404 means the pod is gone and ends publishing.
 */
import type { V1PodStatus } from '@kubernetes/client-node';
import { Backoff } from '@argo-ts/spec/kube';
import type { KubeletApi } from './api.js';

/** Status writes retry six times (50 ms doubling, at most 2 s; spec's one Backoff), then give that status up. */
const RETRY = { initialMs: 50, maxMs: 2000, jitter: 0 };
const RETRY_ATTEMPTS = 6;
export const COALESCE_MS = 50;

export class StatusPublisher {
  private latest: V1PodStatus | undefined;
  private inflight: Promise<void> | undefined;
  private gone = false;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly api: KubeletApi,
    private readonly namespace: string,
    private readonly name: string,
    private readonly log: (m: string) => void,
  ) {}

  /** `final`: no later status is expected soon, so write without waiting. */
  publish(status: V1PodStatus, final = false): void {
    if (this.gone) return;
    this.latest = status;
    if (final) this.send();
    else this.timer ??= setTimeout(() => this.send(), COALESCE_MS);
  }

  /** Resolves when everything published so far has been written (or given up). */
  async flush(): Promise<void> {
    if (this.timer) this.send();
    while (this.inflight) await this.inflight;
  }

  private send(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    // A running drain picks up `latest` itself.
    if (this.inflight) return;
    this.inflight = this.drain().finally(() => {
      this.inflight = undefined;
      if (this.latest && !this.gone && !this.timer) this.send();
    });
  }

  private async drain(): Promise<void> {
    const backoff = new Backoff(RETRY);
    while (this.latest && !this.gone) {
      const status = this.latest;
      this.latest = undefined;
      try {
        if (!(await this.api.patchPodStatus(this.namespace, this.name, status))) this.gone = true;
        backoff.reset();
      } catch (e) {
        if (backoff.attempts >= RETRY_ATTEMPTS) {
          this.log(`pod ${this.namespace}/${this.name}: giving up on status update: ${(e as Error).message}`);
          backoff.reset();
          continue;
        }
        const delay = backoff.next();
        this.latest ??= status;
        await new Promise((r) => setTimeout(r, delay));
      }
    }
  }
}
