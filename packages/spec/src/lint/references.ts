/**
 * The (Cluster)WorkflowTemplates a set of objects refers to and does not
 * contain, so that a caller talking to a cluster (`argo submit`) can fetch
 * them before linting with a synchronous resolver. Fetched templates may
 * refer to more: call again with them included until nothing is missing.
 */
import { asObj, asStr, subjectOf, type Subject } from './model.js';
import { invocationsOf, lifecycleCalls, templatesOf } from './walk.js';
import type { LoadedDocument } from '../yaml/load.js';

export interface TemplateObjectRef {
  name: string;
  clusterScope: boolean;
}

function refsOf(subject: Subject): TemplateObjectRef[] {
  const out: TemplateObjectRef[] = [];
  const wtr = asObj(subject.spec.workflowTemplateRef);
  const wtrName = asStr(wtr?.name);
  if (wtrName) out.push({ name: wtrName, clusterScope: wtr?.clusterScope === true });
  const calls = [...lifecycleCalls(subject.spec, '', subject.specPath), ...templatesOf(subject).flatMap(invocationsOf)];
  for (const at of templatesOf(subject)) calls.push({ kind: 'step', name: at.name, holder: at.template, path: at.path });
  for (const call of calls) {
    const ref = asObj(call.holder.templateRef);
    const name = asStr(ref?.name);
    if (name) out.push({ name, clusterScope: ref?.clusterScope === true });
  }
  return out;
}

export function missingTemplateRefs(objects: ReadonlyArray<Record<string, unknown>>): TemplateObjectRef[] {
  const docs = objects.map((object): LoadedDocument => ({
    file: '', index: 0, object, locate: () => ({ line: 0, column: 0 }),
    apiVersion: asStr(object.apiVersion), kind: asStr(object.kind), name: asStr(asObj(object.metadata)?.name),
  }));
  const subjects = docs.map(subjectOf).filter((s): s is Subject => s !== undefined);
  const have = new Set(subjects.filter((s) => s.isTemplateKind).map((s) => `${s.kind === 'ClusterWorkflowTemplate'}/${s.name}`));
  const missing = new Map<string, TemplateObjectRef>();
  for (const ref of subjects.flatMap(refsOf)) {
    const key = `${ref.clusterScope}/${ref.name}`;
    if (!have.has(key)) missing.set(key, ref);
  }
  return [...missing.values()];
}
