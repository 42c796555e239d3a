// Assembles testdata/swagger.json (run once; the result is committed):
//   node testdata/assemble-swagger.mjs <argo-compat>/schema.json > testdata/swagger.json
// definitions: Argo's api/jsonschema/schema.json at the corpus commit, unmodified
// (Argo generates it from the same definitions as api/openapi-spec/swagger.json);
// paths: the operations argo-ts serves, as Argo's swagger.json declares them
// (operation ids, parameters, response schemas), without the long descriptions.
import { readFileSync } from 'node:fs';

const schema = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const W = 'io.argoproj.workflow.v1alpha1';
const ref = (t) => ({ $ref: `#/definitions/${t}` });
const ok = (t) => ({ description: 'A successful response.', schema: ref(t) });
const stream = (t) => ({
  description: 'A successful response.(streaming responses)',
  schema: { type: 'object', title: `Stream result of ${t}`, properties: { error: ref('grpc.gateway.runtime.StreamError'), result: ref(t) } },
});
const errorResponse = { description: 'An unexpected error response.', schema: ref('grpc.gateway.runtime.Error') };
const path = (name) => ({ type: 'string', name, in: 'path', required: true });
const q = (name, type = 'string', extra = {}) => ({ type, name, in: 'query', ...extra });
const listOptions = ['labelSelector', 'fieldSelector', ['watch', 'boolean'], ['allowWatchBookmarks', 'boolean'], 'resourceVersion', 'resourceVersionMatch', ['timeoutSeconds', 'string', { format: 'int64' }], ['limit', 'string', { format: 'int64' }], 'continue', ['sendInitialEvents', 'boolean']]
  .map((o) => (Array.isArray(o) ? q(`listOptions.${o[0]}`, o[1], o[2]) : q(`listOptions.${o}`)));
const deleteOptions = [q('deleteOptions.gracePeriodSeconds', 'string', { format: 'int64' }), q('deleteOptions.preconditions.uid'), q('deleteOptions.preconditions.resourceVersion'), q('deleteOptions.orphanDependents', 'boolean'), q('deleteOptions.propagationPolicy'), q('deleteOptions.dryRun', 'array', { items: { type: 'string' }, collectionFormat: 'multi' })];
const logOptions = ['container', ['follow', 'boolean'], ['previous', 'boolean'], ['sinceSeconds', 'string', { format: 'int64' }], ['sinceTime.seconds', 'string', { format: 'int64' }], ['sinceTime.nanos', 'integer', { format: 'int32' }], ['timestamps', 'boolean'], ['tailLines', 'string', { format: 'int64' }], ['limitBytes', 'string', { format: 'int64' }], ['insecureSkipTLSVerifyBackend', 'boolean']]
  .map((o) => (Array.isArray(o) ? q(`logOptions.${o[0]}`, o[1], o[2]) : q(`logOptions.${o}`)));
const body = (t) => ({ name: 'body', in: 'body', required: true, schema: ref(t) });
const op = (tag, operationId, parameters, response) => ({ tags: [tag], operationId, parameters, responses: { 200: response, default: errorResponse } });
const artifact = (operationId, params) => ({ get: { tags: ['ArtifactService'], operationId, parameters: params.map(path), responses: { 200: { description: 'An artifact file.', schema: { type: 'string', format: 'binary' } }, default: errorResponse } } });

const paths = {};
const crud = (tag, base, kind, list, createReq, lintReq, updateReq, deleteResp, namespaced) => {
  const ns = namespaced ? [path('namespace')] : [];
  const b = namespaced ? `${base}/{namespace}` : base;
  paths[b] = {
    get: op(tag, `List${kind}s`, [...ns, ...listOptions], ok(`${W}.${list}`)),
    post: op(tag, `Create${kind}`, [...ns, body(`${W}.${createReq}`)], ok(`${W}.${kind}`)),
  };
  paths[`${b}/lint`] = { post: op(tag, `Lint${kind}`, [...ns, body(`${W}.${lintReq}`)], ok(`${W}.${kind}`)) };
  paths[`${b}/{name}`] = {
    get: op(tag, `Get${kind}`, [...ns, path('name'), q('getOptions.resourceVersion')], ok(`${W}.${kind}`)),
    put: op(tag, `Update${kind}`, [...ns, path('name'), body(`${W}.${updateReq}`)], ok(`${W}.${kind}`)),
    delete: op(tag, `Delete${kind}`, [...ns, path('name'), ...deleteOptions], ok(`${W}.${deleteResp}`)),
  };
};
crud('WorkflowTemplateService', '/api/v1/workflow-templates', 'WorkflowTemplate', 'WorkflowTemplateList', 'WorkflowTemplateCreateRequest', 'WorkflowTemplateLintRequest', 'WorkflowTemplateUpdateRequest', 'WorkflowTemplateDeleteResponse', true);
crud('ClusterWorkflowTemplateService', '/api/v1/cluster-workflow-templates', 'ClusterWorkflowTemplate', 'ClusterWorkflowTemplateList', 'ClusterWorkflowTemplateCreateRequest', 'ClusterWorkflowTemplateLintRequest', 'ClusterWorkflowTemplateUpdateRequest', 'ClusterWorkflowTemplateDeleteResponse', false);
crud('CronWorkflowService', '/api/v1/cron-workflows', 'CronWorkflow', 'CronWorkflowList', 'CreateCronWorkflowRequest', 'LintCronWorkflowRequest', 'UpdateCronWorkflowRequest', 'CronWorkflowDeletedResponse', true);
paths['/api/v1/cron-workflows/{namespace}/{name}/resume'] = { put: op('CronWorkflowService', 'ResumeCronWorkflow', [path('namespace'), path('name'), body(`${W}.CronWorkflowResumeRequest`)], ok(`${W}.CronWorkflow`)) };
paths['/api/v1/cron-workflows/{namespace}/{name}/suspend'] = { put: op('CronWorkflowService', 'SuspendCronWorkflow', [path('namespace'), path('name'), body(`${W}.CronWorkflowSuspendRequest`)], ok(`${W}.CronWorkflow`)) };

