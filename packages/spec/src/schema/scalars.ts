/**
 * Scalar shapes Argo's Go types decode loosely. Each carries JSON-schema
 * metadata so the CRD conversion (crd/structural.ts) can emit the matching
 * Kubernetes extension instead of an anyOf, which structural schemas forbid.
 */
import { z } from 'zod';

/**
 * Argo's AnyString: YAML authors write `value: 3` or `default: true` and Argo
 * keeps the text. Numbers and booleans become their string form.
 */
export const AnyStringSchema = z
  .union([z.string(), z.number(), z.boolean()], { error: 'expected a string, number or boolean' })
  .transform((v) => String(v))
  .meta({ 'x-kubernetes-preserve-unknown-fields': true });

/**
 * Kubernetes IntOrString: kept as written (number or string), because callers
 * need to tell `limit: 3` from `limit: "{{inputs.parameters.n}}"`.
 */
export const IntOrStringSchema = z
  .union([z.number().int(), z.string()], { error: 'expected an integer or a string' })
  .meta({ 'x-kubernetes-int-or-string': true });
export type IntOrString = z.infer<typeof IntOrStringSchema>;

/** metav1.Time: RFC 3339 text. */
export const TimeSchema = z.string();

/**
 * An optional metav1.Time. Kubernetes and Argo serialise an unset time as
 * `null` (`finishedAt: null` on a running node); it is read as absent so code
 * handles one "not set" value.
 */
export const OptionalTimeSchema = z
  .string()
  .nullish()
  .transform((v) => v ?? undefined)
  .optional();

/** Go durations / Argo duration strings ("30s", "1h", "10"); parsed where used. */
export const DurationSchema = z.string();

/** resource.Quantity: "500m", "1Gi" or a bare number. */
export const QuantitySchema = z
  .union([z.string(), z.number()], { error: 'expected a quantity such as 500m or 1Gi' })
  .meta({ 'x-kubernetes-int-or-string': true });

export const StringMapSchema = z.record(z.string(), z.string());
