import { connectionFromKubeConfig, KubeApiError, KubeClient, PATCH_CONTENT_TYPES, type KubeConfigLike } from '@argo-ts/spec/kube';
import { API_VERSION, Annotations, Env, GROUP, Labels, VERSION } from '@argo-ts/spec';
import { ExecutorError, isTransient } from '../errors.js';
import { withRetry } from '../retry.js';
import type { Outputs } from '../template.js';

/** How the wait container hands the outputs to the controller. */
export interface OutputsReporter {
  report(outputs: Outputs, failure?: string): Promise<void>;
}

export interface ReporterEnv {
  kubeConfig: KubeConfigLike;
  env: Record<string, string>;
  signal?: AbortSignal;
}

/** The shared Kubernetes client (not client-node, whose import alone costs argoexec ~0.7 s per start). */
const clientFor = (r: ReporterEnv): KubeClient => new KubeClient(connectionFromKubeConfig(r.kubeConfig), { timeoutMs: 30_000, keepAlive: false });

function need(env: Record<string, string>, name: string): string {
  const v = env[name];
  if (!v) throw new ExecutorError('BadTemplate', `env ${name}: is empty; the controller must set it`);
  return v;
}

function kubeError(err: unknown, what: string): ExecutorError {
  const status = err instanceof KubeApiError ? err.status : undefined;
  const message = err instanceof KubeApiError ? err.statusMessage : (err as Error).message;
  return new ExecutorError('Kubernetes', `${what}: ${status ? `HTTP ${status}: ` : ''}${message?.split('\n')[0]}`, {
    transient: isTransient(err), cause: err,
  });
}

/** Patches this pod's `workflows.argoproj.io/outputs` annotation (merge patch). */
export function annotationReporter(r: ReporterEnv): OutputsReporter {
  return {
    async report(outputs) {
      const name = need(r.env, Env.podName);
      const namespace = need(r.env, Env.namespace);
      const api = clientFor(r);
      const body = { metadata: { annotations: { [Annotations.outputs]: JSON.stringify(outputs) } } };
      const what = `annotate pod ${namespace}/${name} with outputs`;
      await withRetry(async () => {
        try {
          await api.json({ method: 'PATCH', path: `/api/v1/namespaces/${encodeURIComponent(namespace)}/pods/${encodeURIComponent(name)}`, body, contentType: PATCH_CONTENT_TYPES.merge, what }, r.signal);
        } catch (err) { throw kubeError(err, what); }
      }, { what, signal: r.signal });
    },
  };
}

/**
 * Creates (or updates) the WorkflowTaskResult named by the node ID, so the pod
 * needs no `patch pods` permission (Argo ≥ 3.4 does the same).
 */
export function taskResultReporter(r: ReporterEnv): OutputsReporter {
  return {
    async report(outputs, failure) {
      const name = need(r.env, Env.nodeId);
      const namespace = need(r.env, Env.namespace);
      const workflow = need(r.env, Env.workflowName);
      const uid = r.env[Env.workflowUid];
      const api = clientFor(r);
      const body: Record<string, unknown> = {
        apiVersion: API_VERSION,
        kind: 'WorkflowTaskResult',
        metadata: {
          name,
          labels: { [Labels.workflow]: workflow, [Labels.reportOutputsCompleted]: 'true' },
          ...(uid ? { ownerReferences: [{ apiVersion: API_VERSION, kind: 'Workflow', name: workflow, uid }] } : {}),
        },
        outputs,
        ...(failure ? { message: failure } : {}),
      };
      const what = `record WorkflowTaskResult ${namespace}/${name}`;
      await withRetry(async () => {
        try {
          await api.json({ method: 'POST', path: `/apis/${GROUP}/${VERSION}/namespaces/${encodeURIComponent(namespace)}/workflowtaskresults`, body, what }, r.signal);
        } catch (err) {
          if (!(err instanceof KubeApiError && err.status === 409)) throw kubeError(err, what);
          try {
            await api.json({ method: 'PATCH', path: `/apis/${GROUP}/${VERSION}/namespaces/${encodeURIComponent(namespace)}/workflowtaskresults/${encodeURIComponent(name)}`, body, contentType: PATCH_CONTENT_TYPES.merge, what }, r.signal);
          } catch (e) { throw kubeError(e, what); }
        }
      }, { what, signal: r.signal });
    },
  };
}

const reporters: Record<string, (r: ReporterEnv) => OutputsReporter> = {
  annotation: annotationReporter,
  taskresult: taskResultReporter,
};

/** ARGO_OUTPUTS_REPORTER picks the reporter; annotation by default. */
export function reporterFor(r: ReporterEnv): OutputsReporter {
  const kind = r.env[Env.outputsReporter] || 'annotation';
  const make = reporters[kind];
  if (!make) throw new ExecutorError('BadTemplate', `env ${Env.outputsReporter}: "${kind}" is not one of ${Object.keys(reporters).join(', ')}`);
  return make(r);
}
