/**
 * The workflow actions: retry, resubmit, resume, suspend, stop, terminate
 * and set. What changes is computed by spec's workflow actions (the CLI uses
 * the same functions); this module reads the workflow, writes the change and
 * answers with the workflow as written.
 */
import type { FastifyInstance } from 'fastify';
import {
  compressIfLarge, formulateResubmit, formulateRetry, parseNodeFieldSelector, resumePatch, setNodePatch,
  settleSuspendNodes, WorkflowActionError, type ApiWorkflow,
} from '@argo-ts/spec';
import { ApiError } from '../errors.js';
import type { Kube } from '../kube/client.js';
import { Kinds, pathFor } from '../kube/resources.js';
import { body, callerOf, param, type RouteContext } from './context.js';
import { getObject, readable, type Obj } from './crud.js';

const MERGE = 'application/merge-patch+json';
const TASK_RESULTS = { ...Kinds.workflows, plural: 'workflowtaskresults', kind: 'WorkflowTaskResult' };

function act<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof WorkflowActionError) throw new ApiError(e.code === 'not-found' ? 'NotFound' : 'InvalidArgument', e.message);
    throw e;
  }
}

function parameters(list: unknown): Array<{ name: string; value: string }> {
  if (list === undefined) return [];
  if (!Array.isArray(list)) throw new ApiError('InvalidArgument', 'parameters: expected a list of "name=value" strings');
  return list.map((p) => {
    const s = String(p);
    const i = s.indexOf('=');
    if (i <= 0) throw new ApiError('InvalidArgument', `parameters: "${s}" is not name=value`);
    return { name: s.slice(0, i), value: s.slice(i + 1) };
  });
}

function selector(text: unknown): ReturnType<typeof parseNodeFieldSelector> {
  return act(() => parseNodeFieldSelector(typeof text === 'string' ? text : '', 'nodeFieldSelector'));
}

/** Status through the status subresource where the API server has one; Argo's CRDs keep it in the object. */
async function patchStatus(kube: Kube, ns: string, name: string, patch: Obj): Promise<void> {
  try {
    await kube.json('PATCH', pathFor(Kinds.workflows, ns, name, 'status'), { body: patch, contentType: MERGE });
  } catch (e) {
    if (!(e instanceof ApiError && e.code === 'NotFound')) throw e;
    await kube.json('PATCH', pathFor(Kinds.workflows, ns, name), { body: patch, contentType: MERGE });
  }
}

async function patchSpec(kube: Kube, ns: string, name: string, spec: Obj): Promise<void> {
  await kube.json('PATCH', pathFor(Kinds.workflows, ns, name), { body: { spec }, contentType: MERGE });
}

/** The whole workflow, status included, guarded by the resourceVersion it was read at. */
async function replaceWithStatus(kube: Kube, ns: string, given: Obj): Promise<Obj> {
  const wf = compressIfLarge(given as never) as Obj;
  const name = String(wf.metadata.name);
  const main = await kube.json<Obj>('PUT', pathFor(Kinds.workflows, ns, name), { body: wf });
  if (wf.status === undefined || JSON.stringify(main.status) === JSON.stringify(wf.status)) return main;
  try {
    return await kube.json<Obj>('PUT', pathFor(Kinds.workflows, ns, name, 'status'), {
      body: { ...wf, metadata: { ...wf.metadata, resourceVersion: main.metadata?.resourceVersion } },
    });
  } catch (e) {
    if (e instanceof ApiError && e.code === 'NotFound') return main;
    throw e;
  }
}

async function deleteIgnoringMissing(kube: Kube, path: string): Promise<void> {
  try {
    await kube.json('DELETE', path, { body: { kind: 'DeleteOptions', apiVersion: 'v1', propagationPolicy: 'Background' } });
  } catch (e) {
    if (!(e instanceof ApiError && e.code === 'NotFound')) throw e;
  }
}

