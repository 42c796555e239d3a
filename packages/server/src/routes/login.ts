/**
 * Browser login for a server that demands a server token (the local
 * cluster's): a caller holding the token asks for a one-time code
 * (`POST /argo-ts/login-codes`, valid 60 s), and the browser opening
 * `/argo-ts/login?code=...` gets the token as Argo's `authorization` cookie
 * (HttpOnly, SameSite=Strict) and goes to `/`. The token itself never
 * appears in a URL, a process list or browser history.
 */
import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { ApiError } from '../errors.js';
import { callerOf, query, type RouteContext } from './context.js';

const CODE_TTL_MS = 60_000;
const MAX_CODES = 64;

export function loginRoutes(app: FastifyInstance, ctx: RouteContext, serverToken: string | undefined): void {
  if (!serverToken) return;
  const codes = new Map<string, number>();

  app.post('/argo-ts/login-codes', async (req) => {
    const caller = callerOf(ctx, req);
    if (caller.mode !== 'server') throw new ApiError('PermissionDenied', 'login codes are only handed to holders of the server token');
    const now = Date.now();
    for (const [c, exp] of codes) if (exp < now) codes.delete(c);
    if (codes.size >= MAX_CODES) throw new ApiError('ResourceExhausted', 'too many unused login codes; wait a minute');
    const code = randomBytes(24).toString('base64url');
    codes.set(code, now + CODE_TTL_MS);
    return { code, expiresAt: new Date(now + CODE_TTL_MS).toISOString() };
  });

  app.get('/argo-ts/login', async (req, reply) => {
    const code = query(req, 'code') ?? '';
    const exp = codes.get(code);
    codes.delete(code);
    if (!exp || exp < Date.now()) {
      return reply.code(401).type('text/plain; charset=utf-8').send('this login link is not valid (they work once, for 60 seconds): run `argo local ui` again\n');
    }
    return reply
      .header('Set-Cookie', `authorization=${encodeURIComponent(`Bearer ${serverToken}`)}; Path=/; HttpOnly; SameSite=Strict`)
      .header('Cache-Control', 'no-store')
      .redirect('/', 302);
  });
}
