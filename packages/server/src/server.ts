/**
 * The Argo Server: Argo's REST API (grpc-gateway's JSON shapes) over any
 * Kubernetes API server, plus the web UI's static files at `/`.
 */
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import Fastify, { type FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';
import type { KubeConfig } from '@kubernetes/client-node';
import { Authenticator, type AuthMode } from './auth.js';
import { ApiError, asApiError } from './errors.js';
import { actionRoutes } from './routes/actions.js';
import { artifactRoutes } from './routes/artifacts.js';
import type { RouteContext } from './routes/context.js';
import { infoRoutes, versionInfo } from './routes/info.js';
import { loginRoutes } from './routes/login.js';
import { logRoutes } from './routes/logs.js';
import { templateRoutes } from './routes/templates.js';
import { watchRoutes } from './routes/watch.js';
import { workflowRoutes } from './routes/workflows.js';
import { findUiDir } from './ui.js';

export interface ArgoServerOptions {
  kubeConfig: KubeConfig;
  /** Argo's `--auth-mode` (default `client`, as Argo's). */
  authModes?: AuthMode[];
  /** Callers must present this bearer token to use server mode (the local cluster always sets one). */
  serverToken?: string;
  /** Limit list/watch without a namespace to this one (Argo's `--managed-namespace`). */
  managedNamespace?: string;
  host?: string;
  /** Default 2746, Argo's; 0 takes a free port. */
  port?: number;
  /** PEM certificate and key: serve HTTPS. */
  tls?: { cert: string | Buffer; key: string | Buffer };
  /** The UI's built files; undefined looks for `@argo-ts/ui`'s dist, null serves no UI. */
  uiDir?: string | null;
  log?: (line: string) => void;
}

export interface ArgoServer {
  url: string;
  port: number;
  app: FastifyInstance;
  close(): Promise<void>;
}

const BODY_LIMIT = 64 * 1024 * 1024;

export async function buildApp(opts: ArgoServerOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: false,
    bodyLimit: BODY_LIMIT,
    ...(opts.tls ? { https: { cert: opts.tls.cert, key: opts.tls.key } } : {}),
  }) as unknown as FastifyInstance;
  const ctx: RouteContext = {
    auth: new Authenticator({ kubeConfig: opts.kubeConfig, modes: opts.authModes ?? ['client'], serverToken: opts.serverToken }),
    managedNamespace: opts.managedNamespace,
    version: versionInfo(),
  };

  // grpc-gateway takes an empty body as an empty message; so does this server.
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, text, done) => {
    const s = String(text).trim();
    if (!s) { done(null, {}); return; }
    try {
      done(null, JSON.parse(s));
    } catch (e) {
      done(new ApiError('InvalidArgument', `the request body is not valid JSON: ${(e as Error).message}`), undefined);
    }
  });

  app.setErrorHandler((err, _req, reply) => {
    const e = err instanceof ApiError ? err : fromFastify(err);
    if (e.grpcCode === 13) opts.log?.(`internal error: ${e.message}`);
    void reply.code(e.httpStatus).type('application/json').send(e.body());
  });

  // Readiness/liveness for the Deployment's probes: answers without credentials and says nothing else.
  app.get('/healthz', async () => 'ok');
  workflowRoutes(app, ctx);
  actionRoutes(app, ctx);
  watchRoutes(app, ctx);
  logRoutes(app, ctx);
  templateRoutes(app, ctx);
  infoRoutes(app, ctx);
  artifactRoutes(app, ctx);
  loginRoutes(app, ctx, opts.serverToken);

  const uiDir = opts.uiDir === null ? undefined : findUiDir(opts.uiDir);
  if (uiDir) await app.register(fastifyStatic, { root: uiDir, wildcard: false, index: ['index.html'] });
  const index = uiDir ? readFileSync(`${uiDir}/index.html`) : undefined;
  app.setNotFoundHandler((req, reply) => {
    const path = req.url.split('?')[0] ?? '';
    const api = /^\/(api|artifacts|input-artifacts|artifact-files|artifacts-by-uid|input-artifacts-by-uid)(\/|$)/.test(path);
    // The UI routes in the browser (/workflows/ns/name ...): any other GET gets its page.
    if (!api && index && req.method === 'GET') {
      void reply.type('text/html; charset=utf-8').send(index);
      return;
    }
    const e = new ApiError('NotFound', api ? 'Not Found' : 'Not Found (the web UI is not built: pnpm --filter @argo-ts/ui build)');
    void reply.code(e.httpStatus).type('application/json').send(e.body());
  });
  return app;
}

function fromFastify(err: unknown): ApiError {
  const f = err as { statusCode?: number; message?: string; code?: string };
  if (typeof f.statusCode === 'number' && f.statusCode < 500) {
    if (f.statusCode === 413) return new ApiError('ResourceExhausted', `the request body is larger than ${BODY_LIMIT} bytes`);
    if (f.statusCode === 415) return new ApiError('InvalidArgument', f.message ?? 'unsupported content type');
    return new ApiError('InvalidArgument', f.message ?? 'bad request');
  }
  return asApiError(err);
}

export async function startArgoServer(opts: ArgoServerOptions): Promise<ArgoServer> {
  const app = await buildApp(opts);
  await app.listen({ host: opts.host ?? '127.0.0.1', port: opts.port ?? 2746 });
  const port = (app.server.address() as AddressInfo).port;
  const host = opts.host && opts.host !== '0.0.0.0' && opts.host !== '::' ? opts.host : '127.0.0.1';
  const url = `${opts.tls ? 'https' : 'http'}://${host.includes(':') ? `[${host}]` : host}:${port}`;
  return {
    url, port, app,
    close: async () => {
      // Streams (watches, followed logs) hold connections open; close them rather than wait.
      app.server.closeAllConnections?.();
      await app.close();
    },
  };
}
