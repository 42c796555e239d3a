/**
 * Kubernetes core types that appear inside Argo objects. They are typed for
 * the fields argo-ts reads but keep unknown fields: Kubernetes validates them
 * itself when the pod is created, and new Kubernetes releases add fields that
 * must pass through untouched.
 */
import { z } from 'zod';
import { IntOrStringSchema, OptionalTimeSchema, QuantitySchema, StringMapSchema } from './scalars.js';

export const OwnerReferenceSchema = z.looseObject({
  apiVersion: z.string(),
  kind: z.string(),
  name: z.string(),
  uid: z.string(),
  controller: z.boolean().optional(),
  blockOwnerDeletion: z.boolean().optional(),
});

export const ObjectMetaSchema = z.looseObject({
  name: z.string().optional(),
  generateName: z.string().optional(),
  namespace: z.string().optional(),
  uid: z.string().optional(),
  resourceVersion: z.string().optional(),
  generation: z.number().int().optional(),
  creationTimestamp: OptionalTimeSchema,
  deletionTimestamp: OptionalTimeSchema,
  labels: StringMapSchema.optional(),
  annotations: StringMapSchema.optional(),
  ownerReferences: z.array(OwnerReferenceSchema).optional(),
  finalizers: z.array(z.string()).optional(),
});
export type ObjectMeta = z.infer<typeof ObjectMetaSchema>;

export const LocalObjectReferenceSchema = z.looseObject({ name: z.string().optional() });

export const SecretKeySelectorSchema = z.looseObject({
  name: z.string().optional(),
  key: z.string(),
  optional: z.boolean().optional(),
});
export type SecretKeySelector = z.infer<typeof SecretKeySelectorSchema>;

export const ConfigMapKeySelectorSchema = z.looseObject({
  name: z.string().optional(),
  key: z.string(),
  optional: z.boolean().optional(),
});
export type ConfigMapKeySelector = z.infer<typeof ConfigMapKeySelectorSchema>;

export const ObjectReferenceSchema = z.looseObject({
  apiVersion: z.string().optional(),
  kind: z.string().optional(),
  name: z.string().optional(),
  namespace: z.string().optional(),
  uid: z.string().optional(),
  resourceVersion: z.string().optional(),
});

export const EnvVarSchema = z.looseObject({
  name: z.string(),
  value: z.string().optional(),
  valueFrom: z
    .looseObject({
      secretKeyRef: SecretKeySelectorSchema.optional(),
      configMapKeyRef: ConfigMapKeySelectorSchema.optional(),
      fieldRef: z.looseObject({ fieldPath: z.string() }).optional(),
    })
    .optional(),
});
export type EnvVar = z.infer<typeof EnvVarSchema>;

export const EnvFromSourceSchema = z.looseObject({
  prefix: z.string().optional(),
  configMapRef: z.looseObject({ name: z.string().optional() }).optional(),
  secretRef: z.looseObject({ name: z.string().optional() }).optional(),
});

export const ResourceRequirementsSchema = z.looseObject({
  limits: z.record(z.string(), QuantitySchema).optional(),
  requests: z.record(z.string(), QuantitySchema).optional(),
});
export type ResourceRequirements = z.infer<typeof ResourceRequirementsSchema>;

export const VolumeMountSchema = z.looseObject({
  name: z.string(),
  mountPath: z.string(),
  subPath: z.string().optional(),
  readOnly: z.boolean().optional(),
});
export type VolumeMount = z.infer<typeof VolumeMountSchema>;

export const SecurityContextSchema = z.looseObject({
  runAsUser: z.number().int().optional(),
  runAsGroup: z.number().int().optional(),
  runAsNonRoot: z.boolean().optional(),
  privileged: z.boolean().optional(),
  readOnlyRootFilesystem: z.boolean().optional(),
});

export const PodSecurityContextSchema = z.looseObject({
  runAsUser: z.number().int().optional(),
  runAsGroup: z.number().int().optional(),
  runAsNonRoot: z.boolean().optional(),
  fsGroup: z.number().int().optional(),
});

