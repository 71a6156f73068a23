import type { Context } from 'hono';
import { setCookie } from 'hono/cookie';
import type { Config } from '../config.js';
import { sessionCookieName, type NewSession } from '../modules/auth/service.js';
import { clientUsesHttps } from './client.js';
import type { AppEnv } from './context.js';

/** Whether a cookie gets Secure: PUBLIC_URL says https, or the request came over HTTPS (as the outermost trusted proxy saw it). */
export function cookieSecure(c: Context<AppEnv>, config: Pick<Config, 'publicUrl' | 'trustProxyHops'>): boolean {
  return (config.publicUrl?.startsWith('https:') ?? false) || clientUsesHttps(c, config.trustProxyHops);
}

/** Sets the session cookie: HttpOnly, SameSite=Lax, Secure whenever the client is on HTTPS. */
export function setSession(c: Context<AppEnv>, config: Config, session: NewSession): void {
  setCookie(c, sessionCookieName, session.secret, {
    httpOnly: true,
    sameSite: 'Lax',
    path: '/',
    secure: cookieSecure(c, config),
    expires: session.expiresAt,
  });
}
