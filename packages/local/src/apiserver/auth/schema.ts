/**
 * rbac.authorization.k8s.io/v1 object shapes. The API server validates
 * stored Roles and bindings with these (bad input is refused with the field
 * named) and the authoriser reads them through the inferred types.
 */
import { z } from 'zod';

const strings = z.array(z.string());

export const PolicyRuleSchema = z.strictObject({
  verbs: strings.min(1, 'verbs must name at least one verb (or "*")'),
  apiGroups: strings.optional(),
  resources: strings.optional(),
  resourceNames: strings.optional(),
  nonResourceURLs: strings.optional(),
});

export const SubjectSchema = z.strictObject({
  kind: z.enum(['ServiceAccount', 'User', 'Group']),
  name: z.string().min(1, 'subject name is required'),
  namespace: z.string().optional(),
  apiGroup: z.string().optional(),
});

export const RoleRefSchema = z.strictObject({
  apiGroup: z.literal('rbac.authorization.k8s.io'),
  kind: z.enum(['Role', 'ClusterRole']),
  name: z.string().min(1, 'roleRef.name is required'),
});

const Metadata = z.looseObject({});
const TypeMeta = { apiVersion: z.string().optional(), kind: z.string().optional(), metadata: Metadata };

export const RoleSchema = z.strictObject({ ...TypeMeta, rules: z.array(PolicyRuleSchema).nullish() });
export const ClusterRoleSchema = z.strictObject({
  ...TypeMeta,
  rules: z.array(PolicyRuleSchema).nullish(),
  // Accepted and kept; the local authoriser does not aggregate roles.
  aggregationRule: z.looseObject({}).optional(),
});
export const RoleBindingSchema = z.strictObject({ ...TypeMeta, subjects: z.array(SubjectSchema).nullish(), roleRef: RoleRefSchema });

export type PolicyRule = z.infer<typeof PolicyRuleSchema>;
export type Subject = z.infer<typeof SubjectSchema>;
export type RoleRef = z.infer<typeof RoleRefSchema>;
export type Role = z.infer<typeof RoleSchema>;
export type RoleBinding = z.infer<typeof RoleBindingSchema>;

/** Schemas by kind, for the API server's validation. */
export const RBAC_SCHEMAS: Record<string, z.ZodType> = {
  Role: RoleSchema,
  ClusterRole: ClusterRoleSchema,
  RoleBinding: RoleBindingSchema,
  ClusterRoleBinding: RoleBindingSchema,
};
