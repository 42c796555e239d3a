/**
 * Compares our zod schemas with Argo's JSON schema (schema.json in the shared
 * compatibility corpus): every property Argo defines must be known here, no
 * property may exist here that Argo lacks, scalar kinds must match, and we may
 * not require a field Argo leaves optional.
 */
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import {
  ClusterWorkflowTemplateSchema,
  CronWorkflowSchema,
  WorkflowSchema,
  WorkflowTemplateSchema,
} from './index.js';
import { argoCorpus } from './testdata/corpus.js';

const corpus = argoCorpus();
const ARGO = 'io.argoproj.workflow.v1alpha1.';

/** Argo properties we do not model yet, as `Definition.property`: reason. */
const DEFERRED: Record<string, string> = {};

/** Properties we accept that Argo's schema lacks, as `Definition.property`: reason. */
const EXTRA: Record<string, string> = {};

/**
 * Status strings we type as the closed set of Argo's Go constants, as
 * `Definition.property`: reason. Only the controller writes these, and a
 * literal union lets the compiler check every comparison against a phase.
 */
const NARROWED: Record<string, string> = {
  'NodeStatus.phase': "Argo's NodePhase constants (Pending … Omitted); nothing else is ever written",
  'NodeStatus.type': "Argo's NodeType constants (Pod … Plugin); nothing else is ever written",
  'WorkflowStatus.phase': "Argo's WorkflowPhase constants, including the empty phase of an unseen workflow",
};

/** Argo definitions whose zod schema keeps unknown fields: reason. */
const LOOSE: Record<string, string> = {
  ScriptTemplate: 'inlines a Kubernetes Container; new Container fields must pass as they do under `container`',
  UserContainer: 'inlines a Kubernetes Container (sidecars, init containers); same reason',
  ContainerNode: 'inlines a Kubernetes Container (containerSet); same reason',
};

interface JsonSchema {
  $ref?: string;
  type?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  additionalProperties?: JsonSchema;
}

interface ZodDef {
  type: string;
  innerType?: z.ZodType;
  element?: z.ZodType;
  valueType?: z.ZodType;
  shape?: Record<string, z.ZodType>;
  in?: z.ZodType;
  getter?: () => z.ZodType;
  options?: z.ZodType[];
  catchall?: z.ZodType;
}

const zdef = (s: z.ZodType): ZodDef => s._zod.def as unknown as ZodDef;

const WRAPPERS = new Set(['optional', 'nullable', 'default', 'readonly', 'prefault', 'nonoptional']);

/** Strips optional/nullable/lazy wrappers; reports whether the field may be absent. */
function unwrap(s: z.ZodType): { inner: z.ZodType; optional: boolean } {
  let cur = s;
  let optional = false;
  for (;;) {
    const d = zdef(cur);
    if (WRAPPERS.has(d.type) && d.innerType) {
      if (d.type === 'optional' || d.type === 'default') optional = true;
      cur = d.innerType;
    } else if (d.type === 'lazy' && d.getter) cur = d.getter();
    else return { inner: cur, optional };
  }
}

function meta(s: z.ZodType, key: string): unknown {
  return (z.globalRegistry.get(s) as Record<string, unknown> | undefined)?.[key];
}

/** The zod kind as the comparison sees it. */
function kindOf(s: z.ZodType): string {
  const d = zdef(s);
  if (d.type === 'union' && meta(s, 'x-kubernetes-int-or-string')) return 'int-or-string';
  if (d.type === 'pipe' && d.in) {
    // a transform reads what its input accepts: AnyString's union, or a nullable time string
    const input = unwrap(d.in).inner;
    return zdef(input).type === 'union' ? 'any-string' : kindOf(input);
  }
  return d.type;
}

function refName(p: JsonSchema): string | undefined {
  return p.$ref?.replace('#/definitions/', '');
}

function loadDefinitions(): Record<string, JsonSchema> {
  const raw = JSON.parse(fs.readFileSync(path.join(corpus, 'schema.json'), 'utf8')) as {
    definitions: Record<string, JsonSchema>;
  };
  return raw.definitions;
}

/** Which zod kinds may stand for a JSON-schema property. */
function acceptedKinds(p: JsonSchema, defs: Record<string, JsonSchema>): string[] {
  const ref = refName(p);
  if (ref === 'io.k8s.apimachinery.pkg.util.intstr.IntOrString') return ['int-or-string'];
  if (ref === 'io.k8s.apimachinery.pkg.apis.meta.v1.Time') return ['string'];
  if (ref === 'io.k8s.apimachinery.pkg.api.resource.Quantity') return ['int-or-string'];
  if (ref) {
    const target = defs[ref];
    if (!target) throw new Error(`schema.json: dangling $ref ${ref}`);
    if (target.type === undefined && !target.properties) return ['unknown'];
    return acceptedKinds(target, defs);
  }
  switch (p.type) {
    case 'string':
      return ['string', 'any-string'];
    case 'integer':
    case 'number':
      return ['number'];
    case 'boolean':
      return ['boolean'];
    case 'array':
      return ['array'];
    case 'object':
      return p.additionalProperties ? ['record'] : ['object', 'record'];
    default:
      return ['unknown'];
  }
}

interface Walk {
  defs: Record<string, JsonSchema>;
  problems: string[];
  seen: Map<string, Set<z.ZodType>>;
}

