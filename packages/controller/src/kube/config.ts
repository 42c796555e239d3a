/**
 * The controller's configuration, from the `workflow-controller-configmap`
 * ConfigMap: either one key `config` holding YAML, or one key per setting
 * (each value YAML), as Argo accepts. Unknown keys are ignored (Argo has many
 * we do not implement); known ones are checked and a bad one is reported as
 * `configmap <ns>/<name>: <path>: <expectation>`.
 */
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { DEFAULT_EXECUTOR_IMAGE, PodGCSchema } from '@argo-ts/spec';
import { durationSeconds } from '@argo-ts/lang';
import type { ArtifactRepository, Workflow } from '../operator/model.js';
import type { ImageConfig, OperatorConfig, OutputsReporter, PodGCConfig } from '../operator/types.js';

const ConfigSchema = z.looseObject({
  executor: z.looseObject({ image: z.string().optional() }).optional(),
  executorImage: z.string().optional(),
  artifactRepository: z.record(z.string(), z.unknown()).optional(),
  parallelism: z.number().int().nonnegative().optional(),
  namespaceParallelism: z.number().int().nonnegative().optional(),
  podGC: z.looseObject(PodGCSchema.shape).optional(),
  podGCDefaults: z.looseObject(PodGCSchema.shape).optional(),
  podGCDeleteDelayDuration: z.string().refine((v) => durationSeconds(v) !== undefined, 'expected a duration such as 5s or 1m').optional(),
  workflowDefaults: z.looseObject({ spec: z.record(z.string(), z.unknown()).optional() }).optional(),
  instanceID: z.string().optional(),
  outputsReporter: z.enum(['annotation', 'taskresult']).optional(),
  images: z.record(z.string(), z.looseObject({
    entrypoint: z.array(z.string()).optional(),
    cmd: z.array(z.string()).optional(),
  }).nullable()).optional(),
});

export type RawControllerConfig = z.infer<typeof ConfigSchema>;

export interface ControllerConfig {
  executorImage: string;
  artifactRepository?: ArtifactRepository;
  parallelism?: number;
  namespaceParallelism?: number;
  podGC?: PodGCConfig;
  podGCDeleteDelayDuration?: string;
  workflowDefaults?: Partial<Workflow['spec']>;
  instanceId?: string;
  outputsReporter: OutputsReporter;
  /** Argo's `images`: ENTRYPOINT/CMD per image, for containers without `command`. */
  images?: Record<string, ImageConfig>;
}

export class ConfigError extends Error {
  readonly code = 'InvalidControllerConfig' as const;
  readonly permanent = true;
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

function yamlValue(source: string, key: string, text: string): unknown {
  try {
    return parseYaml(text);
  } catch (e) {
    throw new ConfigError(`${source}: ${key}: expected YAML (${(e as Error).message.split('\n')[0]})`);
  }
}

/** Parses the ConfigMap's data; `source` names it in errors (e.g. `configmap argo/workflow-controller-configmap`). */
export function parseControllerConfig(data: Record<string, string> | undefined, source: string): ControllerConfig {
  let raw: unknown = {};
  if (data?.config !== undefined) {
    raw = yamlValue(source, 'config', data.config) ?? {};
  } else if (data) {
    raw = Object.fromEntries(Object.entries(data).map(([k, v]) => [k, yamlValue(source, k, v)]));
  }
  const parsed = ConfigSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const path = issue.path.map(String).join('.') || '(root)';
    throw new ConfigError(`${source}: ${data?.config !== undefined ? 'config.' : ''}${path}: ${issue.message}`);
  }
  const c = parsed.data;
  const out: ControllerConfig = {
    executorImage: c.executor?.image ?? c.executorImage ?? DEFAULT_EXECUTOR_IMAGE,
    outputsReporter: c.outputsReporter ?? 'annotation',
  };
  if (c.artifactRepository) out.artifactRepository = c.artifactRepository as ArtifactRepository;
  if (c.parallelism !== undefined) out.parallelism = c.parallelism;
  if (c.namespaceParallelism !== undefined) out.namespaceParallelism = c.namespaceParallelism;
  const gc = c.podGC ?? c.podGCDefaults;
  if (gc) out.podGC = gc as PodGCConfig;
  if (c.podGCDeleteDelayDuration !== undefined) out.podGCDeleteDelayDuration = c.podGCDeleteDelayDuration;
  if (c.workflowDefaults?.spec) out.workflowDefaults = c.workflowDefaults.spec as Partial<Workflow['spec']>;
  if (c.instanceID) out.instanceId = c.instanceID;
  if (c.images) out.images = imageIndex(c.images);
  return out;
}

/** Only the two fields the pod builder reads; an image listed with no value (`img:`) has neither. */
function imageIndex(raw: NonNullable<RawControllerConfig['images']>): Record<string, ImageConfig> {
  const out: Record<string, ImageConfig> = {};
  for (const [image, v] of Object.entries(raw)) {
    const e: ImageConfig = {};
    if (v?.entrypoint) e.entrypoint = v.entrypoint;
    if (v?.cmd) e.cmd = v.cmd;
    out[image] = e;
  }
  return out;
}

/** The operator's view, with the artifact repository resolved for one workflow. */
export function operatorConfig(cfg: ControllerConfig, artifactRepository: ArtifactRepository | undefined): OperatorConfig {
  const out: OperatorConfig = { executorImage: cfg.executorImage, outputsReporter: cfg.outputsReporter };
  const repo = artifactRepository ?? cfg.artifactRepository;
  if (repo) out.artifactRepository = repo;
  if (cfg.parallelism !== undefined) out.parallelism = cfg.parallelism;
  if (cfg.podGC) out.podGC = cfg.podGC;
  if (cfg.podGCDeleteDelayDuration !== undefined) out.podGCDeleteDelayDuration = cfg.podGCDeleteDelayDuration;
  if (cfg.instanceId) out.instanceId = cfg.instanceId;
  if (cfg.workflowDefaults) out.workflowDefaults = cfg.workflowDefaults;
  if (cfg.images) out.images = cfg.images;
  return out;
}
