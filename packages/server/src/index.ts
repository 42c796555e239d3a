/**
 * @argo-ts/server — argo-server: Argo's REST API (workflows, templates, cron
 * workflows, event and log streams, artifacts, info) over any Kubernetes
 * cluster, in auth mode `server` or `client`, and the web UI's files.
 */
export const packageName = '@argo-ts/server';
export { startArgoServer, buildApp, type ArgoServer, type ArgoServerOptions } from './server.js';
export { AUTH_MODES, bearerToken, type AuthMode } from './auth.js';
export { ApiError, Code, type GrpcCode } from './errors.js';
export { findUiDir } from './ui.js';
