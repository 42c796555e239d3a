/**
 * Runs HTTP templates' requests for the reconcile loop (design:
 * docs/decisions/0004-http-templates-run-by-the-controller.md). `start`
 * returns at once; the request runs in the background (bounded in number),
 * its outcome is judged by the operator's `httpOutcome` and recorded as the
 * node's WorkflowTaskResult, whose informer event requeues the workflow.
 *
 * At most once per node and controller: the operator re-emits the request on
 * every reconcile until the result is visible, so a node is remembered while
 * its request runs and after its result was written, until the informer shows
 * that result (`resultSeen`; a time limit backs that up). Once seen it is
 * forgotten, so that `argo retry`, which deletes the result, gets a new
 * request. A controller that restarts mid-request sends it again (the result
 * was never written).
 * Secret header values are read when the request is sent and never logged or
 * recorded.
 */
import { randomBytes } from 'node:crypto';
import { Labels, isFulfilled } from '@argo-ts/spec';
import type { KubeApi, KubeObject } from './api.js';
import { retryTransient } from '@argo-ts/spec/kube';
import { errorMessage, isCode, isTransient } from './errors.js';
import { HttpRequestError, sendRequest } from './http-request.js';
import { Resources } from './resources.js';
import { DEFAULT_HTTP_TIMEOUT_SECONDS, httpOutcome, type HttpAttempt } from '../operator/http.js';
import type { HTTP, NodeResult, Workflow, WorkflowTaskResult } from '../operator/model.js';
import type { Action } from '../operator/types.js';

type HttpRequestAction = Extract<Action, { type: 'httpRequest' }>;

export interface HttpRunnerOptions {
  log?: (m: string) => void;
  /** Requests in flight at once; more wait their turn (default 16, Argo's agent workers). */
  concurrency?: number;
  /** Largest response body kept (it becomes outputs.result in the workflow's status); default 1 MiB. */
  maxBodyBytes?: number;
  /** How long a node is remembered after its result was written if the informer never shows it (default 10 min). */
  rememberMs?: number;
  now?: () => number;
}

/** A header value from a secret that cannot be read: the request is not sent. */
class SecretError extends Error {}

