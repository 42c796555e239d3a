/**
 * The HTTP server: authentication, RBAC for service accounts, request
 * logging, and dispatch to discovery, OpenAPI, health and resource handlers.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApiError } from '../store/errors.js';
import { Store } from '../store/store.js';
import { resourceAttributes } from './auth/attributes.js';
import { ANONYMOUS, authenticate, takePathToken, type Identity } from './auth/authn.js';
import { ensureBootstrapPolicy } from './auth/policy.js';
import { authorize, forbidden, storeRbacSource } from './auth/rbac.js';
import { loadSigningKey, TokenSigner } from './auth/tokens.js';
import type { ApiContext, PodDeletionMode } from './context.js';
import { aggregatedDiscovery, AGGREGATED_CONTENT_TYPE, apiGroupDoc, apiGroupList, apiVersions, resourceList, versionInfo, wantsAggregated } from './discovery.js';
import { GarbageCollector } from './gc.js';
import { NamespaceBootstrap } from './reactors/namespace-bootstrap.js';
import { ArtifactRepositoryCopier } from './reactors/artifact-repository-copy.js';
import { DeploymentController } from './reactors/deployments.js';
import { handleResource } from './handlers.js';
import { sendError, sendJson } from './http.js';
import type { PodLogSource } from './logs.js';
import { createObject } from './objects.js';
import { openApiFor, openApiRoot } from './openapi.js';
import { NAMESPACES } from './registry.js';
import { parseResourcePath } from './router.js';
import type { ValidationLevel } from './validate.js';

export interface ApiServerOptions {
  /** Where objects are persisted (snapshot + write-ahead log). */
  stateDir: string;
  /** 0 (default) picks a free port. */
  port?: number;
  /** Default 127.0.0.1. Anything but loopback needs allowRemote and token. */
  host?: string;
  allowRemote?: boolean;
  /**
   * The admin token: when set (the daemon always sets it), the admin's
   * requests carry it as `Authorization: Bearer <token>` or in the path, and
   * a request without any credential is system:anonymous (no rights). When
   * unset (in-process unit tests only), a request without a token is the admin's.
   */
  token?: string;
  logs?: PodLogSource;
  /** One line per request: method, path, query, accept, status, ms. */
  log?: (line: string) => void;
  /** Default `graceful` (a kubelet finishes pod deletion); `immediate` when no kubelet runs. */
  podDeletionMode?: PodDeletionMode;
  /** Events kept for resuming watches (default 10,000). */
  historySize?: number;
  /** Write-ahead log records between snapshots (default 20,000). */
  compactEvery?: number;
  /** Default 10 s. */
  bookmarkIntervalMs?: number;
  /** Longest watch without timeoutSeconds (default 1,800 s). */
  maxWatchSeconds?: number;
  /**
   * `strict` (default): core kinds are validated as Kubernetes validates them
   * (422 Invalid with its field paths and wording); `off`: only names,
   * labels and Argo kinds' schemas.
   */
  validation?: ValidationLevel;
}

export interface ApiServer {
  url: string;
  port: number;
  store: Store;
  /** Resolves when queued garbage collection has finished (tests). */
  gcIdle(): Promise<void>;
  close(): Promise<void>;
}

const PUBLIC_PATHS = new Set(['/healthz', '/livez', '/readyz', '/version']);
const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);
const INITIAL_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

type Static = () => { body: unknown; contentType?: string } | undefined;

function staticRoutes(accept: string | undefined): Record<string, Static> {
  const aggregated = wantsAggregated(accept);
  return {
    '/version': () => ({ body: versionInfo() }),
    '/healthz': () => ({ body: 'ok', contentType: 'text/plain' }),
    '/readyz': () => ({ body: 'ok', contentType: 'text/plain' }),
    '/livez': () => ({ body: 'ok', contentType: 'text/plain' }),
    '/api': () => (aggregated ? { body: aggregatedDiscovery(true), contentType: AGGREGATED_CONTENT_TYPE } : { body: apiVersions() }),
    '/apis': () => (aggregated ? { body: aggregatedDiscovery(false), contentType: AGGREGATED_CONTENT_TYPE } : { body: apiGroupList() }),
    '/openapi/v3': () => ({ body: openApiRoot() }),
  };
}

function discoveryFor(path: string): unknown {
  if (path === '/api/v1') return resourceList('v1');
  const m = /^\/apis\/([^/]+)(?:\/([^/]+))?$/.exec(path);
  if (m) return m[2] ? resourceList(`${m[1]}/${m[2]}`) : apiGroupDoc(m[1]!);
  const o = /^\/openapi\/v3\/(.+)$/.exec(path);
  if (o) return openApiFor(o[1]!);
  return undefined;
}

