/** What every route module gets: who the caller is, and the server's settings. */
import type { FastifyRequest } from 'fastify';
import type { Authenticator, Caller } from '../auth.js';
import { ApiError } from '../errors.js';

export interface RouteContext {
  auth: Authenticator;
  /** The namespace the server is limited to (`--namespaced`/`--managed-namespace`), if any. */
  managedNamespace?: string;
  /** Version fields for /api/v1/version. */
  version: Record<string, string>;
}

export function callerOf(ctx: RouteContext, req: FastifyRequest): Caller {
  return ctx.auth.authenticate(req.headers);
}

export type Params = Record<string, string>;
export type QueryMap = Record<string, string | string[] | undefined>;

/** A path parameter that must not be empty. */
export function param(req: FastifyRequest, name: string): string {
  const v = (req.params as Params)[name];
  if (!v) throw new ApiError('InvalidArgument', `${name} is required`);
  return v;
}

/** A query parameter as one string (the first when repeated). */
export function query(req: FastifyRequest, name: string): string | undefined {
  const v = (req.query as QueryMap)[name];
  return Array.isArray(v) ? v[0] : v;
}

/** A request body that must be a JSON object. */
export function body<T extends object>(req: FastifyRequest): T {
  const b = req.body;
  if (b === undefined || b === null || b === '') return {} as T;
  if (typeof b !== 'object' || Array.isArray(b)) throw new ApiError('InvalidArgument', 'the request body must be a JSON object');
  return b as T;
}

export function bool(v: string | undefined): boolean {
  return v === 'true' || v === '1';
}