/** Compares one property, descending into argoproj definitions through arrays and maps. */
function compareValue(w: Walk, where: string, p: JsonSchema, s: z.ZodType): void {
  const { inner } = unwrap(s);
  const kind = kindOf(inner);
  const accepted = acceptedKinds(p, w.defs);
  if (!accepted.includes(kind) && !(kind === 'enum' && accepted.includes('string') && NARROWED[where])) {
    w.problems.push(`${where}: Argo has ${accepted.join('|')}, zod has ${kind}`);
    return;
  }
  const ref = refName(p);
  if (ref?.startsWith(ARGO)) {
    const target = w.defs[ref]!;
    if (target.properties && kind === 'object') compareObject(w, ref, inner);
    else if (target.type === 'array' && target.items && zdef(inner).element) {
      compareValue(w, `${where}[]`, target.items, zdef(inner).element!);
    }
    return;
  }
  const d = zdef(inner);
  if (p.type === 'array' && p.items && d.element) compareValue(w, `${where}[]`, p.items, d.element);
  if (p.type === 'object' && p.additionalProperties && d.valueType) {
    compareValue(w, `${where}{}`, p.additionalProperties, d.valueType);
  }
}

function compareObject(w: Walk, defName: string, s: z.ZodType): void {
  const seen = w.seen.get(defName) ?? new Set<z.ZodType>();
  if (seen.has(s)) return;
  seen.add(s);
  w.seen.set(defName, seen);
  const short = defName.replace(ARGO, '');
  const def = w.defs[defName]!;
  const shape = zdef(s).shape ?? {};
  const catchall = zdef(s).catchall;
  if (!LOOSE[short] && (!catchall || zdef(catchall).type !== 'never')) {
    w.problems.push(`${short}: accepts unknown fields, but Argo decodes its objects strictly`);
  }
  const argoProps = def.properties ?? {};
  const required = new Set(def.required ?? []);
  for (const [name, prop] of Object.entries(argoProps)) {
    const key = `${short}.${name}`;
    if (DEFERRED[key]) continue;
    const child = shape[name];
    if (!child) {
      w.problems.push(`${key}: defined by Argo, unknown to the zod schema`);
      continue;
    }
    if (!unwrap(child).optional && !required.has(name)) {
      w.problems.push(`${key}: required by zod, optional in Argo`);
    }
    compareValue(w, key, prop, child);
  }
  for (const name of Object.keys(shape)) {
    if (!(name in argoProps) && !EXTRA[`${short}.${name}`]) {
      w.problems.push(`${short}.${name}: accepted by zod, not defined by Argo`);
    }
  }
}

function walk(roots: [string, z.ZodType][]): Walk {
  const w: Walk = { defs: loadDefinitions(), problems: [], seen: new Map() };
  for (const [name, schema] of roots) compareObject(w, ARGO + name, schema);
  return w;
}

describe('zod schemas cover Argo schema.json', () => {
  const w = walk([
    ['Workflow', WorkflowSchema],
    ['WorkflowTemplate', WorkflowTemplateSchema],
    ['ClusterWorkflowTemplate', ClusterWorkflowTemplateSchema],
    ['CronWorkflow', CronWorkflowSchema],
  ]);

  it('reaches every argoproj definition the kinds use', () => {
    for (const name of ['Template', 'WorkflowStep', 'DAGTask', 'NodeStatus', 'S3Artifact', 'ArtifactRepository']) {
      expect(w.seen.has(ARGO + name)).toBe(true);
    }
    expect(w.seen.size).toBeGreaterThan(80);
  });

  it('finds no missing, extra, over-required or mistyped property', () => {
    expect(w.problems).toEqual([]);
  });

  it('lists a reason for each deferred, extra or loose entry', () => {
    const reasons = [...Object.values(DEFERRED), ...Object.values(EXTRA), ...Object.values(LOOSE), ...Object.values(NARROWED)];
    for (const reason of reasons) expect(reason.length).toBeGreaterThan(10);
  });

  it('detects a property the zod schema lacks (self-check)', () => {
    const partial = z.strictObject({ name: z.string().optional() });
    const probe: Walk = { defs: loadDefinitions(), problems: [], seen: new Map() };
    compareObject(probe, `${ARGO}TemplateRef`, partial);
    expect(probe.problems).toEqual([
      'TemplateRef.clusterScope: defined by Argo, unknown to the zod schema',
      'TemplateRef.template: defined by Argo, unknown to the zod schema',
    ]);
  });

  it('detects an Argo object that keeps unknown fields (self-check)', () => {
    const probe: Walk = { defs: loadDefinitions(), problems: [], seen: new Map() };
    compareObject(probe, `${ARGO}ContinueOn`, z.looseObject({ error: z.boolean().optional(), failed: z.boolean().optional() }));
    expect(probe.problems).toEqual(['ContinueOn: accepts unknown fields, but Argo decodes its objects strictly']);
  });

  it('detects a mistyped, extra or over-required property (self-check)', () => {
    const wrong = z.strictObject({
      clusterScope: z.string().optional(),
      name: z.string(),
      template: z.string().optional(),
      extra: z.string().optional(),
    });
    const probe: Walk = { defs: loadDefinitions(), problems: [], seen: new Map() };
    compareObject(probe, `${ARGO}TemplateRef`, wrong);
    expect(probe.problems).toEqual([
      'TemplateRef.clusterScope: Argo has boolean, zod has string',
      'TemplateRef.name: required by zod, optional in Argo',
      'TemplateRef.extra: accepted by zod, not defined by Argo',
    ]);
  });
});