async function dispatch(ctx: ApiContext, req: http.IncomingMessage, res: http.ServerResponse, url: URL, who: Identity): Promise<number> {
  const path = url.pathname.replace(/\/+$/, '') || '/';
  // Kubernetes' system:public-info-viewer: health and version only; discovery needs an authenticated user.
  if (who.kind === 'user' && who.user.name === ANONYMOUS.name && !PUBLIC_PATHS.has(path)) {
    const route = parseResourcePath(path.split('/').filter(Boolean).map(decodeURIComponent));
    if (!route) throw new ApiError('Forbidden', `forbidden: User "${ANONYMOUS.name}" cannot ${(req.method ?? 'GET').toLowerCase()} path "${path}"`);
  }
  const fixed = staticRoutes(req.headers.accept)[path]?.();
  if (fixed) {
    if (typeof fixed.body === 'string') {
      res.writeHead(200, { 'Content-Type': fixed.contentType! });
      res.end(fixed.body);
    } else sendJson(res, 200, fixed.body, fixed.contentType);
    return 200;
  }
  const route = parseResourcePath(path.split('/').filter(Boolean).map(decodeURIComponent));
  if (route) {
    if (who.kind === 'user') {
      const attrs = resourceAttributes(req.method ?? 'GET', route, url.searchParams);
      if (!authorize(storeRbacSource(ctx.store), who.user, attrs)) throw forbidden(who.user, attrs);
    }
    return handleResource(ctx, req, res, route, url.searchParams);
  }
  // Discovery, OpenAPI, version and health are open to every authenticated user (Kubernetes' system:discovery role).
  const doc = req.method === 'GET' ? discoveryFor(path) : undefined;
  if (doc) {
    sendJson(res, 200, doc);
    return 200;
  }
  throw new ApiError('NotFound', `the server could not find the requested resource (${req.method} ${path})`);
}

async function ensureNamespaces(ctx: ApiContext): Promise<void> {
  for (const name of INITIAL_NAMESPACES) {
    if (ctx.store.get(NAMESPACES.key, undefined, name)) continue;
    await createObject(ctx, NAMESPACES, { metadata: { name } }, undefined, { dryRun: false, fieldValidation: 'Ignore' });
  }
}

export async function startApiServer(opts: ApiServerOptions): Promise<ApiServer> {
  const host = opts.host ?? '127.0.0.1';
  if (!LOOPBACK.has(host) && !(opts.allowRemote && opts.token)) {
    throw new ApiError('Forbidden', `refusing to listen on ${host}: only loopback is allowed unless allowRemote and a token are set`);
  }
  const store = new Store({ dir: opts.stateDir, historySize: opts.historySize, compactEvery: opts.compactEvery });
  const ctx: ApiContext = {
    store, logs: opts.logs, podDeletionMode: opts.podDeletionMode ?? 'graceful',
    bookmarkIntervalMs: opts.bookmarkIntervalMs ?? 10_000, maxWatchSeconds: opts.maxWatchSeconds ?? 1800, now: () => new Date(),
    signer: new TokenSigner(loadSigningKey(opts.stateDir)), validation: opts.validation ?? 'strict',
  };
  let gc: GarbageCollector | undefined;
  let server: http.Server | undefined;
  const reactors = new NamespaceBootstrap(ctx);
  reactors.onError = (err) => opts.log?.(`namespace bootstrap error: ${(err as Error).message}`);
  const copier = new ArtifactRepositoryCopier(ctx);
  copier.onError = (err) => opts.log?.(`artifact repository copy error: ${(err as Error).message}`);
  ctx.reactionsIdle = () => Promise.all([reactors.idle(), copier.idle()]).then(() => undefined);
  const deployments = new DeploymentController(ctx);
  deployments.onError = (err) => opts.log?.(`deployment controller error: ${(err as Error).message}`);
  try {
    await ensureBootstrapPolicy(ctx);
    await reactors.start();
    await copier.start();
    await ensureNamespaces(ctx);
    await reactors.idle();
    await deployments.start();
    gc = new GarbageCollector(ctx);
    server = await listen(ctx, gc, opts, host);
  } catch (err) {
    // A failed start (port in use) must release the state directory for a retry on another port.
    reactors.stop();
    copier.stop();
    deployments.stop();
    gc?.stop();
    await reactors.idle();
    await copier.idle();
    await deployments.idle();
    await store.close();
    throw err;
  }
  return finishStart(server, store, gc, [reactors, copier, deployments], host);
}

async function listen(ctx: ApiContext, gc: GarbageCollector, opts: ApiServerOptions, host: string): Promise<http.Server> {
  gc.onError = (err) => opts.log?.(`gc error: ${(err as Error).message}`);
  const server = http.createServer((req, res) => {
    const started = process.hrtime.bigint();
    const url = new URL(req.url ?? '/', 'http://local');
    // Taken off before anything logs the path: a token is never logged.
    const carried = takePathToken(url.pathname);
    url.pathname = carried.pathname;
    const done = (status: number): void => {
      if (!opts.log) return;
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      opts.log(`${req.method} ${url.pathname}${url.search} accept=${req.headers.accept ?? ''} ${status} ${ms.toFixed(1)}ms`);
    };
    const who = authenticate({ store: ctx.store, signer: ctx.signer, adminToken: opts.token, now: ctx.now }, req, carried.token);
    if (!who) {
      done(sendError(res, new ApiError('Unauthorized', 'Unauthorized')));
      return;
    }
    dispatch(ctx, req, res, url, who).then(done, (err) => done(sendError(res, err)));
  });
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => resolve());
  });
  return server;
}

interface Reactor { stop(): void; idle(): Promise<void> }

function finishStart(server: http.Server, store: Store, gc: GarbageCollector, reactors: Reactor[], host: string): ApiServer {
  const port = (server.address() as AddressInfo).port;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${urlHost}:${port}`,
    port,
    store,
    gcIdle: () => gc.idle(),
    async close() {
      gc.stop();
      for (const r of reactors) r.stop();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await gc.idle();
      for (const r of reactors) await r.idle();
      await store.close();
    },
  };
}
