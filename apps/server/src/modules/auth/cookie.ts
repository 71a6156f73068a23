import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';
import { setCookie } from 'hono/cookie';
import type { Config } from '../../config.js';
import type { AppEnv } from '../../http/context.js';
import { sessionCookieName, type NewSession } from './service.js';

export function setSession(c: Context<AppEnv>, config: Config, session: NewSession): void {
  setCookie(c, sessionCookieName, session.secret, {
    httpOnly: true,
    sameSite: 'Lax',
    path: '/',
    secure: config.publicUrl?.startsWith('https:') ?? false,
    expires: session.expiresAt,
  });
}

export function clientAddress(c: Context): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown';
  }
}
