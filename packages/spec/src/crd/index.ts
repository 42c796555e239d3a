/** CRD and OpenAPI generation from the zod schemas (structural schemas for apiextensions.k8s.io/v1). */
export { toStructural, type JsonSchema } from './structural.js';
export { structuralSchema, kindSchema } from './schemas.js';
export { crdFor, crdName, allCrds, renderCrdFiles } from './crd.js';
export {
  openApiV3Document,
  openApiV3Hash,
  componentName,
  OPENAPI_V3_GROUP_PATH,
  type OpenApiDocument,
} from './openapi.js';
export { validateStructural, type StructuralIssue } from './validate.js';