export class HttpRunner {
  private readonly running = new Map<string, Promise<void>>();
  private readonly finished = new Map<string, number>();
  private readonly stopped = new AbortController();
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly api: KubeApi, private readonly opts: HttpRunnerOptions = {}) {}

  start(wf: Workflow, a: HttpRequestAction): void {
    if (this.stopped.signal.aborted) return;
    const ns = wf.metadata.namespace ?? 'default';
    const key = `${ns}/${a.nodeId}`;
    this.prune();
    if (this.running.has(key) || this.finished.has(key)) return;
    const p = this.run(wf, ns, a, key)
      .catch((e: unknown) => this.log(`http ${a.nodeName}: ${errorMessage(e)}`))
      .finally(() => this.running.delete(key));
    this.running.set(key, p);
  }

  /** The informer delivered the WorkflowTaskResult `name`: the operator sees it from now on. */
  resultSeen(ns: string, name: string): void {
    this.finished.delete(`${ns}/${name}`);
  }

  /** Resolves when no request is running (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.running.size) await Promise.all([...this.running.values()]);
  }

  /** Aborts running requests without recording them: the next controller sends them again. */
  async stop(): Promise<void> {
    this.stopped.abort();
    for (const w of this.waiting.splice(0)) w();
    await this.idle();
  }

  private now(): number {
    return this.opts.now?.() ?? Date.now();
  }

  private log(m: string): void {
    (this.opts.log ?? ((x: string) => process.stderr.write(`workflow-controller: ${x}\n`)))(m);
  }

  private prune(): void {
    const limit = this.now() - (this.opts.rememberMs ?? 600_000);
    for (const [k, at] of this.finished) if (at < limit) this.finished.delete(k);
  }

  private async slot(): Promise<void> {
    while (this.active >= (this.opts.concurrency ?? 16) && !this.stopped.signal.aborted) {
      await new Promise<void>((r) => this.waiting.push(r));
    }
    this.active++;
  }

  private release(): void {
    this.active--;
    this.waiting.shift()?.();
  }

  /** True when the outcome is recorded (or was already). */
  private async run(wf: Workflow, ns: string, a: HttpRequestAction, key: string): Promise<void> {
    await this.slot();
    let attempt: HttpAttempt;
    try {
      if (this.stopped.signal.aborted) return;
      attempt = await this.attempt(ns, a.http);
    } finally {
      this.release();
    }
    if (this.stopped.signal.aborted) return;
    // Remembered before the create: its watch event may arrive before the create returns.
    this.finished.set(key, this.now());
    if (!(await this.record(wf, ns, a.nodeId, httpOutcome(a.http, attempt, { now: new Date(), randomBytes })))) this.finished.delete(key);
  }

  private async attempt(ns: string, http: HTTP): Promise<HttpAttempt> {
    const method = http.method || 'GET';
    try {
      const headers: [string, string][] = [];
      for (const h of http.headers ?? []) headers.push([h.name, await this.headerValue(ns, h)]);
      const bytes = http.bodyFrom?.bytes;
      const body = bytes !== undefined ? Buffer.from(bytes, 'base64') : http.body ? Buffer.from(http.body, 'utf8') : undefined;
      const response = await sendRequest({
        method, url: http.url, headers, ...(body ? { body } : {}), insecureSkipVerify: http.insecureSkipVerify ?? false,
        timeoutMs: (http.timeoutSeconds ?? DEFAULT_HTTP_TIMEOUT_SECONDS) * 1000,
        maxBodyBytes: this.opts.maxBodyBytes ?? 1024 * 1024, signal: this.stopped.signal,
      });
      return { response };
    } catch (e) {
      if (e instanceof SecretError) return { error: e.message };
      const why = e instanceof HttpRequestError ? e.message : errorMessage(e);
      return { error: `${method} ${http.url}: ${why}` };
    }
  }

  private async headerValue(ns: string, h: NonNullable<HTTP['headers']>[number]): Promise<string> {
    const ref = h.valueFrom?.secretKeyRef;
    if (!ref) return h.value ?? '';
    const where = `header ${JSON.stringify(h.name)}: valueFrom.secretKeyRef`;
    if (!ref.name || !ref.key) throw new SecretError(`${where}: expected both name and key`);
    let secret: KubeObject & { data?: Record<string, string> };
    try {
      secret = await this.api.get(Resources.secrets, ns, ref.name);
    } catch (e) {
      if (isCode(e, 'NotFound')) throw new SecretError(`${where}: secret "${ref.name}" not found in namespace ${ns}`);
      throw new SecretError(`${where}: reading secret "${ref.name}": ${errorMessage(e)}`);
    }
    const v = secret.data?.[ref.key];
    if (v === undefined) throw new SecretError(`${where}: secret "${ref.name}" has no key "${ref.key}"`);
    return Buffer.from(v, 'base64').toString('utf8');
  }

  /** Creates the node's WorkflowTaskResult, retrying transient API errors; AlreadyExists means an earlier run recorded it. */
  private async record(wf: Workflow, ns: string, nodeId: string, result: NodeResult, fallback = false): Promise<boolean> {
    if (!isFulfilled(result.phase)) throw new Error(`outcome of node ${nodeId} has no final phase`);
    const obj: WorkflowTaskResult & KubeObject = {
      apiVersion: 'argoproj.io/v1alpha1', kind: 'WorkflowTaskResult',
      metadata: {
        name: nodeId, namespace: ns,
        labels: { [Labels.workflow]: wf.metadata.name ?? '', [Labels.reportOutputsCompleted]: 'true' },
        ownerReferences: [{ apiVersion: 'argoproj.io/v1alpha1', kind: 'Workflow', name: wf.metadata.name ?? '', uid: wf.metadata.uid ?? '' }],
      },
      ...result,
    };
    let created: boolean;
    try {
      created = await retryTransient(async () => {
        try {
          await this.api.create(Resources.workflowTaskResults, ns, obj);
          return true;
        } catch (e) {
          if (isCode(e, 'AlreadyExists')) return true;
          if (isCode(e, 'NotFound')) return false;
          throw e;
        }
      }, { attempts: 9, backoff: { initialMs: 500, maxMs: 10_000 }, signal: this.stopped.signal });
    } catch (e) {
      if (!isTransient(e) && !fallback) {
        // The result itself was refused (e.g. too large for the API): record why, so the node ends instead of re-sending forever.
        const message = `the HTTP request completed but its result could not be recorded: ${errorMessage(e)}`;
        return this.record(wf, ns, nodeId, { phase: 'Error', message }, true);
      }
      this.log(`http node ${nodeId}: recording the result failed: ${errorMessage(e)}`);
      return false;
    }
    return created;
  }
}
