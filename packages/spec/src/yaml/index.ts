/** YAML/JSON manifest loading with source positions, and zod issues turned into located one-line problems. */
export { loadManifests, describeValue, type LoadedDocument, type LoadResult } from './load.js';
export { loadFile, loadPaths, MANIFEST_EXTENSIONS, type LoadPathsResult } from './files.js';
export { formatPath, type FieldPath, type PathSegment } from './path.js';
export { formatProblem, compareProblems, isError, type Problem, type ProblemCode, type Severity } from './problem.js';
export { validateDocument, issuesToProblems, type SchemaLookup, type ValidateOptions } from './validate.js';
export type { Locator, SourcePosition, TagLocator } from './locate.js';
