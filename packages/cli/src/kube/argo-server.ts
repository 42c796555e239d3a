/**
 * The CLI talking to an Argo Server (`ARGO_SERVER` / `--argo-server`, as
 * Argo's CLI) instead of Kubernetes: the same ArgoApi over Argo's REST API.
 * The server has no pod API, so a workflow's pods are read from its node
 * status (name, phase, start time) and their logs through the workflow's
 * `/log` endpoint. Workflow actions go to the server's own action endpoints
 * (`serverActions`), which compute the change themselves.
 */
import { Readable } from 'node:stream';
import { podNameOf } from '@argo-ts/spec';
import { CliError, cliKubeError } from '../errors.js';
import type { KubeObject, NodeStatus, Workflow } from '../types.js';
import type { ArgoApi, ListOptions, LogOptions, WatchEvent } from './api.js';
import { createInterface } from 'node:readline';
import type { KubeClient, KubeRequest } from '@argo-ts/spec/kube';
import { cliKubeClient } from './http.js';
import { Resources, type ResourceInfo } from './resources.js';

export interface ArgoServerSettings {
  /** host:port, or a URL. */
  server: string;
  secure: boolean;
  insecureSkipVerify: boolean;
  /** ARGO_TOKEN: `Bearer <token>` or the bare token. */
  token?: string;
  namespace: string;
}

/** From flags and Argo's environment variables (ARGO_SERVER, ARGO_SECURE, ARGO_INSECURE_SKIP_VERIFY, ARGO_TOKEN, ARGO_NAMESPACE). */
export function argoServerSettings(args: { 'argo-server'?: string; secure?: boolean; 'insecure-skip-verify'?: boolean }, env: NodeJS.ProcessEnv = process.env): ArgoServerSettings | undefined {
  const server = args['argo-server'] || env.ARGO_SERVER;
  if (!server) return undefined;
  const flag = (v: string | undefined) => (v === undefined || v === '' ? undefined : /^(1|true|yes)$/i.test(v));
  return {
    server,
    // Argo's CLI assumes TLS unless told otherwise.
    secure: args.secure ?? flag(env.ARGO_SECURE) ?? true,
    insecureSkipVerify: args['insecure-skip-verify'] ?? flag(env.ARGO_INSECURE_SKIP_VERIFY) ?? false,
    token: env.ARGO_TOKEN ? env.ARGO_TOKEN.replace(/^Bearer\s+/i, '') : undefined,
    namespace: env.ARGO_NAMESPACE || 'default',
  };
}

const BASES: Record<string, string> = {
  workflows: '/api/v1/workflows',
  workflowtemplates: '/api/v1/workflow-templates',
  clusterworkflowtemplates: '/api/v1/cluster-workflow-templates',
  cronworkflows: '/api/v1/cron-workflows',
};
const BODY_FIELD: Record<string, string> = { workflows: 'workflow', workflowtemplates: 'template', clusterworkflowtemplates: 'template', cronworkflows: 'cronWorkflow' };
const WORKFLOW_LABEL = 'workflows.argoproj.io/workflow';
const enc = encodeURIComponent;

function podPhase(node: NodeStatus): string {
  if (node.phase === 'Error') return 'Failed';
  return node.phase ?? 'Pending';
}

/** The pods a workflow's status names, as the objects the log command reads. */
function podsOf(wf: Workflow): KubeObject[] {
  return Object.values(wf.status?.nodes ?? {}).filter((n) => n.type === 'Pod').map((n) => ({
    apiVersion: 'v1', kind: 'Pod',
    metadata: { name: podNameOf(wf, n), namespace: wf.metadata.namespace, creationTimestamp: n.startedAt, labels: { [WORKFLOW_LABEL]: wf.metadata.name! } },
    status: { phase: podPhase(n) },
  }));
}

function workflowOfSelector(labelSelector: string | undefined): string {
  const m = new RegExp(`(?:^|,)${WORKFLOW_LABEL.replace(/[./]/g, '\\$&')}=([^,]+)`).exec(labelSelector ?? '');
  if (!m) throw new CliError('usage', 'through an Argo Server, pods can only be listed for one workflow');
  return m[1]!;
}

export class ServerArgoApi implements ArgoApi {
  private readonly t: KubeClient;
  readonly namespace: string;
  /** Which workflow each pod listed so far belongs to (the log endpoint is per workflow). */
  private readonly podWorkflow = new Map<string, string>();

  constructor(readonly settings: ArgoServerSettings) {
    const url = /^https?:\/\//.test(settings.server) ? settings.server : `${settings.secure ? 'https' : 'http'}://${settings.server}`;
    this.t = cliKubeClient({ server: url.replace(/\/$/, ''), namespace: settings.namespace, token: settings.token, insecureSkipTLSVerify: settings.insecureSkipVerify, origin: `Argo Server ${settings.server}` });
    this.namespace = settings.namespace;
  }