/** Argo's `set`: phase, message and (Suspend nodes only) output parameters of the matching nodes. */
function setPatch(wf: ApiWorkflow, b: Obj, now: Date): { nodes: Record<string, Obj>; outputs?: Obj } {
  const text = typeof b.nodeFieldSelector === 'string' ? b.nodeFieldSelector : '';
  const sel = selector(text);
  if (sel.length === 0) throw new ApiError('InvalidArgument', 'nodeFieldSelector is required');
  let outputs: Record<string, string> | undefined;
  if (b.outputParameters) {
    try {
      outputs = Object.fromEntries(Object.entries(JSON.parse(String(b.outputParameters)) as Record<string, unknown>).map(([k, v]) => [k, String(v)]));
    } catch {
      throw new ApiError('InvalidArgument', 'outputParameters: expected a JSON object of name → value');
    }
  }
  return act(() => setNodePatch(wf, sel, {
    ...(typeof b.phase === 'string' && b.phase ? { phase: b.phase } : {}),
    ...(typeof b.message === 'string' && b.message ? { message: b.message } : {}),
    ...(outputs ? { outputParameters: outputs } : {}),
  }, text, now)) as { nodes: Record<string, Obj>; outputs?: Obj };
}

export function actionRoutes(app: FastifyInstance, ctx: RouteContext): void {
  const route = (verb: string, fn: (kube: Kube, ns: string, wf: ApiWorkflow, b: Obj) => Promise<Obj | undefined>) => {
    app.put(`/api/v1/workflows/:namespace/:name/${verb}`, async (req) => {
      const { kube } = callerOf(ctx, req);
      const ns = param(req, 'namespace');
      const name = param(req, 'name');
      const wf = (await getObject(kube, Kinds.workflows, ns, name)) as ApiWorkflow;
      const written = await fn(kube, ns, wf, body<Obj>(req));
      return written ? readable({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Workflow', ...written }) : getObject(kube, Kinds.workflows, ns, name);
    });
  };

  route('retry', async (kube, ns, wf, b) => {
    const { workflow, podsToDelete, taskResultsToDelete } = act(() => formulateRetry(wf, {
      restartSuccessful: b.restartSuccessful === true, selector: selector(b.nodeFieldSelector), parameters: parameters(b.parameters),
    }));
    for (const pod of podsToDelete) await deleteIgnoringMissing(kube, pathFor(Kinds.pods, ns, pod));
    for (const t of taskResultsToDelete) await deleteIgnoringMissing(kube, pathFor(TASK_RESULTS, ns, t));
    return replaceWithStatus(kube, ns, workflow);
  });

  route('resubmit', async (kube, ns, wf, b) => {
    const next = act(() => formulateResubmit(wf, { memoized: b.memoized === true, parameters: parameters(b.parameters) })) as Obj;
    let made = await kube.json<Obj>('POST', pathFor(Kinds.workflows, ns), { body: next });
    // API servers with a status subresource drop status on create: the memoized nodes go in after.
    if (next.status && !made.status?.nodes) made = await replaceWithStatus(kube, ns, { ...made, status: next.status });
    return made;
  });

  route('resume', async (kube, ns, wf, b) => {
    const patch = act(() => resumePatch(wf, selector(b.nodeFieldSelector), new Date()));
    if (Object.keys(patch.nodes).length > 0) await patchStatus(kube, ns, wf.metadata.name!, { status: { nodes: patch.nodes } });
    if (patch.spec) await patchSpec(kube, ns, wf.metadata.name!, patch.spec);
    return undefined;
  });

  route('suspend', async (kube, ns, wf) => {
    await patchSpec(kube, ns, wf.metadata.name!, { suspend: true });
    return undefined;
  });

  route('terminate', async (kube, ns, wf) => {
    await patchSpec(kube, ns, wf.metadata.name!, { shutdown: 'Terminate' });
    return undefined;
  });

  route('stop', async (kube, ns, wf, b) => {
    const sel = selector(b.nodeFieldSelector);
    const message = typeof b.message === 'string' && b.message ? b.message : undefined;
    if (sel.length > 0) {
      // With a selector only the matching suspended nodes fail; the workflow carries on.
      await patchStatus(kube, ns, wf.metadata.name!, { status: { nodes: settleSuspendNodes(wf, sel, 'Failed', new Date(), message) } });
      return undefined;
    }
    if (message) {
      const nodes: Record<string, Obj> = {};
      for (const [id, n] of Object.entries(wf.status?.nodes ?? {})) if (n.phase === 'Running') nodes[id] = { message };
      if (Object.keys(nodes).length) await patchStatus(kube, ns, wf.metadata.name!, { status: { nodes } });
    }
    await patchSpec(kube, ns, wf.metadata.name!, { shutdown: 'Stop' });
    return undefined;
  });

  route('set', async (kube, ns, wf, b) => {
    const patch = setPatch(wf, b, new Date());
    await patchStatus(kube, ns, wf.metadata.name!, { status: { nodes: patch.nodes, ...(patch.outputs ? { outputs: patch.outputs } : {}) } });
    return undefined;
  });
}