export const ContainerPortSchema = z.looseObject({
  containerPort: z.number().int(),
  name: z.string().optional(),
  protocol: z.string().optional(),
});

/** Probes and lifecycle handlers are passed to the runtime as written. */
const OpaqueObjectSchema = z.looseObject({});

/** Fields shared by k8s Container, Argo's UserContainer, ScriptTemplate and ContainerNode. */
export const containerFields = {
  image: z.string().optional(),
  command: z.array(z.string()).optional(),
  args: z.array(z.string()).optional(),
  workingDir: z.string().optional(),
  env: z.array(EnvVarSchema).optional(),
  envFrom: z.array(EnvFromSourceSchema).optional(),
  resources: ResourceRequirementsSchema.optional(),
  volumeMounts: z.array(VolumeMountSchema).optional(),
  imagePullPolicy: z.string().optional(),
  securityContext: SecurityContextSchema.optional(),
  ports: z.array(ContainerPortSchema).optional(),
  lifecycle: OpaqueObjectSchema.optional(),
  livenessProbe: OpaqueObjectSchema.optional(),
  readinessProbe: OpaqueObjectSchema.optional(),
  startupProbe: OpaqueObjectSchema.optional(),
  resizePolicy: z.array(OpaqueObjectSchema).optional(),
  restartPolicy: z.string().optional(),
  restartPolicyRules: z.array(OpaqueObjectSchema).optional(),
  stdin: z.boolean().optional(),
  stdinOnce: z.boolean().optional(),
  tty: z.boolean().optional(),
  terminationMessagePath: z.string().optional(),
  terminationMessagePolicy: z.string().optional(),
  volumeDevices: z.array(OpaqueObjectSchema).optional(),
};

export const ContainerSchema = z.looseObject({ name: z.string().optional(), ...containerFields });
export type Container = z.infer<typeof ContainerSchema>;

export const VolumeSchema = z.looseObject({
  name: z.string(),
  emptyDir: z.looseObject({ medium: z.string().optional(), sizeLimit: QuantitySchema.optional() }).optional(),
  hostPath: z.looseObject({ path: z.string(), type: z.string().optional() }).optional(),
  configMap: z.looseObject({ name: z.string().optional() }).optional(),
  secret: z.looseObject({ secretName: z.string().optional() }).optional(),
  persistentVolumeClaim: z
    .looseObject({ claimName: z.string(), readOnly: z.boolean().optional() })
    .optional(),
});
export type Volume = z.infer<typeof VolumeSchema>;

export const PersistentVolumeClaimSchema = z.looseObject({
  apiVersion: z.string().optional(),
  kind: z.string().optional(),
  metadata: ObjectMetaSchema.optional(),
  spec: z
    .looseObject({
      accessModes: z.array(z.string()).optional(),
      storageClassName: z.string().optional(),
      resources: ResourceRequirementsSchema.optional(),
    })
    .optional(),
  status: OpaqueObjectSchema.optional(),
});
export type PersistentVolumeClaim = z.infer<typeof PersistentVolumeClaimSchema>;

export const TolerationSchema = z.looseObject({
  key: z.string().optional(),
  operator: z.string().optional(),
  value: z.string().optional(),
  effect: z.string().optional(),
  tolerationSeconds: z.number().int().optional(),
});

export const AffinitySchema = OpaqueObjectSchema;
export const HostAliasSchema = z.looseObject({ ip: z.string(), hostnames: z.array(z.string()).optional() });
export const PodDNSConfigSchema = OpaqueObjectSchema;
export const PodResourceClaimSchema = z.looseObject({ name: z.string() });
export const PodDisruptionBudgetSpecSchema = z.looseObject({
  minAvailable: IntOrStringSchema.optional(),
  maxUnavailable: IntOrStringSchema.optional(),
});
export const LabelSelectorSchema = z.looseObject({
  matchLabels: StringMapSchema.optional(),
  matchExpressions: z
    .array(z.looseObject({ key: z.string(), operator: z.string(), values: z.array(z.string()).optional() }))
    .optional(),
});