  /** A JSON request; failures become the CliError naming `what`, as through Kubernetes. */
  private async json<T>(req: KubeRequest & { what: string }): Promise<T> {
    try {
      return await this.t.json<T>(req);
    } catch (err) {
      throw cliKubeError(err, req.what);
    }
  }

  private async stream(req: KubeRequest & { what: string }): Promise<Readable> {
    try {
      return await this.t.stream(req);
    } catch (err) {
      throw cliKubeError(err, req.what);
    }
  }

  private path(r: ResourceInfo, ns: string | undefined, name?: string, sub?: string): string {
    const base = BASES[r.plural];
    if (!base) throw new CliError('usage', `${r.label}s cannot be reached through an Argo Server`);
    const nsPart = r.namespaced ? `/${ns ? enc(ns) : ''}` : '';
    return `${base}${nsPart}${name ? `/${enc(name)}` : ''}${sub ? `/${sub}` : ''}`;
  }

  async get(r: ResourceInfo, name: string, namespace = this.namespace): Promise<KubeObject> {
    return this.json({ method: 'GET', path: this.path(r, namespace, name), what: `get ${r.label} ${name}` });
  }

  async list(r: ResourceInfo, opts: ListOptions): Promise<KubeObject[]> {
    if (r === Resources.pod || r.plural === 'pods') {
      const wf = (await this.get(Resources.workflow, workflowOfSelector(opts.labelSelector), opts.namespace)) as Workflow;
      const pods = podsOf(wf);
      for (const p of pods) this.podWorkflow.set(p.metadata.name!, wf.metadata.name!);
      return pods;
    }
    const res = await this.json<{ items?: KubeObject[] | null }>({
      method: 'GET', path: this.path(r, opts.namespace),
      query: { 'listOptions.labelSelector': opts.labelSelector, 'listOptions.fieldSelector': opts.fieldSelector },
      what: `list ${r.label}s`,
    });
    return res.items ?? [];
  }

  create(r: ResourceInfo, obj: KubeObject, opts: { namespace?: string; dryRun?: boolean } = {}): Promise<KubeObject> {
    const ns = opts.namespace ?? obj.metadata.namespace ?? this.namespace;
    const body = { namespace: ns, [BODY_FIELD[r.plural] ?? 'object']: obj, ...(opts.dryRun ? { createOptions: { dryRun: ['All'] }, serverDryRun: true } : {}) };
    return this.json({ method: 'POST', path: this.path(r, ns), body, what: `create ${r.label}` });
  }

  replace(r: ResourceInfo, obj: KubeObject): Promise<KubeObject> {
    if (r.plural === 'workflows') throw new CliError('usage', 'an Argo Server does not update workflows in place; use its actions (retry, stop, ...)');
    const ns = obj.metadata.namespace ?? this.namespace;
    return this.json({ method: 'PUT', path: this.path(r, ns, obj.metadata.name), body: { namespace: ns, name: obj.metadata.name, [BODY_FIELD[r.plural]!]: obj }, what: `update ${r.label} ${obj.metadata.name}` });
  }

  replaceWithStatus(r: ResourceInfo, obj: KubeObject): Promise<KubeObject> {
    return this.replace(r, obj);
  }

  async mergePatch(r: ResourceInfo, name: string, patch: unknown, namespace = this.namespace): Promise<KubeObject> {
    // The only patch the CLI makes that is not a workflow action: a cron workflow's suspend flag.
    const suspend = (patch as { spec?: { suspend?: unknown } })?.spec?.suspend;
    if (r.plural === 'cronworkflows' && typeof suspend === 'boolean') {
      return this.json({ method: 'PUT', path: this.path(r, namespace, name, suspend ? 'suspend' : 'resume'), body: { namespace, name }, what: `${suspend ? 'suspend' : 'resume'} cron workflow ${name}` });
    }
    throw new CliError('usage', `an Argo Server does not patch ${r.label}s; use its actions`);
  }

  mergePatchStatus(r: ResourceInfo, name: string, patch: unknown, namespace = this.namespace): Promise<KubeObject> {
    return this.mergePatch(r, name, patch, namespace);
  }

  async delete(r: ResourceInfo, name: string, namespace = this.namespace): Promise<void> {
    await this.json({ method: 'DELETE', path: this.path(r, namespace, name), what: `delete ${r.label} ${name}` });
  }

  /** Workflow changes: the server computes them (PUT /api/v1/workflows/{ns}/{name}/{action}). */
  action(action: 'retry' | 'resubmit' | 'resume' | 'suspend' | 'stop' | 'terminate' | 'set', namespace: string, name: string, body: Record<string, unknown> = {}): Promise<Workflow> {
    return this.json({ method: 'PUT', path: `/api/v1/workflows/${enc(namespace)}/${enc(name)}/${action}`, body: { namespace, name, ...body }, what: `${action} workflow ${name}` });
  }

