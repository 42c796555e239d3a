/**
 * Converts the JSON Schema zod emits into a Kubernetes *structural* OpenAPI v3
 * schema, the only form apiextensions.k8s.io/v1 accepts: every node has one
 * type, no $ref, no anyOf of types, no `additionalProperties: false`.
 *
 * - loose objects (embedded Kubernetes types) and untyped values keep unknown
 *   fields: `x-kubernetes-preserve-unknown-fields: true`;
 * - IntOrString keeps its extension; other unions keep unknown fields;
 * - `null` in a union becomes `nullable: true`;
 * - a `$ref` met again inside itself (a template inlined in a step) stops the
 *   expansion there with an object that keeps unknown fields.
 */
export type JsonSchema = { [key: string]: unknown };

const PRESERVE = 'x-kubernetes-preserve-unknown-fields';
const INT_OR_STRING = 'x-kubernetes-int-or-string';

const ROOT = '#';

const SCALARS = new Set(['string', 'boolean', 'number', 'integer']);

function preserve(type?: string): JsonSchema {
  return type === 'object' ? { type: 'object', [PRESERVE]: true } : { [PRESERVE]: true };
}

function isEmptySchema(v: unknown): boolean {
  return v === true || (typeof v === 'object' && v !== null && Object.keys(v).length === 0);
}

function withDescription(out: JsonSchema, node: JsonSchema): JsonSchema {
  return typeof node.description === 'string' ? { description: node.description, ...out } : out;
}

class Converter {
  constructor(private readonly defs: Record<string, JsonSchema>) {}

  convert(node: JsonSchema, stack: readonly string[]): JsonSchema {
    if (typeof node.$ref === 'string') return this.ref(node.$ref, stack);
    if (node[INT_OR_STRING]) return withDescription({ [INT_OR_STRING]: true }, node);
    const union = (node.anyOf ?? node.oneOf) as JsonSchema[] | undefined;
    if (union) return this.union(union, node, stack);
    if (node[PRESERVE] && !node.properties) return withDescription(preserve(), node);
    if (Array.isArray(node.type)) return this.typeList(node, stack);
    return withDescription(this.typed(node, stack), node);
  }

  private ref(ref: string, stack: readonly string[]): JsonSchema {
    // '#' is the document itself (a recursive root such as Template)
    const name = ref === '#' ? ROOT : ref.replace(/^#\/\$defs\//, '');
    const target = this.defs[name];
    if (!target) throw new Error(`crd: unresolved $ref ${ref}`);
    if (stack.includes(name)) return preserve(typeof target.type === 'string' ? target.type : undefined);
    return this.convert(target, [...stack, name]);
  }

  private union(branches: JsonSchema[], node: JsonSchema, stack: readonly string[]): JsonSchema {
    const nonNull = branches.filter((b) => b.type !== 'null');
    if (nonNull.length === 1 && nonNull.length < branches.length) {
      return withDescription({ ...this.convert(nonNull[0]!, stack), nullable: true }, node);
    }
    return withDescription(preserve(), node);
  }

  private typeList(node: JsonSchema, stack: readonly string[]): JsonSchema {
    const types = (node.type as string[]).filter((t) => t !== 'null');
    if (types.length !== 1) return withDescription(preserve(), node);
    const nullable = types.length < (node.type as string[]).length;
    const out = this.convert({ ...node, type: types[0] }, stack);
    return nullable ? { ...out, nullable: true } : out;
  }

  private typed(node: JsonSchema, stack: readonly string[]): JsonSchema {
    const type = node.type;
    if (type === 'object') return this.object(node, stack);
    if (type === 'array') return { type: 'array', items: this.convert((node.items as JsonSchema) ?? {}, stack) };
    if (typeof type === 'string' && SCALARS.has(type)) {
      return Array.isArray(node.enum) ? { type, enum: node.enum } : { type };
    }
    return preserve();
  }

  private object(node: JsonSchema, stack: readonly string[]): JsonSchema {
    const props = node.properties as Record<string, JsonSchema> | undefined;
    const extra = node.additionalProperties;
    if (!props || Object.keys(props).length === 0) {
      if (extra === undefined || extra === false) return { type: 'object' };
      if (isEmptySchema(extra)) return preserve('object');
      return { type: 'object', additionalProperties: this.convert(extra as JsonSchema, stack) };
    }
    const out: JsonSchema = { type: 'object', properties: {} };
    for (const [name, prop] of Object.entries(props)) {
      (out.properties as JsonSchema)[name] = this.convert(prop, stack);
    }
    const required = node.required as string[] | undefined;
    if (required && required.length > 0) out.required = [...required];
    // structural schemas cannot combine properties with a typed additionalProperties
    if (extra !== undefined && extra !== false) out[PRESERVE] = true;
    return out;
  }
}

/** The structural form of a JSON Schema document produced by `z.toJSONSchema`. */
export function toStructural(doc: JsonSchema): JsonSchema {
  const defs = (doc.$defs ?? doc.definitions ?? {}) as Record<string, JsonSchema>;
  const body: JsonSchema = { ...doc };
  delete body.$schema;
  delete body.$defs;
  delete body.definitions;
  return new Converter({ ...defs, [ROOT]: body }).convert(body, [ROOT]);
}
