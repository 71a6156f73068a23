import { randomUUID } from 'node:crypto';
import { endpoints, type Endpoint } from '@casehub/contract';
import type { Hono } from 'hono';
import { getCookie } from 'hono/cookie';
import { createMiddleware } from 'hono/factory';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import type { AuthService } from '../modules/auth/service.js';
import { sessionCookieName } from '../modules/auth/service.js';
import type { AppEnv } from './context.js';
import { AppError } from '../errors.js';
import { roleMeets } from '../modules/access/policy.js';
import { isAllowedOrigin } from './origin.js';

export const requestContext = (log: Logger) =>
  createMiddleware<AppEnv>(async (c, next) => {
    const requestId = c.req.header('x-request-id')?.slice(0, 64) || randomUUID();
    const child = log.child({ requestId });
    c.set('requestId', requestId);
    c.set('log', child);
    c.set('actor', null);
    const started = performance.now();
    await next();
    // Set on the response's own headers, never through c.header(): after the
    // response exists, c.header() rebuilds it from its original init under
    // @hono/node-server, dropping every header set since (secureHeaders' among them).
    c.res.headers.set('x-request-id', requestId);
    child.info({ method: c.req.method, path: c.req.path, status: c.res.status, ms: Math.round(performance.now() - started) }, 'request');
  });

/** Reads `Authorization: Bearer <token>`, else the session cookie. */
export const resolveActor = (auth: AuthService) =>
  createMiddleware<AppEnv>(async (c, next) => {
    const header = c.req.header('authorization');
    if (header) {
      const match = /^Bearer\s+(\S+)$/i.exec(header);
      const actor = match?.[1] ? await auth.resolveToken(match[1]) : null;
      if (!actor) throw new AppError('unauthenticated', 'The API token is invalid, expired or revoked');
      // A read-only token reads: any other method is refused before a handler runs.
      if (actor.via.kind === 'token' && actor.via.scope === 'read' && c.req.method !== 'GET' && c.req.method !== 'HEAD') {
        throw new AppError('forbidden', 'This API token may only read (scope read); make a read-write token to change things');
      }
      c.set('actor', actor);
    } else {
      const secret = getCookie(c, sessionCookieName);
      if (secret) c.set('actor', await auth.resolveSession(secret));
    }
    await next();
  });

const unsafe = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Refuses cross-site writes that would ride on the session cookie. Browsers
 * send Origin (and Sec-Fetch-Site) on every non-GET fetch; a request with a
 * bearer token carries no ambient credential and needs no check, and a
 * non-browser client without either header has no cookie to abuse.
 */
export const csrfGuard = (config: Pick<Config, 'publicUrl'>) =>
  createMiddleware<AppEnv>(async (c, next) => {
    if (unsafe.has(c.req.method) && !c.req.header('authorization')) {
      const origin = c.req.header('origin');
      const site = c.req.header('sec-fetch-site');
      const crossSite = origin !== undefined ? !isAllowedOrigin(origin, c.req.header('host'), config) : site === 'cross-site';
      if (crossSite) throw new AppError('csrf_rejected', 'Cross-site request refused');
    }
    await next();
  });

export function requireActor(c: { get(key: 'actor'): AppEnv['Variables']['actor'] }) {
  const actor = c.get('actor');
  if (!actor) throw new AppError('unauthenticated', 'Sign in first');
  return actor;
}

/**
 * What a person whose role falls short of an endpoint's declared access is
 * told: a guest learns nothing of workspace-level things, not even that they
 * exist (404, SPEC A4); a member is told it is for owners and admins (403).
 */
function refusal(access: 'members' | 'admins' | 'owner'): AppError {
  if (access === 'members') return new AppError('not_found', 'Not found');
  return new AppError('forbidden', access === 'admins' ? 'Only owners and admins may do this' : 'Only the workspace owner may do this');
}

/**
 * [issue 19.3] The access each endpoint declares in packages/contract,
 * enforced before its handler reads a byte: every endpoint not declared
 * public answers 401 without a session or token, and one declared for
 * members, admins or the owner is refused to anyone whose role falls short
 * (the policy's roleMeets): 404 to a guest, 403 to a member. Case access is the policy's, asked by the services.
 */
export function declaredAccess(app: Hono<AppEnv>, prefix: string): void {
  const gate = (access: Endpoint['access']) =>
    createMiddleware<AppEnv>(async (c, next) => {
      const actor = requireActor(c);
      if (access !== 'signed-in' && access !== 'public' && !roleMeets(actor.role, access)) throw refusal(access);
      await next();
    });
  for (const [key, endpoint] of Object.entries(endpoints) as [string, Endpoint][]) {
    const [method = '', path = ''] = key.split(' ');
    if (endpoint.access === 'public' || !path.startsWith(prefix)) continue;
    app.on(method, path.slice(prefix.length).replace(/\{(\w+)\}/g, ':$1'), gate(endpoint.access));
  }
}
