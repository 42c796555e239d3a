/** Structural schemas for the argoproj.io kinds, derived from the zod schemas. */
import { z } from 'zod';
import type { KindInfo } from '../schema/kinds.js';
import { toStructural, type JsonSchema } from './structural.js';

const OPEN: JsonSchema = { type: 'object', 'x-kubernetes-preserve-unknown-fields': true };

/**
 * Property paths the CRD leaves open (typed as an object that keeps unknown
 * fields). `status` is written by the controller, which validates it with
 * zod; `templateDefaults` is a partial template merged into every template,
 * which are themselves validated. Expanding them would repeat the Template
 * schema several times and push a CRD past the 256 KiB that client-side
 * `kubectl apply` can store in its last-applied annotation.
 */
const OPEN_PATHS: readonly (readonly string[])[] = [
  ['status'],
  ['spec', 'templateDefaults'],
  ['spec', 'workflowSpec', 'templateDefaults'],
];

/** The structural OpenAPI v3 schema of any zod schema (the input side: what users write). */
export function structuralSchema(schema: z.ZodType): JsonSchema {
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any', cycles: 'ref', reused: 'inline' });
  return toStructural(json as JsonSchema);
}

function openAt(node: JsonSchema, path: readonly string[]): JsonSchema {
  const props = node.properties as Record<string, JsonSchema> | undefined;
  const [head, ...rest] = path;
  if (!props || head === undefined || !props[head]) return node;
  const child = rest.length === 0 ? OPEN : openAt(props[head], rest);
  return { ...node, properties: { ...props, [head]: child } };
}

const cache = new WeakMap<z.ZodType, JsonSchema>();

/**
 * The schema of a whole object of a kind, as its CRD carries it. The API
 * server owns `metadata` and only allows `type: object` there. Built once per
 * kind (about 15 ms); treat the result as read-only.
 */
export function kindSchema(info: KindInfo): JsonSchema {
  const hit = cache.get(info.schema);
  if (hit) return hit;
  let root = structuralSchema(info.schema);
  root = { ...root, properties: { ...(root.properties as JsonSchema), metadata: { type: 'object' } } };
  for (const path of OPEN_PATHS) root = openAt(root, path);
  cache.set(info.schema, root);
  return root;
}