  async watch(r: ResourceInfo, opts: ListOptions & { name?: string; resourceVersion?: string }, onEvent: (ev: WatchEvent) => boolean | void, signal?: AbortSignal): Promise<void> {
    const pods = r.plural === 'pods';
    const wfName = pods ? workflowOfSelector(opts.labelSelector) : opts.name;
    const fieldSelector = [pods ? undefined : opts.fieldSelector, wfName ? `metadata.name=${wfName}` : undefined].filter(Boolean).join(',');
    const seen = new Map<string, string>();
    await ndjsonLines(this.t, {
      method: 'GET', path: `/api/v1/workflow-events/${opts.namespace ? enc(opts.namespace) : ''}`,
      query: { 'listOptions.labelSelector': pods ? undefined : opts.labelSelector, 'listOptions.fieldSelector': fieldSelector, 'listOptions.resourceVersion': pods ? undefined : opts.resourceVersion },
      what: `watch ${wfName ? `workflow ${wfName}` : 'workflows'}`,
    }, (line: unknown) => {
      const ev = (line as unknown as { result?: WatchEvent; error?: { message?: string } });
      if (ev.error) throw new CliError('api-error', `watch: ${ev.error.message ?? 'stream error'}`);
      if (!ev.result) return true;
      if (!pods) return onEvent(ev.result);
      // Pods appear and change as the workflow's nodes do.
      for (const pod of podsOf(ev.result.object as Workflow)) {
        const name = pod.metadata.name!;
        this.podWorkflow.set(name, wfName!);
        const phase = String(pod.status?.phase);
        if (seen.get(name) === phase) continue;
        const type = seen.has(name) ? 'MODIFIED' : 'ADDED';
        seen.set(name, phase);
        if (onEvent({ type, object: pod }) === false) return false;
      }
      return true;
    }, signal);
  }

  async logs(namespace: string, pod: string, opts: LogOptions): Promise<Readable> {
    const wf = this.podWorkflow.get(pod);
    if (!wf) throw new CliError('usage', `pod ${pod}: through an Argo Server, logs are read per workflow`);
    const res = await this.stream({
      method: 'GET', path: `/api/v1/workflows/${enc(namespace)}/${enc(wf)}/log`,
      query: {
        podName: pod, 'logOptions.container': opts.container, 'logOptions.follow': opts.follow || undefined,
        'logOptions.sinceSeconds': opts.sinceSeconds, 'logOptions.tailLines': opts.tailLines,
        'logOptions.timestamps': opts.timestamps || undefined, 'logOptions.previous': opts.previous || undefined,
        'logOptions.sinceTime.seconds': opts.sinceTime ? Math.floor(Date.parse(opts.sinceTime) / 1000) : undefined,
      },
      what: `logs of pod ${namespace}/${pod}`,
    });
    // `{"result": {"content": ...}}` lines back to the plain log lines the command reads.
    return Readable.from((async function* () {
      let buf = '';
      for await (const chunk of res) {
        buf += (chunk as Buffer).toString('utf8');
        let nl: number;
        while ((nl = buf.indexOf('\n')) >= 0) {
          const line = buf.slice(0, nl).trim();
          buf = buf.slice(nl + 1);
          if (!line) continue;
          const msg = JSON.parse(line) as { result?: { content?: string }; error?: { message?: string } };
          if (msg.error) throw new CliError('api-error', `logs of pod ${pod}: ${msg.error.message ?? 'stream error'}`);
          yield `${msg.result?.content ?? ''}\n`;
        }
      }
    })());
  }
}

/** The Argo Server client when the CLI talks to one (workflow actions then go to its endpoints). */
export function argoServerOf(api: ArgoApi): ServerArgoApi | undefined {
  return api instanceof ServerArgoApi ? api : undefined;
}

/**
 * A grpc-gateway stream: one JSON object per line (`{"result": …}` or
 * `{"error": …}`), each handed to `onLine` until it returns false, the
 * server ends the stream or `signal` aborts.
 */
async function ndjsonLines(client: KubeClient, req: KubeRequest, onLine: (line: unknown) => boolean | void, signal?: AbortSignal): Promise<'ended' | 'stopped'> {
  const res = await client.stream(req, signal).catch((err: unknown) => { throw cliKubeError(err, req.what ?? `watch ${req.path}`); });
  res.on('error', () => undefined);
  const lines = createInterface({ input: res, crlfDelay: Infinity });
  const stop = (): void => { lines.close(); res.destroy(); };
  signal?.addEventListener('abort', stop, { once: true });
  try {
    for await (const text of lines) {
      if (!text.trim()) continue;
      let line: unknown;
      try { line = JSON.parse(text); } catch { continue; }
      if (onLine(line) === false) { stop(); return 'stopped'; }
    }
    return signal?.aborted ? 'stopped' : 'ended';
  } finally {
    signal?.removeEventListener('abort', stop);
  }
}
