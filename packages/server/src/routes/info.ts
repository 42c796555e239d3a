/** InfoService: `/api/v1/info`, `/api/v1/version`, `/api/v1/userinfo`. */
import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { tokenClaims } from '../auth.js';
import { callerOf, type RouteContext } from './context.js';

export function versionInfo(): Record<string, string> {
  let version = '0.0.0';
  try {
    version = String((JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: string }).version ?? version);
  } catch { /* running from an unusual layout: keep the placeholder */ }
  return {
    version: `v${version}`, buildDate: 'unknown', gitCommit: 'unknown', gitTag: `v${version}`, gitTreeState: 'unknown',
    // Argo reports its Go toolchain here; argo-ts runs on Node.
    goVersion: process.version, compiler: 'node', platform: `${process.platform}/${process.arch}`,
  };
}

export function infoRoutes(app: FastifyInstance, ctx: RouteContext): void {
  app.get('/api/v1/info', async (req) => {
    callerOf(ctx, req);
    return { ...(ctx.managedNamespace ? { managedNamespace: ctx.managedNamespace } : {}), links: [], columns: [], modals: {}, navColor: '' };
  });

  app.get('/api/v1/version', async (req) => {
    callerOf(ctx, req);
    return ctx.version;
  });

  app.get('/api/v1/userinfo', async (req) => {
    const caller = callerOf(ctx, req);
    if (caller.mode !== 'client') return {};
    // Service-account tokens name their account; shown as Argo shows it, not trusted for anything.
    const c = tokenClaims(caller.token);
    const k8s = (c['kubernetes.io'] ?? {}) as { namespace?: string; serviceaccount?: { name?: string } };
    const sub = typeof c.sub === 'string' ? c.sub : undefined;
    const sa = /^system:serviceaccount:([^:]+):(.+)$/.exec(sub ?? '');
    return {
      ...(typeof c.iss === 'string' ? { issuer: c.iss } : {}),
      ...(sub ? { subject: sub } : {}),
      ...(k8s.serviceaccount?.name ?? sa?.[2] ? { serviceAccountName: k8s.serviceaccount?.name ?? sa?.[2] } : {}),
      ...(k8s.namespace ?? sa?.[1] ? { serviceAccountNamespace: k8s.namespace ?? sa?.[1] } : {}),
    };
  });
}
