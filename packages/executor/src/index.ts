/**
 * @argo-ts/executor — argoexec: `init` stages the script and input artifacts,
 * the emissary (a POSIX sh script) wraps the main container's command, and
 * `wait` collects the outputs, uploads artifacts and reports them. The local
 * kubelet calls `runInProcess` instead of starting a process per container.
 */
export type { ExecutorContext, ExecutorResult } from './context.js';
export { runInProcess, commands } from './run.js';
export { emissaryScript } from './emissary/script.js';
export { ExecutorError, isTransient, type ExecutorErrorCode } from './errors.js';
export { withRetry, type RetryOptions } from './retry.js';
export type { ArtifactDriver, DriverDeps, DriverFactory } from './artifacts/driver.js';
export { driverFor, locationKind } from './artifacts/registry.js';
export { completeFromRepository } from './artifacts/repository.js';
export { s3Driver, S3_PART_SIZE, S3_QUEUE_SIZE, S3_FILE_PART_SIZE } from './artifacts/s3/index.js';
export { archiveStream, archiveFileName, archiveKind, unpackTo, detectFormat } from './archive/index.js';
export { GzipBlocks, GZIP_BLOCK_SIZE, gzipBlocksFootprint, type GzipBlocksOptions } from './archive/gzip-blocks.js';
export { reporterFor, annotationReporter, taskResultReporter, type OutputsReporter } from './reporter/index.js';
export { parseTemplate, type Artifact, type Template, type Outputs, type Parameter } from './template.js';
export const packageName = '@argo-ts/executor';