const WS = 'WorkflowService';
paths['/api/v1/workflows/{namespace}'] = {
  get: op(WS, 'ListWorkflows', [path('namespace'), ...listOptions, q('fields')], ok(`${W}.WorkflowList`)),
  post: op(WS, 'CreateWorkflow', [path('namespace'), body(`${W}.WorkflowCreateRequest`)], ok(`${W}.Workflow`)),
};
paths['/api/v1/workflows/{namespace}/lint'] = { post: op(WS, 'LintWorkflow', [path('namespace'), body(`${W}.WorkflowLintRequest`)], ok(`${W}.Workflow`)) };
paths['/api/v1/workflows/{namespace}/submit'] = { post: op(WS, 'SubmitWorkflow', [path('namespace'), body(`${W}.WorkflowSubmitRequest`)], ok(`${W}.Workflow`)) };
paths['/api/v1/workflows/{namespace}/{name}'] = {
  get: op(WS, 'GetWorkflow', [path('namespace'), path('name'), q('getOptions.resourceVersion'), q('fields')], ok(`${W}.Workflow`)),
  delete: op(WS, 'DeleteWorkflow', [path('namespace'), path('name'), ...deleteOptions, q('force', 'boolean')], ok(`${W}.WorkflowDeleteResponse`)),
};
paths['/api/v1/workflows/{namespace}/{name}/log'] = { get: op(WS, 'WorkflowLogs', [path('namespace'), path('name'), q('podName'), ...logOptions, q('grep'), q('selector')], stream(`${W}.LogEntry`)) };
paths['/api/v1/workflows/{namespace}/{name}/{podName}/log'] = { get: op(WS, 'PodLogs', [path('namespace'), path('name'), path('podName'), ...logOptions, q('grep'), q('selector')], stream(`${W}.LogEntry`)) };
for (const [verb, req] of [['resubmit', 'WorkflowResubmitRequest'], ['resume', 'WorkflowResumeRequest'], ['retry', 'WorkflowRetryRequest'], ['set', 'WorkflowSetRequest'], ['stop', 'WorkflowStopRequest'], ['suspend', 'WorkflowSuspendRequest'], ['terminate', 'WorkflowTerminateRequest']]) {
  paths[`/api/v1/workflows/{namespace}/{name}/${verb}`] = { put: op(WS, `${verb[0].toUpperCase()}${verb.slice(1)}Workflow`, [path('namespace'), path('name'), body(`${W}.${req}`)], ok(`${W}.Workflow`)) };
}
paths['/api/v1/workflow-events/{namespace}'] = { get: op(WS, 'WatchWorkflows', [path('namespace'), ...listOptions, q('fields')], stream(`${W}.WorkflowWatchEvent`)) };
paths['/api/v1/stream/events/{namespace}'] = { get: op(WS, 'WatchEvents', [path('namespace'), ...listOptions], stream('io.k8s.api.core.v1.Event')) };
paths['/api/v1/info'] = { get: op('InfoService', 'GetInfo', [], ok(`${W}.InfoResponse`)) };
paths['/api/v1/userinfo'] = { get: op('InfoService', 'GetUserInfo', [], ok(`${W}.GetUserInfoResponse`)) };
paths['/api/v1/version'] = { get: op('InfoService', 'GetVersion', [], ok(`${W}.Version`)) };
paths['/artifacts/{namespace}/{name}/{nodeId}/{artifactName}'] = artifact('GetOutputArtifact', ['namespace', 'name', 'nodeId', 'artifactName']);
paths['/input-artifacts/{namespace}/{name}/{nodeId}/{artifactName}'] = artifact('GetInputArtifact', ['namespace', 'name', 'nodeId', 'artifactName']);
paths['/artifacts-by-uid/{uid}/{nodeId}/{artifactName}'] = artifact('GetOutputArtifactByUID', ['uid', 'nodeId', 'artifactName']);
paths['/input-artifacts-by-uid/{uid}/{nodeId}/{artifactName}'] = artifact('GetInputArtifactByUID', ['uid', 'nodeId', 'artifactName']);

const sorted = Object.fromEntries(Object.keys(paths).sort().map((k) => [k, paths[k]]));
process.stdout.write(JSON.stringify({
  consumes: ['application/json'], produces: ['application/json'], schemes: ['http', 'https'], swagger: '2.0',
  info: { description: 'Argo', title: 'Argo', version: 'latest' },
  paths: sorted,
  definitions: schema.definitions,
}, null, 2) + '\n');
