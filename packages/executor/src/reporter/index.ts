import type { KubeConfig } from '@kubernetes/client-node';
import { API_VERSION, Annotations, Env, GROUP, Labels, VERSION } from '@argo-ts/spec';
import { ExecutorError, isTransient } from '../errors.js';
import { withRetry } from '../retry.js';
import type { Outputs } from '../template.js';

/** How the wait container hands the outputs to the controller. */
export interface OutputsReporter {
  report(outputs: Outputs, failure?: string): Promise<void>;
}

export interface ReporterEnv {
  kubeConfig: KubeConfig;
  env: Record<string, string>;
  signal?: AbortSignal;
}

/** client-node is loaded on first use: it costs ~70 MB of RSS, which only the reporting step needs. */
const kube = () => import('@kubernetes/client-node');
const mergePatch = async () => {
  const k = await kube();
  return k.setHeaderOptions('Content-Type', k.PatchStrategy.MergePatch);
};

function need(env: Record<string, string>, name: string): string {
  const v = env[name];
  if (!v) throw new ExecutorError('BadTemplate', `env ${name}: is empty; the controller must set it`);
  return v;
}

function kubeError(err: unknown, what: string): ExecutorError {
  const code = (err as { code?: number }).code;
  return new ExecutorError('Kubernetes', `${what}: ${code ? `HTTP ${code}: ` : ''}${(err as Error).message?.split('\n')[0]}`, {
    transient: isTransient(err), cause: err,
  });
}

/** Patches this pod's `workflows.argoproj.io/outputs` annotation (merge patch). */
export function annotationReporter(r: ReporterEnv): OutputsReporter {
  return {
    async report(outputs) {
      const name = need(r.env, Env.podName);
      const namespace = need(r.env, Env.namespace);
      const api = r.kubeConfig.makeApiClient((await kube()).CoreV1Api);
      const body = { metadata: { annotations: { [Annotations.outputs]: JSON.stringify(outputs) } } };
      const what = `annotate pod ${namespace}/${name} with outputs`;
      await withRetry(async () => {
        try {
          await api.patchNamespacedPod({ name, namespace, body }, await mergePatch());
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
      const api = r.kubeConfig.makeApiClient((await kube()).CustomObjectsApi);
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
      const obj = { group: GROUP, version: VERSION, namespace, plural: 'workflowtaskresults' };
      const what = `record WorkflowTaskResult ${namespace}/${name}`;
      await withRetry(async () => {
        try {
          await api.createNamespacedCustomObject({ ...obj, body });
        } catch (err) {
          if ((err as { code?: number }).code !== 409) throw kubeError(err, what);
          try {
            await api.patchNamespacedCustomObject({ ...obj, name, body }, await mergePatch());
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
