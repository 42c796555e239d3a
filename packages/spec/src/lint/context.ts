/**
 * Template resolution for the lint: which template a step, task, hook or
 * exit handler runs. Local names resolve in the spec that holds them;
 * `templateRef` resolves against the WorkflowTemplates and
 * ClusterWorkflowTemplates found among the linted files, then through the
 * caller's resolver (templates that live in a cluster).
 */
import { asObj, asStr, named, subjectOf, type Obj, type Subject } from './model.js';
import type { LoadedDocument } from '../yaml/load.js';

/** Looks up a (Cluster)WorkflowTemplate the files do not contain; returns the whole object. */
export type TemplateRefResolver = (name: string, clusterScope: boolean) => Obj | undefined;

/** A workflow spec whose templates can be called: the linted object itself or a referenced template object. */
export interface Host {
  name: string;
  clusterScope: boolean;
  spec: Obj;
  templates: Map<string, Obj>;
  /** Set when the host is one of the linted documents. */
  subject?: Subject;
}

export interface Resolved {
  host: Host;
  template: Obj;
}

export type Resolution =
  | { ok: true; resolved: Resolved }
  | { ok: false; message: string };

function hostOf(name: string, clusterScope: boolean, spec: Obj, subject?: Subject): Host {
  const templates = new Map<string, Obj>();
  for (const { name: tname, item } of named(spec.templates)) if (!templates.has(tname)) templates.set(tname, item);
  return { name, clusterScope, spec, templates, subject };
}

export class LintContext {
  private readonly namespaced = new Map<string, Host>();
  private readonly cluster = new Map<string, Host>();
  private readonly subjectHosts = new Map<Subject, Host>();

  constructor(
    readonly subjects: Subject[],
    private readonly resolver?: TemplateRefResolver,
  ) {
    for (const s of subjects) {
      const host = hostOf(s.name, s.kind === 'ClusterWorkflowTemplate', s.spec, s);
      this.subjectHosts.set(s, host);
      if (s.kind === 'WorkflowTemplate' && !this.namespaced.has(s.name)) this.namespaced.set(s.name, host);
      if (s.kind === 'ClusterWorkflowTemplate' && !this.cluster.has(s.name)) this.cluster.set(s.name, host);
    }
  }

  static fromDocuments(docs: LoadedDocument[], resolver?: TemplateRefResolver): LintContext {
    const subjects = docs.map(subjectOf).filter((s): s is Subject => s !== undefined);
    return new LintContext(subjects, resolver);
  }

  hostOfSubject(subject: Subject): Host {
    return this.subjectHosts.get(subject) ?? hostOf(subject.name, false, subject.spec, subject);
  }

  /** The (Cluster)WorkflowTemplate named `name`, from the files or the resolver. */
  templateObject(name: string, clusterScope: boolean): Host | undefined {
    const map = clusterScope ? this.cluster : this.namespaced;
    const found = map.get(name);
    if (found) return found;
    const obj = this.resolver?.(name, clusterScope);
    const spec = asObj(obj?.spec);
    if (!spec) return undefined;
    const host = hostOf(name, clusterScope, spec);
    map.set(name, host);
    return host;
  }

  /**
   * The host whose templates a subject's steps call: the subject itself, or
   * for a Workflow with `workflowTemplateRef`, the referenced template object.
   */
  templatesHost(subject: Subject): Host | undefined {
    const ref = asObj(subject.spec.workflowTemplateRef);
    if (!ref) return this.hostOfSubject(subject);
    const name = asStr(ref.name);
    return name ? this.templateObject(name, ref.clusterScope === true) : undefined;
  }

  /** The template a step, task, hook or template-level call runs, seen from `host`. */
  resolve(holder: Obj, host: Host): Resolution {
    const inline = asObj(holder.inline);
    if (inline) return { ok: true, resolved: { host, template: inline } };
    const ref = asObj(holder.templateRef);
    if (ref) return this.resolveRef(ref);
    const name = asStr(holder.template);
    if (name === undefined) return { ok: false, message: 'one of template, templateRef or inline is required' };
    const template = host.templates.get(name);
    if (!template) return { ok: false, message: `template "${name}" not found` };
    return { ok: true, resolved: { host, template } };
  }

  private resolveRef(ref: Obj): Resolution {
    const name = asStr(ref.name);
    const tname = asStr(ref.template);
    const clusterScope = ref.clusterScope === true;
    const what = clusterScope ? 'cluster workflow template' : 'workflow template';
    if (!name) return { ok: false, message: 'templateRef.name is required' };
    if (!tname) return { ok: false, message: 'templateRef.template is required' };
    const host = this.templateObject(name, clusterScope);
    if (!host) return { ok: false, message: `${what} "${name}" not found` };
    const template = host.templates.get(tname);
    if (!template) return { ok: false, message: `template "${tname}" not found in ${what} "${name}"` };
    return { ok: true, resolved: { host, template } };
  }
}
